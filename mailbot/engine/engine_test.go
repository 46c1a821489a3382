package engine_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mailbot/mailbot/app"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/mailmsg"
)

func newEngine(t testing.TB) *engine.Engine {
	t.Helper()
	eng, err := app.NewEngine(config.Default(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

func sample(t testing.TB) []byte {
	raw, err := os.ReadFile("testdata/ccp-links.eml")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestDecideIsStable(t *testing.T) {
	eng := newEngine(t)
	m := mailmsg.Parse(bytes.NewReader(sample(t)))
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, calendar.Paris)
	a, b := eng.Decide(context.Background(), m, "ccp", now), eng.Decide(context.Background(), m, "ccp", now)
	if a.Reference != b.Reference || !strings.HasPrefix(a.Reference, "GEV-") {
		t.Errorf("references %q and %q: want the same GEV-… for the same message", a.Reference, b.Reference)
	}
	if a.Reply == nil || !strings.Contains(a.Reply.Subject, "Re: ") {
		t.Fatalf("got no reply or no Re: subject: %+v", a.Reply)
	}
	if got := eng.SectorOf(m); got != "ccp" {
		t.Errorf("SectorOf: got %q, want ccp", got)
	}
}

func TestReplySubject(t *testing.T) {
	for in, want := range map[string]string{
		"Plis non reçus":           "Re: Plis non reçus",
		"RE: TR: Plis non reçus":   "Re: Plis non reçus",
		"":                         "Re: votre message",
		"Réf : Annulation session": "Re: Annulation session",
	} {
		if got := engine.ReplySubject(in); got != want {
			t.Errorf("ReplySubject(%q): got %q, want %q", in, got, want)
		}
	}
}

// BenchmarkDecide measures the whole decision path of one message: parse,
// classify, plan and render the French reply.
func BenchmarkDecide(b *testing.B) {
	eng := newEngine(b)
	raw := sample(b)
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, calendar.Paris)
	b.ReportAllocs()
	for b.Loop() {
		m := mailmsg.Parse(bytes.NewReader(raw))
		eng.Decide(context.Background(), m, "ccp", now)
	}
}

// BenchmarkDecideCorpus is `mailbot classify` on every mail of the
// project's labelled folders, on all cores: parse, classify, plan, render.
// Its msg/s figure is the throughput of issue 13's classification target.
func BenchmarkDecideCorpus(b *testing.B) {
	eng := newEngine(b)
	var raws [][]byte
	for _, dir := range []string{"../../testdata/corpus", "../../testdata/train"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		for _, p := range paths {
			raw, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			raws = append(raws, raw)
		}
	}
	if len(raws) == 0 {
		b.Fatal("no sample mail under testdata")
	}
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, calendar.Paris)
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			raw := raws[int(next.Add(1))%len(raws)]
			m := mailmsg.Parse(bytes.NewReader(raw))
			eng.Decide(context.Background(), m, eng.SectorOf(m), now)
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msg/s")
}
