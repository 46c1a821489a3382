package state

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestNewIDSortsByCreation(t *testing.T) {
	var ids []string
	for i := range 50 {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		a, b := NewID("reply", at), NewID("reply", at)
		if a == b {
			t.Fatalf("two IDs made at %v are both %s", at, a)
		}
		ids = append(ids, a)
	}
	if !slices.IsSorted(ids) {
		t.Errorf("IDs made in time order do not sort in it: %v", ids)
	}
	if id := NewID("task", time.Time{}); !strings.HasPrefix(id, "task-0000000000000000") {
		t.Errorf("an ID made at the zero time is %s", id)
	}
}

// Mail sent in the order it was made fills the pages of outbox_done, the
// pages a commit rewrites and the process maps. bbolt's default fill
// leaves them under half full for keys in order (45% here); with one mail
// per commit, bbolt keeps two keys for the next page at each split, so
// two thirds is the most this can reach.
func TestSentMailFillsItsPages(t *testing.T) {
	s, _ := openTemp(t)
	const n = 600
	text := strings.Repeat("Bonjour, votre demande est bien reçue. ", 4)
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Second)
		o := Outgoing{ID: NewID("reply", at), ConversationID: fmt.Sprintf("GEV-%04d", i), Status: OutPending, Created: at, SendAt: at, Text: text}
		if err := s.Commit(Commit{Outgoing: []Outgoing{o}, At: at}); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateOutgoing(o.ID, func(x *Outgoing, _ *Commit) error { x.Status = OutSent; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		st := tx.Bucket(bOutDone).Stats()
		if st.KeyN != n {
			t.Fatalf("outbox_done holds %d mails, want %d", st.KeyN, n)
		}
		if fill := float64(st.LeafInuse) / float64(st.LeafAlloc); fill < 0.6 {
			t.Errorf("outbox_done's pages are %.0f%% full (%d leaves), want at least 60%%", 100*fill, st.LeafPageN)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
