package state

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The indexes are buckets whose keys carry what is sorted on and whose
// values are empty; each is written in the transaction that writes the
// record it points to, so a crash never leaves one out of step.
//
//   - outbox_due: due time (big-endian Unix nanoseconds), then the mail's
//     id — pending mail only, so Due reads only what is due and NextDue is
//     the first key.
//   - conversations_activity: the activity key, newest first (the
//     nanoseconds of Updated subtracted from MaxInt64), then the id.
//   - conversations_status: the status, a zero byte, then the activity key.
//   - conversation_index: id -> the conversation's status and activity key,
//     so that a rewrite finds the index keys it replaces without decoding
//     the old record.
//   - tasks_open: conversation id, a zero byte, task id — open tasks only.
//   - outbox_conversation: conversation id ("" for mail of no
//     conversation, such as digests), a zero byte, the creation time
//     (big-endian Unix nanoseconds), the mail's id — every mail, wherever
//     its status keeps it, so a conversation's page and the digest's
//     schedule read their own mail, not the whole outbox.

// layoutVersion is the layout this code writes; migrate brings older files
// to it. An older mailbot refuses a newer layout, which also keeps it from
// compressed records (see codec.go), which layout 3 may hold.
const layoutVersion = 3

func nanos(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(max(t.UnixNano(), 0))
}

// dueKeyOf sorts pending mail by due time, then id.
func dueKeyOf(o *Outgoing) []byte {
	return append(binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(o.ID)), nanos(o.due())), o.ID...)
}

// activityKey sorts conversations most recently updated first.
func activityKey(c *Conversation) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(c.ID)), math.MaxInt64-nanos(c.Updated))
	return append(k, c.ID...)
}

func statusKey(status string, activity []byte) []byte {
	return append(append(append(make([]byte, 0, len(status)+1+len(activity)), status...), 0), activity...)
}

// putConversation writes c and moves its index entries.
func putConversation(tx *bolt.Tx, c *Conversation) error {
	if err := unindexConversation(tx, c.ID); err != nil {
		return err
	}
	if err := putJSON(tx.Bucket(bConvs), c.ID, c); err != nil {
		return err
	}
	act := activityKey(c)
	meta := append(append([]byte(c.Status), 0), act...)
	if err := tx.Bucket(bConvMeta).Put([]byte(c.ID), meta); err != nil {
		return err
	}
	if err := tx.Bucket(bActivity).Put(act, nil); err != nil {
		return err
	}
	return tx.Bucket(bStatus).Put(statusKey(c.Status, act), nil)
}

// unindexConversation drops the index entries of conversation id.
func unindexConversation(tx *bolt.Tx, id string) error {
	meta := tx.Bucket(bConvMeta).Get([]byte(id))
	if meta == nil {
		return nil
	}
	i := bytes.IndexByte(meta, 0)
	if i < 0 {
		return fmt.Errorf("index entry of conversation %s is damaged", id)
	}
	if err := tx.Bucket(bActivity).Delete(meta[i+1:]); err != nil {
		return err
	}
	if err := tx.Bucket(bStatus).Delete(bytes.Clone(meta)); err != nil { // meta is status, 0, activity
		return err
	}
	return tx.Bucket(bConvMeta).Delete([]byte(id))
}

// outConvKey sorts a conversation's mail oldest first.
func outConvKey(o *Outgoing) []byte {
	k := append(append(make([]byte, 0, len(o.ConversationID)+9+len(o.ID)), o.ConversationID...), 0)
	return append(binary.BigEndian.AppendUint64(k, nanos(o.Created)), o.ID...)
}

// putOutgoing writes o where its status puts it — the hot outbox, with
// its due entry when pending, or outbox_done once it will not be sent —
// and drops what the previous version left elsewhere. Its entry in
// outbox_conversation never changes (a mail keeps its conversation and
// its creation time), and is written only when missing.
func putOutgoing(tx *bolt.Tx, o *Outgoing) error {
	if err := dropOutgoing(tx, o.ID); err != nil {
		return err
	}
	if byConv, k := tx.Bucket(bOutConv), outConvKey(o); byConv.Get(k) == nil {
		if err := byConv.Put(k, nil); err != nil {
			return err
		}
	}
	switch o.Status {
	case OutSent, OutShadow, OutDiscarded:
		return putJSON(filled(tx, bOutDone), o.ID, o)
	case OutPending:
		if err := tx.Bucket(bOutDue).Put(dueKeyOf(o), nil); err != nil {
			return err
		}
	}
	return putJSON(filled(tx, bOutbox), o.ID, o)
}

