package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"mailbot/mailbot/config"
	"mailbot/mailbot/oauth"
	"mailbot/mailbot/sentbox"
	"mailbot/mailbot/smtpsend"
	"mailbot/state"
)

// smtpSender sends outbox entries with smtpsend, building the exact bytes
// from the stored entry so a retry sends the same mail, and keeps a copy in
// the sending mailbox's Sent folder. Its SMTP connections and its session
// to each Sent folder stay open between mails.
type smtpSender struct {
	s    *smtpsend.Sender
	sent map[string]*sentbox.Keeper // by sending address, lower case
	log  *slog.Logger
	// unsure are the mails, by ID, that may have a copy already: pending
	// when the bot started (a run before may have sent them), or tried
	// since. Mail queued since and never tried cannot have one, and skips
	// the search (an entry goes when its mail's sending is recorded).
	mu     sync.Mutex
	unsure map[string]bool
}

// pendingAtStart reads which mails a run before this one may have tried.
func pendingAtStart(st *state.Store) (map[string]bool, error) {
	out, err := st.Unsent() // the hot outbox: sent mail is out of it
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	unsure := map[string]bool{}
	for _, o := range out {
		if o.Status == state.OutPending {
			unsure[o.ID] = true
		}
	}
	return unsure, nil
}

// errUnverified: the Sent folder, which tells whether a mail that may have
// left already did, cannot be read. The mail is retried later rather than
// sent blind.
type errUnverified struct{ err error }

func (e errUnverified) Error() string {
	return "cannot look in the Sent folder for a copy that would show the mail left already: " + e.err.Error() + ": will retry"
}
func (e errUnverified) Unwrap() error { return e.err }

func newSender(c config.SMTP, tokens *oauth.Source) (*smtpSender, error) {
	s, err := smtpsend.New(SMTPConfig(c, tokens))
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	return &smtpSender{s: s, sent: map[string]*sentbox.Keeper{}, unsure: map[string]bool{}}, nil
}

// close logs out of the kept SMTP connections and Sent-folder sessions.
func (s *smtpSender) close() {
	s.s.Close()
	for _, k := range s.sent {
		k.Close()
	}
}

// KeepsAttempts tells the dispatcher that the Sent folder keeps the
// record a crash needs: the copy stored once the SMTP server accepted o
// tells the next run that it left, so the attempt is committed with its
// result (see docs/architecture.md, "Sending").
func (s *smtpSender) KeepsAttempts(o state.Outgoing) bool {
	return s.sent[strings.ToLower(o.From)] != nil
}

// Send builds and sends one outgoing mail, then keeps its copy in the Sent
// folder (see package sentbox). A mail that may have left already — pending
// when the bot started, or tried before — is looked for there first, and a
// copy that shows it left stops a second send.
func (s *smtpSender) Send(ctx context.Context, o state.Outgoing) error {
	m := smtpsend.Mail{
		From:          smtpsend.Address{Name: o.FromName, Address: o.From},
		To:            o.To,
		Subject:       o.Subject,
		Text:          o.Text,
		HTML:          o.HTML,
		MessageID:     o.MessageID,
		InReplyTo:     o.InReplyTo,
		References:    o.References,
		AutoSubmitted: o.AutoSubmitted,
		Headers:       map[string]string{"X-Mailbot-Ref": o.ConversationID},
	}
	raw, err := smtpsend.Build(m, time.Now())
	if err != nil {
		return fmt.Errorf("build %s: %w", o.MessageID, err)
	}
	box := s.sent[strings.ToLower(o.From)]
	if box == nil {
		return s.s.Send(ctx, m.Envelope(), raw)
	}
	s.mu.Lock()
	// Not o.Attempts: with a Sent copy, the dispatcher counts this very
	// attempt before the call (it is recorded with the result).
	unsure := s.unsure[o.ID]
	s.unsure[o.ID] = true // even if the outcome is never recorded
	s.mu.Unlock()
	var prev sentbox.Copy
	found := false
	if unsure {
		err := box.Do(ctx, func(sess *sentbox.Session) (err error) {
			prev, found, err = sess.Find(o.MessageID)
			return err
		})
		switch {
		case err != nil:
			return errUnverified{err}
		case found && prev.Sent:
			s.log.Info("already sent before a restart: not sent again", "message_id", o.MessageID)
			return nil
		}
	}
	if err := s.s.Send(ctx, m.Envelope(), raw); err != nil {
		return err
	}
	tries := 0
	err = box.Do(ctx, func(sess *sentbox.Session) error {
		if found { // a copy an earlier version marked unsent
			return sess.MarkSent(prev.UID)
		}
		// A repeated call searches first: the first one's append may
		// have been stored.
		if tries++; tries > 1 {
			if _, stored, err := sess.Find(o.MessageID); err != nil || stored {
				return err
			}
		}
		return sess.Append(raw)
	})
	if err != nil {
		s.log.Warn("sent, but its copy could not be stored in the Sent folder", "message_id", o.MessageID, "err", err)
	}
	return nil
}

// forget drops o from the unsure mails once its sending is recorded: it
// will not be sent again. A mail tried, then failed or discarded, stays
// until the next start.
func (s *smtpSender) forget(o state.Outgoing) {
	s.mu.Lock()
	delete(s.unsure, o.ID)
	s.mu.Unlock()
}

func (s *smtpSender) isTemporary(err error) bool {
	return errors.As(err, new(errUnverified)) || smtpsend.IsTemporary(err)
}

// SendNow sends one mail through [smtp] at once, outside the running bot
// (`mailbot digest --send`).
func SendNow(ctx context.Context, cfg *config.Config, log *slog.Logger, o state.Outgoing) error {
	tokens, err := NewTokenSource(cfg, log)
	if err != nil {
		return err
	}
	s, err := newSender(cfg.SMTP, tokens)
	if err != nil {
		return err
	}
	s.log = log
	defer s.close()
	return s.Send(ctx, o)
}
