// Package state keeps everything mailbot must not forget in one bbolt file:
// the IMAP cursors, which messages were processed, the conversations, the
// outbox of mail to send and the agents' tasks. A processed message, its
// conversation and the mail it causes are written in one transaction
// (Commit), so a crash leaves either all of them or none.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bucket names. Values are JSON.
var (
	bCursors  = []byte("cursors")       // mailbox -> cursor
	bSeen     = []byte("seen")          // dedupe key -> conversation id
	bConvs    = []byte("conversations") // id -> Conversation
	bMsgIDs   = []byte("message_ids")   // Message-ID -> conversation id
	bOutbox   = []byte("outbox")        // id -> Outgoing
	bTasks    = []byte("tasks")         // id -> Task
	bReplies  = []byte("replies")       // address -> []time.Time of automatic replies
	bCounters = []byte("counters")      // name -> count of events kept for health
	allBucket = [][]byte{bCursors, bSeen, bConvs, bMsgIDs, bOutbox, bTasks, bReplies, bCounters}
)

var (
	// ErrNotFound is returned when a conversation or an outgoing mail is unknown.
	ErrNotFound = errors.New("not found")
	// ErrExists is returned by Commit for a new conversation whose ID is
	// taken.
	ErrExists = errors.New("already exists")
)

// Store is the state file. Its methods are safe for concurrent use.
type Store struct {
	db *bolt.DB
}

// Open opens (or creates) the state file at path.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("open state %s: locked by another process (is another mailbot running?): %w", path, err)
		}
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBucket {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: create buckets: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the file; it is the last thing the bot does.
func (s *Store) Close() error { return s.db.Close() }

// Check verifies the file's consistency (pages, freelist).
func (s *Store) Check() error {
	return s.db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
}

func getJSON(b *bolt.Bucket, key string, v any) (bool, error) {
	data := b.Get([]byte(key))
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return true, fmt.Errorf("decode record %q: %w", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put([]byte(key), data)
}

// each decodes every value of a bucket into a fresh T and calls fn.
func each[T any](tx *bolt.Tx, bucket []byte, fn func(*T) error) error {
	return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return fmt.Errorf("decode %s/%s: %w", bucket, k, err)
		}
		return fn(&x)
	})
}

// rewrite saves every value of a bucket that change changed (reported by
// its result), under the same key.
func rewrite[T any](tx *bolt.Tx, bucket []byte, change func(*T) bool) error {
	changed := map[string]*T{}
	err := tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		x := new(T)
		if err := json.Unmarshal(v, x); err != nil {
			return fmt.Errorf("decode %s/%s: %w", bucket, k, err)
		}
		if change(x) {
			changed[string(k)] = x // written after the walk, which must not see writes
		}
		return nil
	})
	if err != nil {
		return err
	}
	for k, x := range changed {
		if err := putJSON(tx.Bucket(bucket), k, x); err != nil {
			return err
		}
	}
	return nil
}
