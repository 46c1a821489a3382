package state

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

func count(tx *bolt.Tx, name string) error {
	var n int
	b := tx.Bucket(bCounters)
	if _, err := getJSON(b, name, &n); err != nil {
		return err
	}
	return putJSON(b, name, n+1)
}

// Unreadable counts the messages recorded without being read since the
// state file was created, by reason ("too_large", "poison"): the figures
// /healthz and /metrics show.
func (s *Store) Unreadable() (map[string]int, error) {
	out := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bCounters).Cursor()
		prefix := []byte("unreadable/")
		for k, v := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var n int
			if err := decode(v, &n); err != nil {
				return fmt.Errorf("decode counter %s: %w", k, err)
			}
			out[string(k[len(prefix):])] = n
		}
		return nil
	})
	return out, err
}
