package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestWriterGroupsWritesAndLeavesOutAFailingOne(t *testing.T) {
	s, _ := openTemp(t)
	// The first write holds the writer inside its transaction while the
	// others queue: they make the next group.
	entered, release := make(chan struct{}), make(chan struct{})
	first := s.w.submit(func(tx *bolt.Tx) error {
		close(entered)
		<-release
		return tx.Bucket(bCounters).Put([]byte("first"), []byte("1"))
	})
	<-entered
	before := s.Writes()
	var waits []func() error
	for i := range 5 {
		c := Commit{SeenKeys: []string{fmt.Sprint("k", i)}, At: t0}
		if i == 2 {
			c.Conversation, c.Update = &Conversation{ID: "GEV-NONE"}, true // fails: no such conversation
		}
		waits = append(waits, s.Submit(c))
	}
	close(release)
	if err := first(); err != nil {
		t.Fatal(err)
	}
	for i, wait := range waits {
		err := wait()
		if i == 2 && !errors.Is(err, ErrNotFound) {
			t.Errorf("write %d: got %v, want ErrNotFound", i, err)
		}
		if i != 2 && err != nil {
			t.Errorf("write %d: got %v, want it written though another write of its group failed", i, err)
		}
		_, seen, _ := s.Seen(fmt.Sprint("k", i))
		if seen != (i != 2) {
			t.Errorf("write %d: seen %v", i, seen)
		}
	}
	if got := s.Writes() - before; got != 2 {
		t.Errorf("got %d transactions committed, want 2: the blocked one, then the four good writes together", got)
	}
}

// Lazy writes that come one after the other wait for each other, and a
// write someone waits for at once ends the wait: one commit for all.
func TestLazyWritesShareACommit(t *testing.T) {
	s, _ := openTemp(t)
	s.w.lingers = time.Minute // only the eager write ends the wait
	put := func(k string) func(*bolt.Tx) error {
		return func(tx *bolt.Tx) error { return tx.Bucket(bCounters).Put([]byte(k), []byte("1")) }
	}
	before := s.Writes()
	first := s.w.submitLazy(put("a"))
	time.Sleep(20 * time.Millisecond) // the writer has taken the first alone
	second := s.w.submitLazy(put("b"))
	if err := s.w.update(put("c")); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(first(), second()); err != nil {
		t.Fatal(err)
	}
	if got := s.Writes() - before; got != 1 {
		t.Errorf("got %d transactions committed, want 1 for the two lazy writes and the eager one", got)
	}
}

func TestWritesAfterCloseFail(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := s.Commit(Commit{SeenKeys: []string{"k"}}); !errors.Is(err, ErrClosed) {
		t.Errorf("got %v, want ErrClosed", err)
	}
}

func TestCursorIsSavedWithTheCommit(t *testing.T) {
	s, _ := openTemp(t)
	before := s.Writes()
	cm := sampleCommit()
	cm.Mailbox, cm.Cursor = "btp", &Cursor{UIDValidity: 7, LastUID: 41, Next: 43}
	if err := s.Commit(cm); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Cursor("btp"); c.LastUID != 41 || c.Next != 43 {
		t.Errorf("cursor: got %+v, want the commit's", c)
	}
	if got := s.Writes() - before; got != 1 {
		t.Errorf("got %d transactions for a message and its cursor, want 1", got)
	}
}

