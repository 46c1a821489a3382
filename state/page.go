package state

import (
	"bytes"
	"encoding/hex"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// maxScan bounds the index entries one page reads when Match rejects
// most of them: the page then comes back short, with Next set, and the
// reader asks for the next one.
const maxScan = 5000

// PageQuery asks for one page of conversations, most recent activity
// first.
type PageQuery struct {
	// Status keeps only conversations with this status, read from the
	// status index ("": every conversation, from the activity index).
	Status string
	// After is the Next of the previous page ("": the first page).
	After string
	// Limit is the page's size (0: 100).
	Limit int
	// Match, when set, keeps only the conversations it accepts.
	Match func(*Conversation) bool
}

// Page is one page of conversations.
type Page struct {
	Conversations []Conversation
	// Next asks for the following page; "" on the last one.
	Next string
}

// ConversationPage reads one page through the activity or status index:
// a seek to After, then at most Limit matching conversations (and
// maxScan entries), so a page costs the same with 100 or 100,000
// conversations.
func (s *Store) ConversationPage(q PageQuery) (Page, error) {
	after, err := hex.DecodeString(q.After)
	if err != nil {
		return Page{}, fmt.Errorf("page key %q: %w", q.After, err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	bucket, prefix := bActivity, []byte(nil)
	if q.Status != "" {
		bucket, prefix = bStatus, append([]byte(q.Status), 0)
	}
	var p Page
	err = s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucket).Cursor()
		k, _ := c.Seek(append(bytes.Clone(prefix), after...))
		if len(after) > 0 && bytes.Equal(k, append(bytes.Clone(prefix), after...)) {
			k, _ = c.Next() // After is the previous page's last
		}
		var last []byte
		for scanned := 0; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			if len(p.Conversations) == limit || scanned == maxScan {
				p.Next = hex.EncodeToString(last)
				return nil
			}
			scanned++
			act := k[len(prefix):]
			if len(act) <= 8 {
				return fmt.Errorf("index key %x is damaged", k)
			}
			last = bytes.Clone(act)
			var conv Conversation
			ok, err := getJSON(tx.Bucket(bConvs), string(act[8:]), &conv)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("index names conversation %s, which is missing", act[8:])
			}
			if q.Match == nil || q.Match(&conv) {
				p.Conversations = append(p.Conversations, conv)
			}
		}
		return nil
	})
	return p, err
}

// ConversationsWithStatus returns the conversations with one status, most
// recently updated first, through the status index.
func (s *Store) ConversationsWithStatus(status string) ([]Conversation, error) {
	var out []Conversation
	after := ""
	for {
		p, err := s.ConversationPage(PageQuery{Status: status, After: after, Limit: 1000})
		if err != nil {
			return nil, err
		}
		out = append(out, p.Conversations...)
		if p.Next == "" {
			return out, nil
		}
		after = p.Next
	}
}
