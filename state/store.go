// Package state keeps everything mailbot must not forget in one bbolt file:
// the IMAP cursors, which messages were processed, the conversations, the
// outbox of mail to send and the agents' tasks. A processed message, its
// conversation, the mail it causes and its mailbox's cursor are written in
// one transaction (Commit), so a crash leaves either all of them or none.
// Every write goes through one writer goroutine that groups the writes
// queued meanwhile into one transaction (see writer.go), and the hot
// buckets are indexed (see index.go) so that no frequent read scans them.
package state

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bucket names. Values are JSON, except in the indexes, whose keys say
// everything and whose values are empty (see index.go).
var (
	bCursors   = []byte("cursors")                // mailbox -> cursor
	bSeen      = []byte("seen")                   // dedupe key -> conversation id
	bConvs     = []byte("conversations")          // id -> Conversation
	bConvMeta  = []byte("conversation_index")     // id -> its index entry (activity, status)
	bActivity  = []byte("conversations_activity") // activity key -> nil, newest first
	bStatus    = []byte("conversations_status")   // status, 0, activity key -> nil
	bArchive   = []byte("conversations_archive")  // id -> Conversation closed before [state] keep
	bMsgIDs    = []byte("message_ids")            // Message-ID -> conversation id
	bOutbox    = []byte("outbox")                 // id -> Outgoing that may still be sent
	bOutDue    = []byte("outbox_due")             // due time, id -> nil, pending mail only
	bOutDone   = []byte("outbox_done")            // id -> Outgoing sent, shadow or discarded
	bOutConv   = []byte("outbox_conversation")    // conversation id, 0, created, id -> nil, every mail
	bTasks     = []byte("tasks")                  // id -> Task
	bOpenTasks = []byte("tasks_open")             // conversation id, 0, task id -> nil
	bReplies   = []byte("replies")                // address -> []time.Time of automatic replies
	bCounters  = []byte("counters")               // name -> count of events kept for health
	bLayout    = []byte("layout")                 // "version" -> layout version
	allBucket  = [][]byte{bCursors, bSeen, bConvs, bConvMeta, bActivity, bStatus, bArchive, bMsgIDs,
		bOutbox, bOutDue, bOutDone, bOutConv, bTasks, bOpenTasks, bReplies, bCounters, bLayout}
)

var (
	// ErrNotFound is returned when a conversation or an outgoing mail is unknown.
	ErrNotFound = errors.New("not found")
	// ErrExists is returned by Commit for a new conversation whose ID is
	// taken.
	ErrExists = errors.New("already exists")
	// ErrConflict is returned by Commit when what the commit was built on
	// changed before it was written: the conversation (another revision),
	// the message (already seen) or the sender's reply count. The caller
	// reads again and rebuilds it.
	ErrConflict = errors.New("changed meanwhile")
	// ErrClosed is returned by writes after Close.
	ErrClosed = errors.New("state file closed")
)

// Store is the state file. Its methods are safe for concurrent use.
type Store struct {
	db *bolt.DB
	w  *writer
}

// Open opens (or creates) the state file at path, and brings a file
// written by an older mailbot to the current layout (see migrate).
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
		return migrate(tx)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: prepare the file: %w", path, err)
	}
	return &Store{db: db, w: startWriter(db)}, nil
}

// Close stops the writer, once the writes queued are done, and closes the
// file; it is the last thing the bot does.
func (s *Store) Close() error {
	s.w.stop()
	return s.db.Close()
}

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
	if err := decode(data, v); err != nil {
		return true, fmt.Errorf("decode record %q: %w", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	data, err := encode(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put([]byte(key), data)
}

// each decodes every value of a bucket into a fresh T and calls fn.
func each[T any](tx *bolt.Tx, bucket []byte, fn func(*T) error) error {
	return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		var x T
		if err := decode(v, &x); err != nil {
			return fmt.Errorf("decode %s/%s: %w", bucket, k, err)
		}
		return fn(&x)
	})
}
