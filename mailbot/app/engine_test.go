package app

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailbot/classify/model"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/templates"
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

// TestConfiguredHours: [calendar.office] and [calendar.engineering] set
// the calendar's windows and the hours the replies state.
func TestConfiguredHours(t *testing.T) {
	cfg := config.Default()
	cfg.Calendar.Office = map[string]string{"fri": "08:30-12:00"}
	cfg.Calendar.Engineering = map[string]string{"fri": "", "mon": "09:00-12:00, 14:00-17:00"}
	eng, err := NewEngine(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	friday := paris(2027, time.March, 5, 13, 0)
	if eng.Policy.Calendar.In(calendar.GEVHours, friday) {
		t.Error("the GEV is open on Friday at 13:00 with Friday 08:30-12:00")
	}
	if got, want := eng.Policy.Calendar.Next(calendar.Engineering, friday), paris(2027, time.March, 8, 9, 0); !got.Equal(want) {
		t.Errorf("next engineering opening: %v, want Monday 09:00 (%v)", got, want)
	}
	d := templates.SampleData()
	ack, err := eng.Render(templates.EngineeringAck, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"joignable du lundi au jeudi de 8h30 à 17h30 et le vendredi de 8h30 à 12h.",
		"transmises aux ingénieurs de formation le lundi de 9h à 12h et de 14h à 17h et du mardi au jeudi de 8h30 à 17h30.",
	} {
		if !strings.Contains(ack.Text, want) || !strings.Contains(ack.HTML, want) {
			t.Errorf("the reply does not say %q:\n%s", want, ack.Text)
		}
	}
}
