package state

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Commit is everything one processed message changes, written at once.
type Commit struct {
	// SeenKeys mark the message as processed (see DedupeKey). A key
	// already marked fails the commit with ErrConflict: the message was
	// processed meanwhile.
	SeenKeys []string
	// Conversation is created, or replaced when Update is set; its
	// MessageIDs are indexed.
	Conversation *Conversation
	// Update says that Conversation exists and replaces it. Without it
	// Commit creates Conversation and fails with ErrExists when its ID is
	// taken: two conversations never merge because their references
	// collide. With it, Conversation.Rev must still be the stored one,
	// else Commit fails with ErrConflict.
	Update bool
	// Outgoing mail to queue.
	Outgoing []Outgoing
	// Tasks for agents.
	Tasks []Task
	// RepliedTo records an automatic reply to this address now (rate
	// limit). When ReplyLimit is positive and the address already had
	// that many replies in the window, the commit fails with
	// ErrConflict: another message's reply was committed meanwhile.
	RepliedTo  string
	ReplyLimit int
	// CloseTasksOf marks every open task of this conversation done.
	CloseTasksOf string
	// DiscardUnsentOf marks discarded every held or pending mail of this
	// conversation but the mail this commit queues (a new plan replaces
	// the old one).
	DiscardUnsentOf string
	// Edit changes the conversation EditOf, read and written in the same
	// transaction (an agent's action on one of its mails, the time a
	// forward left).
	EditOf string
	Edit   func(c *Conversation)
	// Unreadable counts one message recorded unread, by reason (see
	// Store.Unreadable).
	Unreadable string
	// Owners are the Message-ID mappings the commit was built on (see
	// Store.Lookup): one that changed meanwhile fails the commit with
	// ErrConflict (the same mail, arrived in two mailboxes at once, then
	// makes one conversation).
	Owners map[string]string
	// Cursor, when set, becomes Mailbox's cursor: the IMAP position is
	// saved with the message's outcome, in the same transaction.
	Mailbox string
	Cursor  *Cursor
	At      time.Time

	// Verdict records an agent's verdict on the conversation's category
	// (see putVerdict); Edit may set it.
	Verdict *Verdict
}

// DedupeKey identifies a message within a mailbox: the Message-ID and a
// digest of its content, so a reused Message-ID with another body is another
// message, and a resync after a UIDVALIDITY change answers nothing twice.
func DedupeKey(mailbox, messageID, digest string) string {
	return mailbox + "\x00" + messageID + "\x00" + digest
}

// Seen returns the conversation a processed message went to, if it was processed.
func (s *Store) Seen(key string) (convID string, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bSeen).Get([]byte(key))
		convID, ok = string(v), v != nil
		return nil
	})
	return convID, ok, err
}

// Commit writes a processed message's consequences in one transaction,
// and returns once they are durable.
func (s *Store) Commit(cm Commit) error { return s.Submit(cm)() }

// Submit queues cm for the writer, after every commit submitted before
// it, and returns a function that waits until it is durable and returns
// its result. A caller that holds a lock while it reads and builds its
// commit can release the lock before waiting: commits submitted under
// the lock are written in that order, and the checks of ErrExists and
// ErrConflict catch a commit built on what another changed meanwhile.
func (s *Store) Submit(cm Commit) func() error {
	wait := s.w.submit(cm.write)
	return func() error {
		if err := wait(); err != nil {
			return fmt.Errorf("commit to state: %w", err)
		}
		return nil
	}
}

