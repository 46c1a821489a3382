package state

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// replyWindow is the period over which automatic replies to one sender are
// counted (RFC 3834 section 2 asks responders not to answer the same sender
// over and over; Pigeonhole's vacation uses a per-sender period too).
const replyWindow = 24 * time.Hour

// RepliesSince counts the automatic replies sent to addr at or after since.
func (s *Store) RepliesSince(addr string, since time.Time) (int, error) {
	var times []time.Time
	err := s.db.View(func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bReplies), addr, &times)
		return err
	})
	n := 0
	for _, t := range times {
		if !t.Before(since) {
			n++
		}
	}
	return n, err
}

// recordReply records a reply to addr at at; with limit > 0, it fails
// with ErrConflict when addr already had limit replies in the window (as
// RepliesSince counts them).
func recordReply(tx *bolt.Tx, addr string, at time.Time, limit int) error {
	var times []time.Time
	b := tx.Bucket(bReplies)
	if _, err := getJSON(b, addr, &times); err != nil {
		return err
	}
	kept, counted := times[:0], 0
	for _, t := range times {
		if !t.Before(at.Add(-replyWindow)) {
			counted++
		}
		if at.Sub(t) < replyWindow {
			kept = append(kept, t)
		}
	}
	if limit > 0 && counted >= limit {
		return fmt.Errorf("%s had %d automatic replies in 24 h meanwhile: %w", addr, counted, ErrConflict)
	}
	return putJSON(b, addr, append(kept, at))
}