func TestCommitConflicts(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.Commit(sampleCommit()); err != nil {
		t.Fatal(err)
	}
	stale, err := s.Conversation("GEV-AAAAAA")
	if err != nil {
		t.Fatal(err)
	}
	err = s.UpdateConversation("GEV-AAAAAA", func(c *Conversation, _ *Commit) error { c.Status = StatusClosed; return nil })
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cm   Commit
	}{
		{"conversation changed since it was read", Commit{Conversation: stale, Update: true}},
		{"message already processed", Commit{SeenKeys: []string{DedupeKey("btp", "<in@centre.test>", "d1")}}},
		{"Message-ID taken meanwhile", Commit{Owners: map[string]string{"<in@centre.test>": ""}}},
		{"reply cap reached meanwhile", Commit{RepliedTo: "centre@centre.test", ReplyLimit: 1, At: t0.Add(time.Hour)}},
	}
	for _, tc := range tests {
		if err := s.Commit(tc.cm); !errors.Is(err, ErrConflict) {
			t.Errorf("%s: got %v, want ErrConflict", tc.name, err)
		}
	}
	ok := Commit{Owners: map[string]string{"<in@centre.test>": "GEV-AAAAAA", "<new@x.test>": ""},
		RepliedTo: "centre@centre.test", ReplyLimit: 2, At: t0.Add(time.Hour)}
	if err := s.Commit(ok); err != nil {
		t.Errorf("a commit built on what is still there: %v", err)
	}
}

