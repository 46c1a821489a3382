package classify_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/classify"
	"mailbot/classify/eval"
)

// sharedDir finds ../shared next to the repository root (the folder that
// holds go.mod). It skips the test when the folder is missing, except under
// CI=true where the folder is required.
func sharedDir(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s is missing: %v", p, err)
		}
		t.Skipf("%s is missing: %v", p, err)
	}
	return p
}

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
	r := runEval(t, sharedDir(t, filepath.Join("corpus", "dev")))
	checkQuality(t, r, 0.95)
}
