package state

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Commit is everything one processed message changes, written at once.
type Commit struct {
	// SeenKeys mark the message as processed (see DedupeKey).
	SeenKeys []string
	// Conversation is created or replaced; its MessageIDs are indexed.
	Conversation *Conversation
	// Outgoing mail to queue.
	Outgoing []Outgoing
	// Tasks for agents.
	Tasks []Task
	// RepliedTo records an automatic reply to this address now (rate limit).
	RepliedTo string
	// CloseTasksOf marks every open task of this conversation done.
	CloseTasksOf string
	At           time.Time
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
	if cm.RepliedTo != "" {
		return recordReply(tx, cm.RepliedTo, cm.At)
	}
	return nil
}