func (cm *Commit) write(tx *bolt.Tx) error {
	for id, owner := range cm.Owners {
		if now := string(tx.Bucket(bMsgIDs).Get([]byte(id))); now != owner {
			return fmt.Errorf("message %s now belongs to conversation %q: %w", id, now, ErrConflict)
		}
	}
	convID := ""
	if c := cm.Conversation; c != nil {
		convID = c.ID
		if err := cm.putConversation(tx); err != nil {
			return err
		}
	}
	for _, k := range cm.SeenKeys {
		if tx.Bucket(bSeen).Get([]byte(k)) != nil {
			return fmt.Errorf("message already processed: %w", ErrConflict)
		}
		if err := tx.Bucket(bSeen).Put([]byte(k), []byte(convID)); err != nil {
			return err
		}
	}
	for i := range cm.Outgoing {
		if err := putOutgoing(tx, &cm.Outgoing[i]); err != nil {
			return err
		}
	}
	for i := range cm.Tasks {
		if err := putTask(tx, &cm.Tasks[i]); err != nil {
			return err
		}
	}
	if cm.CloseTasksOf != "" {
		if err := closeTasks(tx, cm.CloseTasksOf, cm.At); err != nil {
			return err
		}
	}
	if cm.DiscardUnsentOf != "" {
		if err := cm.discardUnsent(tx); err != nil {
			return err
		}
	}
	if cm.EditOf != "" {
		if err := cm.edit(tx); err != nil {
			return err
		}
	}
	if cm.Verdict != nil {
		if err := putVerdict(tx, cm.Verdict); err != nil {
			return err
		}
	}
	if cm.Unreadable != "" {
		if err := count(tx, "unreadable/"+cm.Unreadable); err != nil {
			return err
		}
	}
	if cm.Cursor != nil {
		if err := putJSON(tx.Bucket(bCursors), cm.Mailbox, cm.Cursor); err != nil {
			return err
		}
	}
	if cm.RepliedTo != "" {
		return recordReply(tx, cm.RepliedTo, cm.At, cm.ReplyLimit)
	}
	return nil
}

// putConversation creates or replaces the commit's conversation, with a
// new revision. The commit's own copy is left as it is: the writer may
// run the commit again.
func (cm *Commit) putConversation(tx *bolt.Tx) error {
	c := *cm.Conversation
	var stored struct {
		Rev int `json:"rev"`
	}
	exists, err := getJSON(tx.Bucket(bConvs), c.ID, &stored)
	switch {
	case err != nil:
		return err
	case exists && !cm.Update:
		return fmt.Errorf("create conversation %s: %w", c.ID, ErrExists)
	case !exists && cm.Update:
		return fmt.Errorf("update conversation %s: %w", c.ID, ErrNotFound)
	case exists && stored.Rev != c.Rev:
		return fmt.Errorf("conversation %s (revision %d, now %d): %w", c.ID, c.Rev, stored.Rev, ErrConflict)
	}
	c.Rev++
	if err := putConversation(tx, &c); err != nil {
		return err
	}
	for _, id := range c.MessageIDs {
		if err := tx.Bucket(bMsgIDs).Put([]byte(id), []byte(c.ID)); err != nil {
			return err
		}
	}
	return nil
}

// discardUnsent marks discarded the held and pending mail of
// DiscardUnsentOf that this commit does not queue. Only the hot outbox
// holds such mail.
func (cm *Commit) discardUnsent(tx *bolt.Tx) error {
	var drop []Outgoing
	err := each(tx, bOutbox, func(o *Outgoing) error {
		if o.ConversationID == cm.DiscardUnsentOf && (o.Status == OutHeld || o.Status == OutPending) &&
			!slices.ContainsFunc(cm.Outgoing, func(n Outgoing) bool { return n.ID == o.ID }) {
			drop = append(drop, *o)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range drop { // written after the walk, which must not see writes
		drop[i].Status = OutDiscarded
		if err := putOutgoing(tx, &drop[i]); err != nil {
			return err
		}
	}
	return nil
}

// closeTasks marks done the open tasks of conversation convID, found
// through tasks_open.
func closeTasks(tx *bolt.Tx, convID string, at time.Time) error {
	prefix := append([]byte(convID), 0)
	var ids [][]byte
	c := tx.Bucket(bOpenTasks).Cursor()
	for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, bytes.Clone(k[len(prefix):]))
	}
	for _, id := range ids {
		var t Task
		ok, err := getJSON(tx.Bucket(bTasks), string(id), &t)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("open task %s of conversation %s is missing", id, convID)
		}
		t.Done, t.DoneAt = true, at
		if err := putTask(tx, &t); err != nil {
			return err
		}
	}
	return nil
}

// edit applies Edit to EditOf.
func (cm *Commit) edit(tx *bolt.Tx) error {
	var c Conversation
	ok, err := getJSON(tx.Bucket(bConvs), cm.EditOf, &c)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("conversation %s: %w", cm.EditOf, ErrNotFound)
	}
	cm.Edit(&c)
	c.Rev++
	return putConversation(tx, &c)
}
