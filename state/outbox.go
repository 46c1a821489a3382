package state

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Outgoing mail statuses.
const (
	OutPending   = "pending"   // waits for SendAt, then is sent
	OutHeld      = "held"      // waits for an agent's approval
	OutShadow    = "shadow"    // recorded only, never sent
	OutSent      = "sent"      // accepted by the SMTP server
	OutFailed    = "failed"    // permanently refused; an agent task exists
	OutDiscarded = "discarded" // an agent chose not to send it
)

// Outgoing is one mail in the outbox. Its Message-ID is fixed when it is
// queued, so a retry after a crash sends the same mail, and a copy in the
// Sent folder can be recognised.
type Outgoing struct {
	ID             string    `json:"id"`
	ConversationID string    `json:"conversation_id"`
	Kind           string    `json:"kind"` // reply, ack, forward, relay, reminder
	Template       string    `json:"template,omitempty"`
	MessageID      string    `json:"message_id"`
	From           string    `json:"from"`
	FromName       string    `json:"from_name,omitempty"`
	To             []string  `json:"to"`
	Subject        string    `json:"subject"`
	Text           string    `json:"text"`
	HTML           string    `json:"html,omitempty"`
	InReplyTo      string    `json:"in_reply_to,omitempty"`
	References     []string  `json:"references,omitempty"`
	AutoSubmitted  string    `json:"auto_submitted"`
	Created        time.Time `json:"created"`
	SendAt         time.Time `json:"send_at"`
	Status         string    `json:"status"`
	Attempts       int       `json:"attempts"`
	LastAttempt    time.Time `json:"last_attempt,omitzero"`
	NextAttempt    time.Time `json:"next_attempt,omitzero"`
	LastError      string    `json:"last_error,omitempty"`
	SentAt         time.Time `json:"sent_at,omitzero"`
}

// due is when the mail may be tried next.
func (o *Outgoing) due() time.Time {
	if o.NextAttempt.After(o.SendAt) {
		return o.NextAttempt
	}
	return o.SendAt
}

// IsDue tells whether the mail is pending and its time has come.
func (o *Outgoing) IsDue(now time.Time) bool {
	return o.Status == OutPending && !o.due().After(now)
}

// Due returns the pending mail whose time has come, oldest first, at
// most n of them (0: all). It reads the due index up to now, and only
// the mail it names: a sender that takes them n at a time holds that
// many in memory, whatever the backlog.
func (s *Store) Due(now time.Time, n int) ([]Outgoing, error) {
	var out []Outgoing
	limit := binary.BigEndian.AppendUint64(nil, nanos(now))
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bOutDue).Cursor()
		for k, _ := c.First(); k != nil && bytes.Compare(k[:8], limit) <= 0 && (n <= 0 || len(out) < n); k, _ = c.Next() {
			var o Outgoing
			ok, err := getJSON(tx.Bucket(bOutbox), string(k[8:]), &o)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("due mail %s is missing from the outbox", k[8:])
			}
			if o.IsDue(now) {
				out = append(out, o)
			}
		}
		return nil
	})
	return out, err
}

// NextDue returns when the earliest pending mail becomes due: the first
// key of the due index.
func (s *Store) NextDue() (time.Time, bool, error) {
	var next time.Time
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bOutDue).Cursor().First()
		if len(k) >= 8 {
			found = true
			if n := binary.BigEndian.Uint64(k[:8]); n > 0 { // 0: due since ever (a zero time)
				next = time.Unix(0, int64(n)).UTC()
			}
		}
		return nil
	})
	return next, found, err
}

// Outbox returns every outgoing mail, newest first: the hot outbox and
// the mail done with.
func (s *Store) Outbox() ([]Outgoing, error) {
	var out []Outgoing
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bOutbox, bOutDone} {
			err := each(tx, b, func(o *Outgoing) error {
				out = append(out, *o)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, err
}

// Unsent returns the mail that may still be sent (pending, held, failed),
// newest first: the hot outbox alone.
func (s *Store) Unsent() ([]Outgoing, error) {
	var out []Outgoing
	err := s.db.View(func(tx *bolt.Tx) error {
		return each(tx, bOutbox, func(o *Outgoing) error {
			out = append(out, *o)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, err
}

// OutgoingOf returns the mail of conversation convID ("" for mail of no
// conversation, such as digests), oldest first, read through its index:
// the cost does not grow with the rest of the outbox.
func (s *Store) OutgoingOf(convID string) ([]Outgoing, error) {
	var out []Outgoing
	err := s.mailOf(convID, false, func(o Outgoing) bool {
		out = append(out, o)
		return true
	})
	return out, err
}

// LastOutgoing returns the newest mail of conversation convID for which
// match is true; it reads from the newest back and stops there.
func (s *Store) LastOutgoing(convID string, match func(Outgoing) bool) (o Outgoing, found bool, err error) {
	err = s.mailOf(convID, true, func(x Outgoing) bool {
		if match(x) {
			o, found = x, true
		}
		return !found
	})
	return o, found, err
}

// mailOf calls fn with the mail of convID, oldest first or newest first,
// while fn returns true.
func (s *Store) mailOf(convID string, newestFirst bool, fn func(Outgoing) bool) error {
	prefix := append([]byte(convID), 0)
	end := append([]byte(convID), 1) // just past every key of prefix
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bOutConv).Cursor()
		k, _ := c.Seek(prefix)
		step := c.Next
		if newestFirst {
			if k, _ = c.Seek(end); k == nil {
				k, _ = c.Last()
			} else {
				k, _ = c.Prev()
			}
			step = c.Prev
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = step() {
			id := string(k[len(prefix)+8:])
			var o Outgoing
			ok, err := getOutgoing(tx, id, &o)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("indexed mail %s is missing from the outbox", id)
			}
			if !fn(o) {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read the mail of conversation %q: %w", convID, err)
	}
	return nil
}

// Outgoing reads one outgoing mail, in a read transaction: no write, no
// fsync. ok is false when there is no such mail.
func (s *Store) Outgoing(id string) (o Outgoing, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		ok, err = getOutgoing(tx, id, &o)
		return err
	})
	if err != nil {
		return Outgoing{}, false, fmt.Errorf("read outgoing %s: %w", id, err)
	}
	return o, ok, nil
}

// UpdateOutgoing applies fn to one outgoing mail and saves it, with any
// tasks fn adds, in one transaction. It is how attempts are recorded before
// each send and results after it. fn may run more than once (see
// writer): it must change only o and cm.
func (s *Store) UpdateOutgoing(id string, fn func(o *Outgoing, cm *Commit) error) error {
	return s.w.update(updateOutgoing(id, fn))
}

// SubmitOutgoing queues UpdateOutgoing's change and returns a function
// that waits until it is durable and returns its result (see Submit): a
// caller that holds a lock to order the change need not hold it through
// the fsync. The change may wait a few milliseconds for others to share
// its commit: it is for a caller that waits later, such as a batch of
// send results.
func (s *Store) SubmitOutgoing(id string, fn func(o *Outgoing, cm *Commit) error) func() error {
	return s.w.submitLazy(updateOutgoing(id, fn))
}

// updateOutgoing is the write of UpdateOutgoing.
func updateOutgoing(id string, fn func(o *Outgoing, cm *Commit) error) func(*bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		var o Outgoing
		ok, err := getOutgoing(tx, id, &o)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("outgoing %s: %w", id, ErrNotFound)
		}
		var cm Commit
		if err := fn(&o, &cm); err != nil {
			return err
		}
		if err := putOutgoing(tx, &o); err != nil {
			return err
		}
		return cm.write(tx)
	}
}