// filled is tx's bucket name, keyed by NewID, set to fill its pages.
func filled(tx *bolt.Tx, name []byte) *bolt.Bucket {
	b := tx.Bucket(name)
	b.FillPercent = appendFill
	return b
}

// dropOutgoing removes mail id from the outbox buckets and the due index.
func dropOutgoing(tx *bolt.Tx, id string) error {
	var old Outgoing
	ok, err := getJSON(tx.Bucket(bOutbox), id, &old)
	if err != nil {
		return err
	}
	if ok {
		if old.Status == OutPending {
			if err := tx.Bucket(bOutDue).Delete(dueKeyOf(&old)); err != nil {
				return err
			}
		}
		return tx.Bucket(bOutbox).Delete([]byte(id))
	}
	return tx.Bucket(bOutDone).Delete([]byte(id))
}

// getOutgoing reads mail id from the hot outbox, then from outbox_done.
func getOutgoing(tx *bolt.Tx, id string, o *Outgoing) (bool, error) {
	if ok, err := getJSON(tx.Bucket(bOutbox), id, o); ok || err != nil {
		return ok, err
	}
	return getJSON(tx.Bucket(bOutDone), id, o)
}

func openTaskKey(t *Task) []byte {
	return append(append([]byte(t.ConversationID), 0), t.ID...)
}

// putTask writes t and its open-task entry.
func putTask(tx *bolt.Tx, t *Task) error {
	if err := putJSON(filled(tx, bTasks), t.ID, t); err != nil {
		return err
	}
	if t.Done {
		return tx.Bucket(bOpenTasks).Delete(openTaskKey(t))
	}
	return tx.Bucket(bOpenTasks).Put(openTaskKey(t), nil)
}

// migrate brings a file to layoutVersion within Open's transaction: the
// layout of version 1 (no version recorded) had one outbox bucket for
// every mail and no index; version 2 had no outbox_conversation.
func migrate(tx *bolt.Tx) error {
	lb := tx.Bucket(bLayout)
	if v := lb.Get([]byte("version")); v != nil {
		if len(v) != 4 {
			return fmt.Errorf("the state file's layout version is damaged (%x)", v)
		}
		switch n := binary.BigEndian.Uint32(v); {
		case n > layoutVersion:
			return fmt.Errorf("the state file has layout %d, newer than this mailbot's (%d): run a newer mailbot", n, layoutVersion)
		case n == 2:
			if err := indexMailByConversation(tx); err != nil {
				return err
			}
			return lb.Put([]byte("version"), binary.BigEndian.AppendUint32(nil, layoutVersion))
		}
		return nil
	}
	// Collected first: bbolt's cursors must not see the writes of their walk.
	var convs []Conversation
	var mails []Outgoing
	var tasks []Task
	if err := each(tx, bConvs, func(c *Conversation) error { convs = append(convs, *c); return nil }); err != nil {
		return err
	}
	if err := each(tx, bOutbox, func(o *Outgoing) error { mails = append(mails, *o); return nil }); err != nil {
		return err
	}
	if err := each(tx, bTasks, func(t *Task) error { tasks = append(tasks, *t); return nil }); err != nil {
		return err
	}
	for i := range convs {
		if err := putConversation(tx, &convs[i]); err != nil {
			return err
		}
	}
	for i := range mails {
		if err := putOutgoing(tx, &mails[i]); err != nil {
			return err
		}
	}
	for i := range tasks {
		if err := putTask(tx, &tasks[i]); err != nil {
			return err
		}
	}
	return lb.Put([]byte("version"), binary.BigEndian.AppendUint32(nil, layoutVersion))
}

// indexMailByConversation writes the outbox_conversation entry of every
// mail (layout 2 to 3).
func indexMailByConversation(tx *bolt.Tx) error {
	byConv := tx.Bucket(bOutConv)
	for _, b := range [][]byte{bOutbox, bOutDone} {
		err := each(tx, b, func(o *Outgoing) error { return byConv.Put(outConvKey(o), nil) })
		if err != nil {
			return err
		}
	}
	return nil
}
