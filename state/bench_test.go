package state

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkDue reads the due mail and the next due time with 20,000 mails
// in the outbox, 10 of them pending: the dispatcher does it on every new
// mail.
func BenchmarkDue(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "state.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var out []Outgoing
	for i := range 20_000 {
		o := Outgoing{ID: fmt.Sprintf("o%06d", i), ConversationID: "c", Status: OutSent, SendAt: t0, Created: t0,
			Text: "Bonjour,\nvoici la marche à suivre pour vous connecter à CERES.\nCordialement"}
		if i%2000 == 0 {
			o.Status, o.SendAt = OutPending, t0.Add(time.Duration(i)*time.Second)
		}
		out = append(out, o)
	}
	if err := s.Commit(Commit{Outgoing: out}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if due, err := s.Due(t0.Add(time.Hour), 0); err != nil || len(due) != 2 {
			b.Fatalf("Due: %d %v", len(due), err)
		}
		if _, ok, err := s.NextDue(); !ok || err != nil {
			b.Fatal("NextDue", err)
		}
	}
}
