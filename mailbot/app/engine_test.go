package app

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/classify/model"
	"mailbot/mailbot/config"
)

// TestClassifyModelConfig: [classify] model loads a model file instead of
// the embedded one, and a file that is not a model stops the start with
// an error naming the key.
func TestClassifyModelConfig(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "model.json")
	// The embedded model with another threshold: the engine must use it.
	raw := strings.Replace(string(model.DefaultJSON()), `"threshold": `, `"threshold": 0.777, "was": `, 1)
	if err := os.WriteFile(good, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"format":"other"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)

	cfg := config.Default()
	cfg.Classify.Model = good
	eng, err := NewEngine(cfg, log)
	if err != nil {
		t.Fatalf("NewEngine with %s: %v", good, err)
	}
	if got := eng.Classifier.Threshold(); got != 0.777 {
		t.Errorf("threshold %v, want the loaded model's 0.777", got)
	}
	cfg.Policy.Threshold = 0.9
	if eng, err = NewEngine(cfg, log); err != nil || eng.Classifier.Threshold() != 0.9 {
		t.Errorf("policy.threshold: got %v (err %v), want 0.9 over the model's", eng.Classifier.Threshold(), err)
	}
	for _, path := range []string{bad, filepath.Join(dir, "missing.json")} {
		cfg.Classify.Model = path
		if _, err := NewEngine(cfg, log); err == nil || !strings.Contains(err.Error(), "classify.model") {
			t.Errorf("model %s: got %v, want an error naming classify.model", path, err)
		}
	}
}
