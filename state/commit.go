package state

import (
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Commit is everything one processed message changes, written at once.
type Commit struct {
	// SeenKeys mark the message as processed (see DedupeKey).
	SeenKeys []string
	// Conversation is created, or replaced when Update is set; its
	// MessageIDs are indexed.
	Conversation *Conversation
	// Update says that Conversation exists and replaces it. Without it
	// Commit creates Conversation and fails with ErrExists when its ID is
	// taken: two conversations never merge because their references
	// collide.
	Update bool
	// Outgoing mail to queue.
	Outgoing []Outgoing
	// Tasks for agents.
	Tasks []Task
	// RepliedTo records an automatic reply to this address now (rate limit).
	RepliedTo string
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
	At         time.Time

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

// Commit writes a processed message's consequences in one transaction.
func (s *Store) Commit(cm Commit) error {
	if err := s.db.Update(cm.write); err != nil {
		return fmt.Errorf("commit to state: %w", err)
	}
	return nil
}

func (cm *Commit) write(tx *bolt.Tx) error {
	convID := ""
	if c := cm.Conversation; c != nil {
		convID = c.ID
		switch exists := tx.Bucket(bConvs).Get([]byte(c.ID)) != nil; {
		case exists && !cm.Update:
			return fmt.Errorf("create conversation %s: %w", c.ID, ErrExists)
		case !exists && cm.Update:
			return fmt.Errorf("update conversation %s: %w", c.ID, ErrNotFound)
		}
		if err := putJSON(tx.Bucket(bConvs), c.ID, c); err != nil {
			return err
		}
		for _, id := range c.MessageIDs {
			if err := tx.Bucket(bMsgIDs).Put([]byte(id), []byte(c.ID)); err != nil {
				return err
			}
		}
	}
	for _, k := range cm.SeenKeys {
		if err := tx.Bucket(bSeen).Put([]byte(k), []byte(convID)); err != nil {
			return err
		}
	}
	for _, o := range cm.Outgoing {
		if err := putJSON(tx.Bucket(bOutbox), o.ID, o); err != nil {
			return err
		}
	}
	for _, t := range cm.Tasks {
		if err := putJSON(tx.Bucket(bTasks), t.ID, t); err != nil {
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
	if cm.RepliedTo != "" {
		return recordReply(tx, cm.RepliedTo, cm.At)
	}
	return nil
}

// discardUnsent marks discarded the held and pending mail of
// DiscardUnsentOf that this commit does not queue.
func (cm *Commit) discardUnsent(tx *bolt.Tx) error {
	return rewrite(tx, bOutbox, func(o *Outgoing) bool {
		if o.ConversationID != cm.DiscardUnsentOf || o.Status != OutHeld && o.Status != OutPending ||
			slices.ContainsFunc(cm.Outgoing, func(n Outgoing) bool { return n.ID == o.ID }) {
			return false
		}
		o.Status = OutDiscarded
		return true
	})
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
	return putJSON(tx.Bucket(bConvs), c.ID, &c)
}
