package state

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

var t0 = time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)

func sampleCommit() Commit {
	c := &Conversation{ID: "GEV-AAAAAA", Sector: "btp", Status: StatusOpen, Created: t0, Updated: t0}
	c.AddMessageIDs("<in@centre.test>", "<out@afpa.test>", "<in@centre.test>")
	return Commit{
		SeenKeys:     []string{DedupeKey("btp", "<in@centre.test>", "d1")},
		Conversation: c,
		Outgoing: []Outgoing{
			{ID: "o1", ConversationID: c.ID, MessageID: "<out@afpa.test>", Status: OutPending, SendAt: t0, Created: t0},
			{ID: "o2", ConversationID: c.ID, MessageID: "<fwd@afpa.test>", Status: OutPending, SendAt: t0.Add(72 * time.Hour), Created: t0},
			{ID: "o3", ConversationID: c.ID, MessageID: "<held@afpa.test>", Status: OutHeld, SendAt: t0, Created: t0},
		},
		Tasks:     []Task{{ID: "t1", ConversationID: c.ID, Priority: PriorityNormal, Created: t0}, {ID: "t2", Priority: PriorityUrgent, Created: t0.Add(time.Hour)}},
		RepliedTo: "centre@centre.test",
		At:        t0,
	}
}

func TestCommitSurvivesReopen(t *testing.T) {
	s, path := openTemp(t)
	if err := s.Commit(sampleCommit()); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	if err := s.SetCursor("btp", Cursor{UIDValidity: 7, LastUID: 42, InFlight: []uint32{43}, Failures: map[uint32]int{43: 1}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	if c, err := s.Cursor("btp"); c.UIDValidity != 7 || c.LastUID != 42 || c.Failures[43] != 1 || len(c.InFlight) != 1 || err != nil {
		t.Errorf("cursor: got %+v %v, want 7/42 with uid 43 in flight, failed once", c, err)
	}
	conv, ok, err := s.Seen(DedupeKey("btp", "<in@centre.test>", "d1"))
	if !ok || conv != "GEV-AAAAAA" || err != nil {
		t.Errorf("Seen: got %q %v %v, want GEV-AAAAAA", conv, ok, err)
	}
	if _, ok, _ := s.Seen(DedupeKey("btp", "<in@centre.test>", "other-digest")); ok {
		t.Error("a reused Message-ID with another body must not count as seen")
	}
	if _, ok, _ := s.Seen(DedupeKey("ccp", "<in@centre.test>", "d1")); ok {
		t.Error("dedupe must be scoped per mailbox")
	}
}

func TestFindConversation(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Commit(sampleCommit()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		ref    string
		ids    []string
		wantID string
	}{
		{"by in-reply-to of our mail", "", []string{"<out@afpa.test>"}, "GEV-AAAAAA"},
		{"by references", "", []string{"<unknown@x>", "<in@centre.test>"}, "GEV-AAAAAA"},
		{"by token", "GEV-AAAAAA", nil, "GEV-AAAAAA"},
		{"unknown token and ids", "GEV-ZZZZZZ", []string{"<nope@x>"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := s.FindConversation(tc.ref, tc.ids...)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if c != nil {
				got = c.ID
			}
			if got != tc.wantID {
				t.Errorf("got %q, want %q", got, tc.wantID)
			}
		})
	}
}

func TestOutboxDueAndAttempts(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Commit(sampleCommit()); err != nil {
		t.Fatal(err)
	}
	due, err := s.Due(t0, 0)
	if err != nil || len(due) != 1 || due[0].ID != "o1" {
		t.Fatalf("Due: got %v %v, want only o1 (o2 is later, o3 held)", due, err)
	}
	err = s.UpdateOutgoing("o1", func(o *Outgoing, cm *Commit) error {
		o.Attempts++
		o.NextAttempt = t0.Add(time.Minute)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := s.Due(t0.Add(30*time.Second), 0); len(due) != 0 {
		t.Errorf("got %d due during backoff, want 0", len(due))
	}
	next, ok, _ := s.NextDue()
	if !ok || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("NextDue: got %v %v, want %v", next, ok, t0.Add(time.Minute))
	}
	if err := s.UpdateOutgoing("missing", func(*Outgoing, *Commit) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("got %v, want ErrNotFound", err)
	}
}

func TestRepliesSinceWindow(t *testing.T) {
	s, _ := openTemp(t)
	for i := range 3 {
		cm := Commit{RepliedTo: "c@x.test", At: t0.Add(time.Duration(i) * 10 * time.Hour)}
		if err := s.Commit(cm); err != nil {
			t.Fatal(err)
		}
	}
	now := t0.Add(25 * time.Hour)
	if n, _ := s.RepliesSince("c@x.test", now.Add(-24*time.Hour)); n != 2 {
		t.Errorf("got %d replies in the last 24h, want 2", n)
	}
}

func TestTasksOrder(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Commit(sampleCommit()); err != nil {
		t.Fatal(err)
	}
	tasks, _ := s.Tasks()
	if len(tasks) != 2 || tasks[0].ID != "t2" {
		t.Errorf("got %+v, want urgent t2 first", tasks)
	}
}

func TestOpenLockedFileSaysSo(t *testing.T) {
	_, path := openTemp(t)
	_, err := Open(path)
	if err == nil {
		t.Fatal("second Open of a locked file succeeded")
	}
}

// Two conversations whose references collide never merge: creating over
// an existing ID is refused, and only an explicit update replaces.
func TestCommitRefusesToCreateOverAConversation(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Commit(sampleCommit()); err != nil {
		t.Fatal(err)
	}
	other := &Conversation{ID: "GEV-AAAAAA", Sector: "ccp", CentreAddress: "autre@centre.test", Created: t0}
	other.AddMessageIDs("<autre@centre.test>")
	err := s.Commit(Commit{Conversation: other, SeenKeys: []string{"ccp\x00<autre@centre.test>\x00d"}, At: t0})
	if !errors.Is(err, ErrExists) {
		t.Fatalf("got %v, want ErrExists", err)
	}
	if c, _ := s.Conversation("GEV-AAAAAA"); c.Sector != "btp" {
		t.Errorf("the first conversation was replaced: got sector %s", c.Sector)
	}
	if _, ok, _ := s.Seen("ccp\x00<autre@centre.test>\x00d"); ok {
		t.Error("a refused commit left its seen key")
	}
	if err := s.Commit(Commit{Conversation: &Conversation{ID: "GEV-NEW"}, Update: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing conversation: got %v, want ErrNotFound", err)
	}
	c, _ := s.Conversation("GEV-AAAAAA")
	c.Status = StatusClosed
	if err := s.Commit(Commit{Conversation: c, Update: true}); err != nil {
		t.Errorf("explicit update: %v", err)
	}
}

func TestDiscardUnsentAndLogInOneCommit(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Commit(sampleCommit()); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateOutgoing("o1", func(o *Outgoing, _ *Commit) error { o.Status = OutSent; return nil }); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Conversation("GEV-AAAAAA")
	cm := Commit{Conversation: c, Update: true, DiscardUnsentOf: c.ID, At: t0,
		Outgoing: []Outgoing{{ID: "o4", ConversationID: c.ID, Status: OutPending, SendAt: t0}}}
	if err := s.Commit(cm); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"o1": OutSent, "o2": OutDiscarded, "o3": OutDiscarded, "o4": OutPending}
	out, _ := s.Outbox()
	for _, o := range out {
		if o.Status != want[o.ID] {
			t.Errorf("%s: got %s, want %s", o.ID, o.Status, want[o.ID])
		}
	}
	err := s.UpdateOutgoing("o4", func(o *Outgoing, cm *Commit) error {
		o.Status = OutDiscarded
		cm.EditOf = o.ConversationID
		cm.Edit = func(c *Conversation) {
			c.Entries = append(c.Entries, Entry{Kind: "note", Text: "mail o4 discarded"})
			c.Updated = t0.Add(time.Hour)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ = s.Conversation("GEV-AAAAAA")
	if last := c.Entries[len(c.Entries)-1]; last.Text != "mail o4 discarded" || !c.Updated.Equal(t0.Add(time.Hour)) {
		t.Errorf("timeline: got %+v updated %v, want the note", last, c.Updated)
	}
}

func TestUnreadableCounts(t *testing.T) {
	s, path := openTemp(t)
	for _, r := range []string{"too_large", "poison", "too_large"} {
		if err := s.Commit(Commit{Unreadable: r, At: t0}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Unreadable(); err != nil || got["too_large"] != 2 || got["poison"] != 1 {
		t.Errorf("got %v %v, want 2 too large and 1 poison", got, err)
	}
}
