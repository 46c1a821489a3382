package imapwatch

import (
	"context"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Reason says why a message is quarantined.
type Reason string

// The reasons for quarantine.
const (
	// TooLarge: the message is over MaxMessageSize; its body was never
	// fetched.
	TooLarge Reason = "too_large"
	// Poison: handling the message crashed the process, panicked the
	// handler or failed with ErrBadMessage QuarantineAfter times (a
	// dead letter, as mail queues have).
	Poison Reason = "poison"
)

// maxNames bounds the attachment names a Quarantined lists.
const maxNames = 50

// Quarantined is a message the handler does not get, described by what
// the server says of it without its body: RFC822.SIZE, INTERNALDATE,
// ENVELOPE and BODYSTRUCTURE (RFC 9051 section 7.5.2).
type Quarantined struct {
	Mailbox     string
	UID         uint32
	UIDValidity uint32
	Reason      Reason
	// Attempts and LastError tell how a poison message failed.
	Attempts  int
	LastError string

	Size         int64
	InternalDate time.Time
	// From the ENVELOPE, RFC 2047 words decoded; MessageID and InReplyTo
	// have angle brackets.
	Date      time.Time
	Subject   string
	From      string // addr-spec, "" when the envelope has none
	FromName  string
	MessageID string
	InReplyTo []string
	// Attachments are the file names BODYSTRUCTURE gives, at most 50.
	Attachments []string
}

// quarantine hands a message to Options.Quarantine and marks it. done and
// err are as for handle.
func (s *conn) quarantine(ctx context.Context, uid uint32, reason Reason, cause error) (done bool, err error) {
	log := s.log.With("uid", uid, "reason", reason)
	q, err := s.describe(uid)
	if err != nil || q == nil {
		return q == nil && err == nil, err
	}
	q.Reason, q.Attempts = reason, s.pos.Failures[uid]
	if cause != nil {
		q.LastError = cause.Error()
	}
	if s.o.Quarantine == nil {
		log.Error("message cannot be handled and nothing quarantines it: left unmarked until restart", "size", q.Size, "err", cause)
		s.failures[uid] = s.o.MaxAttempts
		return false, nil
	}
	if err := s.o.Quarantine(ctx, *q); err != nil {
		s.recordFailure(log, uid, fmt.Errorf("quarantine: %w", err))
		return false, nil
	}
	log.Error("message quarantined: an agent must read it in the mailbox", "size", q.Size, "message_id", q.MessageID, "attempts", q.Attempts, "err", cause)
	s.forget(uid)
	return s.mark(log, uid)
}

// describe fetches what the server says of a message without its body;
// nil when the message is gone.
func (s *conn) describe(uid uint32) (*Quarantined, error) {
	var msgs []*imapclient.FetchMessageBuffer
	err := s.guard(func() (err error) {
		msgs, err = s.c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{
			UID: true, RFC822Size: true, InternalDate: true, Envelope: true,
			BodyStructure: &imap.FetchItemBodyStructure{Extended: true},
		}).Collect()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fetch envelope of uid %d: %w", uid, err)
	}
	if len(msgs) == 0 {
		return nil, nil
	}
	m := msgs[0]
	q := &Quarantined{Mailbox: s.o.Name, UID: uid, UIDValidity: s.pos.UIDValidity, Size: m.RFC822Size, InternalDate: m.InternalDate}
	if e := m.Envelope; e != nil {
		q.Date, q.Subject, q.MessageID = e.Date, e.Subject, angle(e.MessageID)
		for _, id := range e.InReplyTo {
			q.InReplyTo = append(q.InReplyTo, angle(id))
		}
		if len(e.From) > 0 {
			q.From, q.FromName = e.From[0].Addr(), e.From[0].Name
		}
	}
	if m.BodyStructure != nil {
		m.BodyStructure.Walk(func(_ []int, part imap.BodyStructure) bool {
			if p, ok := part.(*imap.BodyStructureSinglePart); ok && p.Filename() != "" && len(q.Attachments) < maxNames {
				q.Attachments = append(q.Attachments, p.Filename())
			}
			return true
		})
	}
	return q, nil
}

func angle(id string) string {
	if id == "" {
		return ""
	}
	return "<" + id + ">"
}
