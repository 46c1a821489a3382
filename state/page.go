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
const maxScan = 2000

// PageQuery asks for one page of conversations.
type PageQuery struct {
	// Statuses keeps only conversations with these statuses, read from
	// the status index one status after the other, each most recently
	// updated first. Empty: every conversation, from the activity index,
	// most recently updated first.
	Statuses []string
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
// maxScan index entries), so that a page costs the same with 100 or
// 100,000 conversations.
func (s *Store) ConversationPage(q PageQuery) (Page, error) {
	after, err := hex.DecodeString(q.After)
	if err != nil {
		return Page{}, fmt.Errorf("page key %q: %w", q.After, err)
	}
	pg := pager{q: q, limit: q.Limit}
	if pg.limit <= 0 {
		pg.limit = 100
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		pg.tx = tx
		if len(q.Statuses) == 0 {
			_, err := pg.walk(bActivity, nil, after)
			return err
		}
		for _, st := range q.Statuses {
			prefix := append([]byte(st), 0)
			from := prefix
			switch {
			case len(after) > 0 && !bytes.HasPrefix(after, prefix):
				continue // a status the previous pages went through
			case len(after) > 0:
				from, after = after, nil
			}
			if full, err := pg.walk(bStatus, prefix, from); full || err != nil {
				return err
			}
		}
		return nil
	})
	return pg.page, err
}

// pager fills one page.
type pager struct {
	tx      *bolt.Tx
	q       PageQuery
	limit   int
	scanned int
	last    []byte // the last index key read
	page    Page
}

// walk reads the index entries of bucket with prefix from the key from
// on, that key excluded when it is a previous page's last (it is longer
// than prefix). It reports whether the page is full.
func (pg *pager) walk(bucket, prefix, from []byte) (full bool, err error) {
	c := pg.tx.Bucket(bucket).Cursor()
	k, _ := c.Seek(from)
	if len(from) > len(prefix) && bytes.Equal(k, from) {
		k, _ = c.Next()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(pg.page.Conversations) == pg.limit || pg.scanned == maxScan {
			pg.page.Next = hex.EncodeToString(pg.last)
			return true, nil
		}
		pg.scanned++
		act := k[len(prefix):]
		if len(act) <= 8 {
			return false, fmt.Errorf("index key %x is damaged", k)
		}
		pg.last = bytes.Clone(k)
		var conv Conversation
		ok, err := getJSON(pg.tx.Bucket(bConvs), string(act[8:]), &conv)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, fmt.Errorf("index names conversation %s, which is missing", act[8:])
		}
		if pg.q.Match == nil || pg.q.Match(&conv) {
			pg.page.Conversations = append(pg.page.Conversations, conv)
		}
	}
	// Full on the last entry of this status: the next status may have more.
	if len(pg.page.Conversations) == pg.limit && pg.q.Statuses != nil {
		pg.page.Next = hex.EncodeToString(pg.last)
		return true, nil
	}
	return false, nil
}

// ConversationsWithStatus returns the conversations with one status, most
// recently updated first, through the status index.
func (s *Store) ConversationsWithStatus(status string) ([]Conversation, error) {
	var out []Conversation
	q := PageQuery{Statuses: []string{status}, Limit: 1000}
	for {
		p, err := s.ConversationPage(q)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Conversations...)
		if p.Next == "" {
			return out, nil
		}
		q.After = p.Next
	}
}
