package state

import (
	"errors"
	"testing"
)

// TestVerdictsOneSamplePerConversation: a verdict is written in the commit
// that carries it, an acceptance never replaces an earlier verdict, a
// reclassification replaces any, and a commit that fails writes none.
func TestVerdictsOneSamplePerConversation(t *testing.T) {
	s, _ := openTemp(t)
	if vs, err := s.Verdicts(); err != nil || len(vs) != 0 {
		t.Fatalf("fresh file: got %v, %v; want no verdict", vs, err)
	}
	cm := sampleCommit()
	accept := &Verdict{Conversation: "GEV-AAAAAA", BotCategory: "complaint", AgentCategory: "complaint", Agent: "marie", At: t0}
	cm.Verdict = accept
	if err := s.Commit(cm); err != nil {
		t.Fatal(err)
	}
	reclass := &Verdict{Conversation: "GEV-AAAAAA", BotCategory: "complaint", AgentCategory: "missing_envelopes", Agent: "paul", At: t0,
		Reclassified: true, Example: &Example{Subject: "Colis", Text: "Bonjour, le colis est arrivé vide."}}
	later := &Verdict{Conversation: "GEV-AAAAAA", BotCategory: "complaint", AgentCategory: "missing_envelopes", Agent: "marie", At: t0}
	for _, step := range []struct {
		name  string
		v     *Verdict
		agent string
	}{
		{"a second acceptance", accept, "marie"},
		{"a reclassification", reclass, "paul"},
		{"an acceptance after it", later, "paul"},
	} {
		if err := s.Commit(Commit{Verdict: step.v, At: t0}); err != nil {
			t.Fatal(err)
		}
		vs, err := s.Verdicts()
		if err != nil || len(vs) != 1 || vs[0].Agent != step.agent {
			t.Fatalf("after %s: got %+v, %v; want one verdict by %s", step.name, vs, err, step.agent)
		}
	}
	vs, _ := s.Verdicts()
	if v := vs[0]; v.Agreed() || !v.Reclassified || v.Example == nil || v.Example.Text != reclass.Example.Text {
		t.Errorf("stored reclassification: %+v", v)
	}
	// Creating the conversation again fails: its verdict must not be kept.
	cm = sampleCommit()
	cm.Verdict = &Verdict{Conversation: "GEV-BBBBBB", Reclassified: true}
	if err := s.Commit(cm); !errors.Is(err, ErrExists) {
		t.Fatalf("got %v, want ErrExists", err)
	}
	if vs, _ := s.Verdicts(); len(vs) != 1 {
		t.Errorf("a failed commit left a verdict: %+v", vs)
	}
}
