package app

import (
	"context"
	"fmt"
	"time"

	"mailbot/mailbot/config"
	"mailbot/mailbot/smtpsend"
	"mailbot/state"
)

// smtpSender sends outbox entries with smtpsend, building the exact bytes
// from the stored entry so a retry sends the same mail.
type smtpSender struct {
	s *smtpsend.Sender
}

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
	return &smtpSender{s: s}, nil
}

// Send builds and sends one outgoing mail.
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
	return s.s.Send(ctx, m.Envelope(), raw)
}

func (s *smtpSender) isTemporary(err error) bool { return smtpsend.IsTemporary(err) }
