package classify_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mailbot/classify"
	"mailbot/classify/model"
)

// fakeAdviser answers what it is told; block makes it wait for its
// context to end.
type fakeAdviser struct {
	cat   classify.Category
	conf  float64
	err   error
	block bool
	calls atomic.Int32
}

func (f *fakeAdviser) Advise(ctx context.Context, subject, text string) (classify.Category, float64, error) {
	f.calls.Add(1)
	if f.block {
		<-ctx.Done()
		return "", 0, ctx.Err()
	}
	return f.cat, f.conf, f.err
}

// fixedModel is a model that reads nothing: whatever the mail, it gives
// the probabilities p (their log as biases, no weights), threshold th.
func fixedModel(t *testing.T, th float64, p map[classify.Category]float64) *model.Model {
	t.Helper()
	f := map[string]any{"format": "mailbot-linear/1", "temperature": 1, "threshold": th, "weights": map[string]any{}}
	var classes []string
	var bias []float64
	for _, c := range classify.Categories {
		if v, ok := p[c]; ok {
			classes, bias = append(classes, string(c)), append(bias, math.Log(v))
		}
	}
	f["classes"], f["bias"] = classes, bias
	raw, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// unsure is a model that leans to cancellation without deciding: the
// adviser's candidates are cancellation, complaint and other.
func unsure(t *testing.T) *model.Model {
	return fixedModel(t, 0.6, map[classify.Category]float64{
		classify.Cancellation: 0.50, classify.Complaint: 0.30, classify.Other: 0.10,
		classify.EngineeringQuestion: 0.06, classify.RequestTiming: 0.04,
	})
}

func TestAdviser(t *testing.T) {
	tests := []struct {
		name    string
		adviser *fakeAdviser
		want    classify.Category
		reason  string
	}{
		{"agreeing tips a near decision", &fakeAdviser{cat: classify.Cancellation, conf: 0.9}, classify.Cancellation, "second avis : Annulation de session (0,90), avec le modèle 0,64"},
		{"a weak agreement stays other", &fakeAdviser{cat: classify.Cancellation, conf: 0.5}, classify.Other, "avec le modèle 0,57"},
		{"a sure answer cannot lift a far category", &fakeAdviser{cat: classify.Complaint, conf: 1}, classify.Other, "avec le modèle 0,45"},
		{"outside the model's top three", &fakeAdviser{cat: classify.EngineeringQuestion, conf: 0.99}, classify.Other, "n'est pas parmi les 3 catégories"},
		{"header-only answer ignored", &fakeAdviser{cat: classify.AutoReply, conf: 0.99}, classify.Other, "second avis ignoré"},
		{"unknown answer ignored", &fakeAdviser{cat: "urgent", conf: 0.99}, classify.Other, "second avis ignoré"},
		{"error keeps the model's answer", &fakeAdviser{err: errors.New("llm request failed")}, classify.Other, "second avis indisponible"},
		{"timeout keeps the model's answer", &fakeAdviser{block: true}, classify.Other, "second avis indisponible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := classify.New(classify.Options{Model: unsure(t), Adviser: tt.adviser, AdviserTimeout: 50 * time.Millisecond})
			got := c.Classify(context.Background(), mail("Information", "Bonjour,\nJe vous écris au sujet de notre session."), "btp")
			if got.Category != tt.want {
				t.Errorf("got %s (%.2f), want %s; reasons %q", got.Category, got.Confidence, tt.want, got.Reasons)
			}
			if !strings.Contains(strings.Join(got.Reasons, "\n"), tt.reason) {
				t.Errorf("reasons %q, want one containing %q", got.Reasons, tt.reason)
			}
			if tt.adviser.calls.Load() != 1 {
				t.Errorf("adviser called %d times, want 1", tt.adviser.calls.Load())
			}
		})
	}
}

func TestAdviserNotAskedWhenSure(t *testing.T) {
	f := &fakeAdviser{cat: classify.Complaint, conf: 1}
	sure := fixedModel(t, 0.6, map[classify.Category]float64{classify.Cancellation: 0.9, classify.Complaint: 0.05, classify.Other: 0.05})
	c := classify.New(classify.Options{Model: sure, Adviser: f})
	got := c.Classify(context.Background(), mail("Annulation", "Notre session TP Maçon du 12/10/2027 est annulée par la DDETS."), "btp")
	if got.Category != classify.Cancellation {
		t.Errorf("got %s, want cancellation", got.Category)
	}
	if n := f.calls.Load(); n != 0 {
		t.Errorf("adviser called %d times, want 0", n)
	}
	auto := c.Classify(context.Background(), mail("Absent", "Je suis absent.", "Auto-Submitted: auto-replied"), "btp")
	if auto.Category != classify.AutoReply || f.calls.Load() != 0 {
		t.Errorf("got %s after %d adviser calls, want auto_reply without asking", auto.Category, f.calls.Load())
	}
}
