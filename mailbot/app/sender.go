package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"mailbot/mailbot/config"
	"mailbot/mailbot/sentbox"
	"mailbot/mailbot/smtpsend"
	"mailbot/state"
)

// smtpSender sends outbox entries with smtpsend, building the exact bytes
// from the stored entry so a retry sends the same mail, and keeps a copy in
// the sending mailbox's Sent folder.
type smtpSender struct {
	s    *smtpsend.Sender
	sent map[string]*sentbox.Box // by sending address, lower case
	log  *slog.Logger
}

// errUnverified: a mail may have left before a crash, and its Sent folder
// cannot be read to tell. It is retried later rather than sent blind.
type errUnverified struct{ err error }

func (e errUnverified) Error() string {
	return "cannot tell whether an earlier attempt was delivered: " + e.err.Error() + ": will retry"
}
func (e errUnverified) Unwrap() error { return e.err }

func newSender(c config.SMTP) (*smtpSender, error) {
	cfg := smtpsend.Config{Address: c.Address, TLS: c.TLS}
	if c.Username != "" {
		secret := c.Secret
		cfg.Auth, cfg.Username = smtpsend.AuthPlain, c.Username
		cfg.Password = func(context.Context) (string, error) { return secret.Resolve() }
	}
	s, err := smtpsend.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	return &smtpSender{s: s, sent: map[string]*sentbox.Box{}}, nil
}

// Send builds and sends one outgoing mail. On a second attempt it first
// looks for the mail in the Sent folder: if an earlier attempt was accepted
// just before a crash, the mail is not sent again.
func (s *smtpSender) Send(ctx context.Context, o state.Outgoing) error {
	box := s.sent[strings.ToLower(o.From)]
	if box != nil && o.Attempts > 1 {
		found, err := box.Has(ctx, o.MessageID)
		if err != nil {
			return errUnverified{err}
		}
		if found {
			s.log.Info("already in the Sent folder: not sent again", "message_id", o.MessageID)
			return nil
		}
	}
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
	if err := s.s.Send(ctx, m.Envelope(), raw); err != nil {
		return err
	}
	if box != nil {
		if err := box.Append(ctx, raw); err != nil {
			s.log.Warn("sent, but no copy kept in the Sent folder", "message_id", o.MessageID, "err", err)
		}
	}
	return nil
}

func (s *smtpSender) isTemporary(err error) bool {
	return errors.As(err, new(errUnverified)) || smtpsend.IsTemporary(err)
}