func TestDueIndex(t *testing.T) {
	s, _ := openTemp(t)
	mail := func(id, status string, at time.Time) Outgoing {
		return Outgoing{ID: id, ConversationID: "c", Status: status, SendAt: at, Created: t0}
	}
	err := s.Commit(Commit{Outgoing: []Outgoing{
		mail("late", OutPending, t0.Add(2*time.Hour)), mail("now", OutPending, t0), mail("early", OutPending, t0.Add(-time.Hour)),
		mail("held", OutHeld, t0.Add(-time.Hour)), mail("shadow", OutShadow, t0.Add(-time.Hour)),
	}})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(out []Outgoing) []string {
		var s []string
		for _, o := range out {
			s = append(s, o.ID)
		}
		return s
	}
	if due, _ := s.Due(t0, 0); !slices.Equal(ids(due), []string{"early", "now"}) {
		t.Errorf("Due: got %v, want [early now]", ids(due))
	}
	if due, _ := s.Due(t0, 1); !slices.Equal(ids(due), []string{"early"}) {
		t.Errorf("Due at most 1: got %v, want [early]", ids(due))
	}
	// A failed attempt pushes the mail back; a sent one leaves the index.
	err = s.UpdateOutgoing("early", func(o *Outgoing, _ *Commit) error { o.NextAttempt = t0.Add(3 * time.Hour); return nil })
	if err != nil {
		t.Fatal(err)
	}
	err = s.UpdateOutgoing("now", func(o *Outgoing, _ *Commit) error { o.Status = OutSent; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if due, _ := s.Due(t0.Add(2*time.Hour), 0); !slices.Equal(ids(due), []string{"late"}) {
		t.Errorf("Due after the updates: got %v, want [late]", ids(due))
	}
	if next, ok, _ := s.NextDue(); !ok || !next.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("NextDue: got %v %v, want %v", next, ok, t0.Add(2*time.Hour))
	}
	unsent, _ := s.Unsent()
	if slices.Sort(ids(unsent)); len(unsent) != 3 || slices.Contains(ids(unsent), "now") || slices.Contains(ids(unsent), "shadow") {
		t.Errorf("hot outbox: got %v, want early, late and held only", ids(unsent))
	}
	if all, _ := s.Outbox(); len(all) != 5 {
		t.Errorf("Outbox: got %d mails, want all 5", len(all))
	}
	// Sent mail is still found by id.
	err = s.UpdateOutgoing("now", func(o *Outgoing, _ *Commit) error { o.LastError = "note"; return nil })
	if err != nil {
		t.Errorf("update of a sent mail: %v", err)
	}
}

// fill commits n conversations, conversation i last updated i minutes
// after t0 and closed when i is a multiple of 3.
func fill(tb testing.TB, s *Store, n int) {
	tb.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		status := StatusOpen
		if i%3 == 0 {
			status = StatusClosed
		}
		c := &Conversation{ID: fmt.Sprintf("GEV-%06d", i), Status: status, Subject: "Plis", Created: t0,
			Updated: t0.Add(time.Duration(i) * time.Minute), MessageIDs: []string{fmt.Sprintf("<m%d@x.test>", i)},
			Entries: []Entry{{At: t0, Kind: "in", Text: "Bonjour, nous n'avons pas reçu les plis de la session."}}}
		wait := s.Submit(Commit{Conversation: c, SeenKeys: []string{fmt.Sprint("seen", i)}})
		wg.Go(func() { errs <- wait() })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// pageAll reads every page of q and returns the conversation IDs in order.
func pageAll(t *testing.T, s *Store, q PageQuery) []string {
	t.Helper()
	var ids []string
	for pages := 0; ; pages++ {
		p, err := s.ConversationPage(q)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Conversations) > q.Limit {
			t.Fatalf("page of %d, limit %d", len(p.Conversations), q.Limit)
		}
		for _, c := range p.Conversations {
			ids = append(ids, c.ID)
		}
		if p.Next == "" {
			return ids
		}
		q.After = p.Next
	}
}

func TestConversationPaging(t *testing.T) {
	s, _ := openTemp(t)
	fill(t, s, 250)
	var want, wantClosed []string
	for i := 249; i >= 0; i-- {
		want = append(want, fmt.Sprintf("GEV-%06d", i))
		if i%3 == 0 {
			wantClosed = append(wantClosed, fmt.Sprintf("GEV-%06d", i))
		}
	}
	if got := pageAll(t, s, PageQuery{Limit: 100}); !slices.Equal(got, want) {
		t.Errorf("all pages: got %d conversations %v…, want the 250 newest first", len(got), got[:min(len(got), 3)])
	}
	if got := pageAll(t, s, PageQuery{Statuses: []string{StatusClosed}, Limit: 30}); !slices.Equal(got, wantClosed) {
		t.Errorf("closed: got %v, want %v", got, wantClosed)
	}
	// Statuses one after the other, each newest first, across pages.
	var wantRank []string
	for _, st := range []string{StatusClosed, StatusOpen} {
		for i := 249; i >= 0; i-- {
			if (i%3 == 0) == (st == StatusClosed) {
				wantRank = append(wantRank, fmt.Sprintf("GEV-%06d", i))
			}
		}
	}
	for _, limit := range []int{7, 84} { // 84: a page ends on the last closed one
		if got := pageAll(t, s, PageQuery{Statuses: []string{StatusNeedsHuman, StatusClosed, StatusOpen}, Limit: limit}); !slices.Equal(got, wantRank) {
			t.Errorf("by status, pages of %d: got %d conversations, want the 84 closed then the 166 open", limit, len(got))
		}
	}
	// An update moves the conversation in both indexes.
	err := s.UpdateConversation("GEV-000003", func(c *Conversation, _ *Commit) error {
		c.Status, c.Updated = StatusNeedsHuman, t0.Add(time.Hour*24)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := s.ConversationPage(PageQuery{Limit: 1}); len(p.Conversations) != 1 || p.Conversations[0].ID != "GEV-000003" {
		t.Errorf("first page after the update: got %v, want GEV-000003 first", p.Conversations)
	}
	if got := pageAll(t, s, PageQuery{Statuses: []string{StatusNeedsHuman}, Limit: 10}); !slices.Equal(got, []string{"GEV-000003"}) {
		t.Errorf("needs_human: got %v", got)
	}
	if got := pageAll(t, s, PageQuery{Statuses: []string{StatusClosed}, Limit: 10}); slices.Contains(got, "GEV-000003") {
		t.Error("the conversation is still listed under its old status")
	}
	match := func(c *Conversation) bool { return c.ID == "GEV-000100" }
	if got := pageAll(t, s, PageQuery{Limit: 10, Match: match}); !slices.Equal(got, []string{"GEV-000100"}) {
		t.Errorf("filtered: got %v", got)
	}
	if _, err := s.ConversationPage(PageQuery{After: "not hex"}); err == nil {
		t.Error("a damaged page key must be refused")
	}
}

func TestArchiveClosed(t *testing.T) {
	s, _ := openTemp(t)
	fill(t, s, 30)
	// Closed before minute 15: 0, 3, 6, 9, 12.
	n, err := s.ArchiveClosed(t0.Add(15 * time.Minute))
	if err != nil || n != 5 {
		t.Fatalf("ArchiveClosed: got %d %v, want 5", n, err)
	}
	for _, id := range []string{"GEV-000000", "GEV-000012"} {
		if _, err := s.Conversation(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: got %v, want it gone from the conversations", id, err)
		}
		if has, _ := s.HasConversation(id); !has {
			t.Errorf("%s: its ID must stay taken", id)
		}
	}
	if c, _ := s.FindConversation("", "<m12@x.test>"); c != nil {
		t.Errorf("an archived conversation is still found by Message-ID: %s", c.ID)
	}
	for _, id := range []string{"GEV-000015", "GEV-000013", "GEV-000001"} { // closed recent, open
		if _, err := s.Conversation(id); err != nil {
			t.Errorf("%s: %v, want it kept", id, err)
		}
	}
	if got := pageAll(t, s, PageQuery{Limit: 100}); len(got) != 25 {
		t.Errorf("pages list %d conversations, want 25", len(got))
	}
	if n, _ := s.ArchiveClosed(t0.Add(15 * time.Minute)); n != 0 {
		t.Errorf("second pass archived %d, want 0", n)
	}
}

// TestOpenMigratesAFileOfTheFirstLayout writes a file as mailbot wrote
// it before the indexes (one outbox bucket, no index), then opens it.
func TestOpenMigratesAFileOfTheFirstLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	put := func(tx *bolt.Tx, bucket, key string, v any) {
		b, err := tx.CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal(v)
		if err := b.Put([]byte(key), data); err != nil {
			t.Fatal(err)
		}
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range []string{"cursors", "seen", "conversations", "message_ids", "outbox", "tasks", "replies", "counters"} {
			if _, err := tx.CreateBucketIfNotExists([]byte(b)); err != nil {
				return err
			}
		}
		put(tx, "conversations", "GEV-OLD1", Conversation{ID: "GEV-OLD1", Status: StatusClosed, Updated: t0})
		put(tx, "conversations", "GEV-OLD2", Conversation{ID: "GEV-OLD2", Status: StatusNeedsHuman, Updated: t0.Add(time.Hour)})
		put(tx, "outbox", "sent", Outgoing{ID: "sent", ConversationID: "GEV-OLD1", Status: OutSent, SendAt: t0, Created: t0})
		put(tx, "outbox", "pending", Outgoing{ID: "pending", ConversationID: "GEV-OLD2", Status: OutPending, SendAt: t0, Created: t0})
		put(tx, "outbox", "held", Outgoing{ID: "held", ConversationID: "GEV-OLD2", Status: OutHeld, SendAt: t0, Created: t0})
		put(tx, "tasks", "t1", Task{ID: "t1", ConversationID: "GEV-OLD2", Created: t0})
		put(tx, "tasks", "t2", Task{ID: "t2", ConversationID: "GEV-OLD1", Created: t0, Done: true})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for i := range 2 { // the second open finds the file migrated
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if due, _ := s.Due(t0, 0); len(due) != 1 || due[0].ID != "pending" {
			t.Errorf("Due: got %v, want the pending mail", due)
		}
		if unsent, _ := s.Unsent(); len(unsent) != 2 {
			t.Errorf("hot outbox: got %d, want pending and held", len(unsent))
		}
		if all, _ := s.Outbox(); len(all) != 3 {
			t.Errorf("Outbox: got %d, want 3", len(all))
		}
		if p, _ := s.ConversationPage(PageQuery{}); len(p.Conversations) != 2 || p.Conversations[0].ID != "GEV-OLD2" {
			t.Errorf("page: got %v, want GEV-OLD2 then GEV-OLD1", p.Conversations)
		}
		if p, _ := s.ConversationPage(PageQuery{Statuses: []string{StatusClosed}}); len(p.Conversations) != 1 {
			t.Errorf("closed: got %v, want GEV-OLD1", p.Conversations)
		}
		open, _ := s.OpenTasks()
		if i == 0 && (open["GEV-OLD2"] != 1 || len(open) != 1) {
			t.Errorf("open tasks: got %v, want one for GEV-OLD2", open)
		}
		if i == 1 && len(open) != 0 {
			t.Errorf("open tasks after closing them: got %v, want none", open)
		}
		if err := s.Commit(Commit{CloseTasksOf: "GEV-OLD2", At: t0}); err != nil {
			t.Fatal(err)
		}
		if err := s.Check(); err != nil {
			t.Error(err)
		}
		s.Close()
	}
}

// A conversation's mail and the newest digest are read through
// outbox_conversation, whichever bucket their status keeps them in.
func TestMailOfAConversation(t *testing.T) {
	s, _ := openTemp(t)
	mails := []Outgoing{
		{ID: "b2", ConversationID: "GEV-B", Status: OutPending, Created: t0.Add(2 * time.Minute)},
		{ID: "a1", ConversationID: "GEV-A", Status: OutSent, Created: t0},
		{ID: "b1", ConversationID: "GEV-B", Status: OutSent, Created: t0.Add(time.Minute)},
		{ID: "ab", ConversationID: "GEV-AB", Status: OutPending, Created: t0},
		{ID: "d1", Kind: "digest", Template: "digest:btp", Status: OutSent, Created: t0},
		{ID: "d2", Kind: "digest", Template: "digest:ccp", Status: OutSent, Created: t0.Add(time.Hour)},
		{ID: "d3", Kind: "digest", Template: "digest:btp", Status: OutPending, Created: t0.Add(2 * time.Hour)},
	}
	if err := s.Commit(Commit{Outgoing: mails, At: t0}); err != nil {
		t.Fatal(err)
	}
	// A status change moves b2 to outbox_done; its index entry stays.
	if err := s.UpdateOutgoing("b2", func(o *Outgoing, _ *Commit) error { o.Status = OutSent; return nil }); err != nil {
		t.Fatal(err)
	}
	ids := func(out []Outgoing) (got []string) {
		for _, o := range out {
			got = append(got, o.ID)
		}
		return got
	}
	for conv, want := range map[string][]string{"GEV-A": {"a1"}, "GEV-B": {"b1", "b2"}, "GEV-AB": {"ab"}, "GEV-C": nil, "": {"d1", "d2", "d3"}} {
		got, err := s.OutgoingOf(conv)
		if err != nil || !slices.Equal(ids(got), want) {
			t.Errorf("OutgoingOf(%q) = %v, %v; want %v", conv, ids(got), err, want)
		}
	}
	for template, want := range map[string]string{"digest:btp": "d3", "digest:ccp": "d2", "digest:tertiaire": ""} {
		o, found, err := s.LastOutgoing("", func(o Outgoing) bool { return o.Template == template })
		if err != nil || found != (want != "") || o.ID != want {
			t.Errorf("LastOutgoing(%s) = %q, %v, %v; want %q", template, o.ID, found, err, want)
		}
	}
}

// A file of layout 2 (no outbox_conversation) gets the index on Open.
func TestOpenIndexesTheMailOfALayout2File(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v2.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mails := []Outgoing{
		{ID: "sent", ConversationID: "GEV-OLD", Status: OutSent, Created: t0},
		{ID: "held", ConversationID: "GEV-OLD", Status: OutHeld, Created: t0.Add(time.Minute)},
	}
	if err := s.Commit(Commit{Outgoing: mails, At: t0}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error { // as layout 2 left it
		if err := tx.DeleteBucket(bOutConv); err != nil {
			return err
		}
		return tx.Bucket(bLayout).Put([]byte("version"), []byte{0, 0, 0, 2})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.OutgoingOf("GEV-OLD")
	if err != nil || len(got) != 2 || got[0].ID != "sent" || got[1].ID != "held" {
		t.Errorf("OutgoingOf after migration: %v, %v; want sent then held", got, err)
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}
