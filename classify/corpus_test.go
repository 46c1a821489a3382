package classify_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/classify"
	"mailbot/classify/eval"

	"mailbot/mailbot/sharedtest"
)

// runEval evaluates dir and logs the full report.
func runEval(t *testing.T, dir string) *eval.Report {
	t.Helper()
	c := classify.New(classify.Options{})
	r, err := eval.Run(context.Background(), dir, c, nil)
	if err != nil {
		t.Fatalf("eval.Run(%s): %v", dir, err)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatalf("WriteText: %v", err)
	}
	t.Log("\n" + b.String())
	return r
}

// checkQuality asserts the figures the classifier is held to.
func checkQuality(t *testing.T, r *eval.Report, minMacroF1 float64) {
	t.Helper()
	if r.MacroF1 < minMacroF1 {
		t.Errorf("macro-F1 = %.3f, want >= %.2f", r.MacroF1, minMacroF1)
	}
	if len(r.WrongActions) != 0 {
		t.Errorf("wrong automatic actions = %v, want none", r.WrongActions)
	}
	if r.Decided > 0 && r.DecidedPrecision < 0.97 {
		t.Errorf("precision at or above threshold = %.3f, want >= 0.97", r.DecidedPrecision)
	}
	if len(r.Unreadable) != 0 {
		t.Errorf("unreadable files: %v", r.Unreadable)
	}
}

func TestOwnCorpus(t *testing.T) {
	r := runEval(t, filepath.Join("..", "testdata", "corpus"))
	checkQuality(t, r, 0.95)
}

func TestDevCorpus(t *testing.T) {
	r := runEval(t, sharedtest.Dir(t, "corpus/dev"))
	checkQuality(t, r, 0.95)
}
