package classify_test

import (
	"context"
	"path/filepath"
	"testing"

	"mailbot/classify"
	"mailbot/classify/eval"

	"mailbot/mailbot/sharedtest"
)

// runEval evaluates dir and logs the headline figures only: the mail of
// a test set is never shown, so that no one tunes on it.
func runEval(t *testing.T, dir string) *eval.Report {
	t.Helper()
	c := classify.New(classify.Options{})
	r, err := eval.Run(context.Background(), dir, c, nil)
	if err != nil {
		t.Fatalf("eval.Run(%s): %v", dir, err)
	}
	t.Log("\n" + r.Summary())
	return r
}

// Floors the classifier is held to on mail it was never trained on: the
// figures measured when the model was last trained, rounded down, so that
// a change that makes it worse fails. Issue 10 asks for macro-F1 0.93;
// README.md says where the model stands.
const (
	minMacroF1        = 0.93
	maxAbstentionRate = 0.08
	maxWrongRate      = 0.01
)

// checkQuality asserts the figures the classifier is held to.
func checkQuality(t *testing.T, r *eval.Report) {
	t.Helper()
	if r.MacroF1 < minMacroF1 {
		t.Errorf("macro-F1 = %.3f, want >= %.2f", r.MacroF1, minMacroF1)
	}
	if r.AbstentionRate > maxAbstentionRate {
		t.Errorf("categorised mail sent to other = %.3f, want <= %.2f", r.AbstentionRate, maxAbstentionRate)
	}
	// A set of fewer than 100 mails cannot measure 1%: one wrong action
	// is within the target there.
	if n, most := len(r.WrongActions), max(1, int(maxWrongRate*float64(r.Total))); n > most {
		t.Errorf("wrong automatic actions = %d (%.3f), want <= %d (%.0f%%, at least one)", n, r.WrongActionRate, most, 100*maxWrongRate)
	}
	if len(r.Ignored) != 0 {
		t.Errorf("%d mails that needed handling were ignored, want none", len(r.Ignored))
	}
	if len(r.Unreadable) != 0 {
		t.Errorf("%d unreadable files", len(r.Unreadable))
	}
}

// TestHeldOut measures the embedded model on the fifth of the project's
// labelled mail that is never trained on (testdata/heldout).
func TestHeldOut(t *testing.T) {
	checkQuality(t, runEval(t, filepath.Join("..", "testdata", "heldout")))
}

// TestDevCorpus measures the embedded model on the shared development
// sample, a test set written by another author.
func TestDevCorpus(t *testing.T) {
	checkQuality(t, runEval(t, sharedtest.Dir(t, "corpus/dev")))
}
