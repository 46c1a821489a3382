package classify_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mailbot/classify"
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

// unsureBody gives the rules a weak cancellation guess only.
const unsureBody = "Bonjour,\nIl y a eu une annulation chez nous, je vous tiens au courant."

func TestAdviser(t *testing.T) {
	tests := []struct {
		name    string
		adviser *fakeAdviser
		body    string
		want    classify.Category
		reason  string
	}{
		{"agrees with the unsure guess", &fakeAdviser{cat: classify.Cancellation, conf: 0.9}, unsureBody, classify.Cancellation, "second opinion: cancellation"},
		{"header-only answer ignored", &fakeAdviser{cat: classify.AutoReply, conf: 0.99}, unsureBody, classify.Other, "second opinion ignored"},
		{"unknown answer ignored", &fakeAdviser{cat: "urgent", conf: 0.99}, unsureBody, classify.Other, "second opinion ignored"},
		{"error keeps the rules' answer", &fakeAdviser{err: errors.New("llm request failed")}, unsureBody, classify.Other, "second opinion unavailable"},
		{"timeout keeps the rules' answer", &fakeAdviser{block: true}, unsureBody, classify.Other, "second opinion unavailable"},
		{"weak disagreement stays other", &fakeAdviser{cat: classify.Complaint, conf: 0.6}, unsureBody, classify.Other, "second opinion: complaint"},
		{"decides when the rules found nothing", &fakeAdviser{cat: classify.RequestTiming, conf: 0.95}, "Bonjour,\nPouvez-vous me rappeler ?", classify.RequestTiming, "second opinion: request_timing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := classify.New(classify.Options{Adviser: tt.adviser, AdviserTimeout: 50 * time.Millisecond})
			got := c.Classify(context.Background(), mail("Information", tt.body), "btp")
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
	c := classify.New(classify.Options{Adviser: f})
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
