package eval

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/classify"
)

// eml is a minimal French message.
func eml(subject, body string) string {
	return "From: c@centre.example\r\nTo: epreuves-btp@afpa.fr\r\nSubject: " + subject +
		"\r\nDate: Mon, 04 Oct 2027 10:00:00 +0200\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
}

// folder writes files and labels into a temporary folder.
func folder(t *testing.T, files map[string]string, labels ...string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "labels.jsonl"), []byte(strings.Join(labels, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

const cancelled = "Notre session TP Maçon du 12/10/2027 est annulée par la DDETS. Nous n'avons pas encore reçu les plis."

func TestRun(t *testing.T) {
	dir := folder(t, map[string]string{
		"a.eml": eml("Annulation", cancelled),
		"b.eml": eml("Merci", "Merci beaucoup pour votre retour rapide."),
		"c.eml": eml("Bonjour", "Bonjour, pouvez-vous me rappeler ?"),
		"d.eml": eml("Annulation", cancelled),
	},
		`{"file":"a.eml","mailbox":"btp","category":"cancellation","acceptable":[],"session_date":"2027-10-12","envelopes_received":false}`,
		`{"file":"b.eml","mailbox":"btp","category":"acknowledgement","acceptable":[],"session_date":null,"envelopes_received":null}`,
		`{"file":"c.eml","mailbox":"btp","category":"complaint","acceptable":[],"session_date":null,"envelopes_received":null}`,
		`{"file":"d.eml","mailbox":"btp","category":"other","acceptable":[],"session_date":null,"envelopes_received":null}`,
		`{"file":"missing.eml","mailbox":"btp","category":"other","acceptable":[],"session_date":null,"envelopes_received":null}`,
	)
	var progress strings.Builder
	r, err := Run(context.Background(), dir, classify.New(classify.Options{}), &progress)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"total", r.Total, 5},
		{"correct", r.Correct, 3}, // a, b, missing (scored as other)
		{"abstentions", r.Abstentions, 1},
		{"decided", r.Decided, 3},
		{"decided correct", r.DecidedCorrect, 2},
		{"wrong actions", strings.Join(r.WrongActions, ","), "d.eml"},
		{"unreadable", strings.Join(r.Unreadable, ","), "missing.eml"},
		{"session dates", r.SessionDates, Score{Total: 1, Correct: 1, Rate: 1}},
		{"spurious dates", r.SpuriousDates, 1}, // d.eml
		{"envelopes", r.Envelopes, Score{Total: 1, Correct: 1, Rate: 1}},
		{"cancellation row", r.Confusion[classify.Cancellation][classify.Cancellation], 1},
		{"other predicted as cancellation", r.Confusion[classify.Other][classify.Cancellation], 1},
		{"progress silent on small corpora", progress.String(), ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	// cancellation P=1/2 R=1, ack 1/1, complaint 0, other P=1/2 R=1/2:
	// macro-F1 over the four labelled categories.
	want := (2.0/3 + 1 + 0 + 0.5) / 4
	if math.Abs(r.MacroF1-want) > 1e-9 {
		t.Errorf("macro-F1: got %.4f, want %.4f", r.MacroF1, want)
	}
}

func TestRunAcceptable(t *testing.T) {
	dir := folder(t, map[string]string{"a.eml": eml("Annulation", cancelled)},
		`{"file":"a.eml","mailbox":"btp","category":"session_change","acceptable":["cancellation"],"session_date":null,"envelopes_received":null}`)
	r, err := Run(context.Background(), dir, classify.New(classify.Options{}), nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if r.Correct != 1 || len(r.WrongActions) != 0 || r.Confusion[classify.SessionChange][classify.SessionChange] != 1 {
		t.Errorf("acceptable answer: got correct %d, wrong actions %v, confusion %v; want it credited to the label", r.Correct, r.WrongActions, r.Confusion)
	}
}

func TestRunBadLabels(t *testing.T) {
	tests := []struct{ name, line string }{
		{"not json", `{"file":`},
		{"unknown category", `{"file":"a.eml","category":"urgent"}`},
		{"path in file name", `{"file":"../a.eml","category":"other"}`},
		{"bad date", `{"file":"a.eml","category":"other","session_date":"12/10/2027"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := folder(t, nil, tt.line)
			if _, err := Run(context.Background(), dir, classify.New(classify.Options{}), nil); err == nil {
				t.Errorf("Run accepted label %s, want an error", tt.line)
			}
		})
	}
	if _, err := Run(context.Background(), t.TempDir(), classify.New(classify.Options{}), nil); err == nil {
		t.Errorf("Run without labels.jsonl: got no error, want one")
	}
}

func TestRunCancelled(t *testing.T) {
	dir := folder(t, map[string]string{"a.eml": eml("x", "y")}, `{"file":"a.eml","category":"other"}`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, dir, classify.New(classify.Options{}), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestReportOutput(t *testing.T) {
	files := map[string]string{}
	var labels []string
	for _, n := range []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"} {
		files[n+".eml"] = eml("Merci", "Merci beaucoup pour votre retour.")
		labels = append(labels, `{"file":"`+n+`.eml","mailbox":"btp","category":"acknowledgement"}`)
	}
	var progress strings.Builder
	r, err := Run(context.Background(), folder(t, files, labels...), classify.New(classify.Options{}), &progress)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !strings.Contains(progress.String(), "\reval 20/20") {
		t.Errorf("progress %q, want a line ending at 20/20", progress.String())
	}
	var text strings.Builder
	if err := r.WriteText(&text); err != nil {
		t.Fatalf("WriteText: %v", err)
	}
	for _, want := range []string{"macro-F1 1.000", "acknowledgement", "expected \\ got"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	var back Report
	if err := json.Unmarshal(raw, &back); err != nil || back.MacroF1 != 1 || back.Confusion[classify.Acknowledgement][classify.Acknowledgement] != 20 {
		t.Errorf("JSON round trip: err %v, macro-F1 %v, confusion %v", err, back.MacroF1, back.Confusion)
	}
}

func TestRunIgnoredAndRates(t *testing.T) {
	dir := folder(t, map[string]string{
		"a.eml": eml("Merci", "Merci beaucoup pour votre retour rapide, c'est bien noté."),
		"b.eml": eml("Annulation", cancelled),
	},
		`{"file":"a.eml","mailbox":"btp","category":"complaint"}`,
		`{"file":"b.eml","mailbox":"btp","category":"cancellation"}`,
	)
	r, err := Run(context.Background(), dir, classify.New(classify.Options{}), nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := strings.Join(r.Ignored, ","); got != "a.eml" {
		t.Errorf("ignored: got %q, want a.eml (thanks read as an acknowledgement, labelled a complaint)", got)
	}
	if r.AbstentionRate != 0 || r.WrongActionRate != 0 {
		t.Errorf("rates: got abstention %.2f, wrong actions %.2f, want 0 and 0", r.AbstentionRate, r.WrongActionRate)
	}
	if !strings.Contains(r.Summary(), "ignored but needed handling 1") {
		t.Errorf("summary lacks the ignored count:\n%s", r.Summary())
	}
}

// TestPool: pooled figures are those of all items scored together (not an
// average of the reports'), with item files named by their folder.
func TestPool(t *testing.T) {
	a := folder(t, map[string]string{"a.eml": eml("Annulation", cancelled), "b.eml": eml("Merci", "Merci beaucoup pour votre retour rapide.")},
		`{"file":"a.eml","mailbox":"btp","category":"cancellation","envelopes_received":false}`,
		`{"file":"b.eml","mailbox":"btp","category":"complaint"}`)
	b := folder(t, map[string]string{"a.eml": eml("Annulation", cancelled)},
		`{"file":"a.eml","mailbox":"btp","category":"cancellation","envelopes_received":false}`)
	c := classify.New(classify.Options{})
	var reports []*Report
	for _, dir := range []string{a, b} {
		r, err := Run(context.Background(), dir, c, nil)
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	p := Pool("both", reports)
	checks := []struct {
		name      string
		got, want any
	}{
		{"dir", p.Dir, "both"},
		{"total", p.Total, 3},
		{"correct", p.Correct, 2},
		{"ignored", strings.Join(p.Ignored, ","), filepath.Join(a, "b.eml")},
		{"second item", p.Items[2].File, filepath.Join(b, "a.eml")},
		{"cancellations", p.Confusion[classify.Cancellation][classify.Cancellation], 2},
		{"envelopes", p.Envelopes, Score{Total: 2, Correct: 2, Rate: 1}},
		{"threshold left out", p.Threshold, 0.0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	// cancellation F1 1 over both folders; complaint F1 0: pooled 0.5,
	// where the average of the reports' (0.5 and 1) would be 0.75.
	if math.Abs(p.MacroF1-0.5) > 1e-9 {
		t.Errorf("pooled macro-F1 %.3f, want 0.500", p.MacroF1)
	}
	if strings.Contains(p.Summary(), "threshold") {
		t.Errorf("pooled summary names a threshold:\n%s", p.Summary())
	}
}
