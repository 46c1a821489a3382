package engine_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

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

func TestReferencesAreLongAndStable(t *testing.T) {
	m := &mailmsg.Message{MessageID: "<q@centre.test>", Digest: "d1"}
	ref := engine.Reference(m)
	if !regexp.MustCompile(`^GEV-[A-Z2-9]{8}$`).MatchString(ref) {
		t.Errorf("got %q, want GEV- and 8 characters of base32 (40 bits)", ref)
	}
	if engine.OtherReference(m, 0) != ref || engine.OtherReference(m, 1) == ref || engine.OtherReference(m, 1) != engine.OtherReference(m, 1) {
		t.Errorf("alternatives: got %q, %q; want stable and distinct", engine.OtherReference(m, 0), engine.OtherReference(m, 1))
	}
}

func TestEchoedSubjectIsCapped(t *testing.T) {
	long := strings.Repeat("é", 1<<19) // a megabyte
	if got := engine.ReplySubject(long); utf8.RuneCountInString(got) > engine.MaxEcho+len("Re: ") || !strings.HasSuffix(got, "…") {
		t.Errorf("got a reply subject of %d characters, want at most %d", utf8.RuneCountInString(got), engine.MaxEcho+4)
	}
	if got := engine.Echo("Plis non reçus"); got != "Plis non reçus" {
		t.Errorf("a short subject changed: %q", got)
	}
	if got := engine.Echo(strings.Repeat("a", engine.MaxEcho)); got != strings.Repeat("a", engine.MaxEcho) {
		t.Errorf("a subject of exactly %d characters was cut: %q", engine.MaxEcho, got)
	}
	if got := engine.Echo("Plis\r\n non reçus"); got != "Plis non reçus" {
		t.Errorf("Echo keeps line breaks: %q", got)
	}
}

// An "other" mail gets the generic acknowledgement only when it speaks of
// the GEV's work: phishing is shown to an agent, not thanked.
func TestGenericAckNeedsATopic(t *testing.T) {
	eng := newEngine(t)
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, calendar.Paris)
	tests := []struct {
		name, subject, body string
		wantAck             bool
	}{
		{"phishing", "Votre boîte aux lettres est pleine", "Votre quota de messagerie est dépassé. Cliquez ici pour conserver vos messages : https://webmail-verif.example/login", false},
		{"a centre about its candidates", "Question diverse", "Bonjour, un de nos candidats souhaite consulter sa copie. À qui s'adresser ?", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := "From: x@centre.test\r\nTo: epreuves-btp@afpa.fr\r\nSubject: " + tc.subject + "\r\nMessage-ID: <t@centre.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + tc.body + "\r\n"
			d := eng.Decide(context.Background(), mailmsg.Parse(strings.NewReader(raw)), "btp", now)
			if d.Plan.Category != "other" {
				t.Skipf("classified %s, not other: the gate does not apply", d.Plan.Category)
			}
			if got := d.Reply != nil; got != tc.wantAck {
				t.Errorf("acknowledgement sent: %v, want %v (action %s, reasons %q)", got, tc.wantAck, d.Plan.Action, d.Plan.Reasons)
			}
			if d.Plan.Task == "" {
				t.Error("no agent task: an agent must see it")
			}
		})
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
