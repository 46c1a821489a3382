package state

import bolt "go.etcd.io/bbolt"

type cursor struct {
	UIDValidity uint32 `json:"uidvalidity"`
	LastUID     uint32 `json:"last_uid"`
}

// Cursor returns the UIDVALIDITY and last processed UID of a mailbox (0, 0 when new).
func (s *Store) Cursor(mailbox string) (uidValidity, lastUID uint32, err error) {
	var c cursor
	err = s.db.View(func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bCursors), mailbox, &c)
		return err
	})
	return c.UIDValidity, c.LastUID, err
}

// SetCursor records how far a mailbox has been processed.
func (s *Store) SetCursor(mailbox string, uidValidity, lastUID uint32) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bCursors), mailbox, cursor{uidValidity, lastUID})
	})
}
