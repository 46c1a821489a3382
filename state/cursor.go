package state

import bolt "go.etcd.io/bbolt"

// Cursor is how far a mailbox has been processed, and which of its
// messages were in flight (see imapwatch.Position, which has the same
// fields).
type Cursor struct {
	UIDValidity uint32 `json:"uidvalidity"`
	LastUID     uint32 `json:"last_uid"`
	// InFlight are the UIDs being processed when the cursor was saved.
	InFlight []uint32 `json:"in_flight,omitempty"`
	// Failures counts, per UID, the attempts that crashed or failed
	// because of the message.
	Failures map[uint32]int `json:"failures,omitempty"`
	// Next, when set, says that the first unmarked messages from this
	// UID on may be in flight too (see imapwatch.Position.Next).
	Next uint32 `json:"next,omitempty"`
}

// Cursor returns a mailbox's cursor (zero when new).
func (s *Store) Cursor(mailbox string) (Cursor, error) {
	var c Cursor
	err := s.db.View(func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bCursors), mailbox, &c)
		return err
	})
	return c, err
}

// SetCursor records how far a mailbox has been processed.
func (s *Store) SetCursor(mailbox string, c Cursor) error {
	return s.w.update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bCursors), mailbox, c)
	})
}
