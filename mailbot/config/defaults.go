package config

import "time"

// Defaults that follow the shape of SPEC section 8.
const (
	DefaultMaxRepliesPerDay    = 3
	DefaultReminderWorkingDays = 3
	DefaultDoneKeyword         = "$MailbotDone"
	DefaultWebListen           = "127.0.0.1:8025"
	DefaultSessionLifetime     = 12 * time.Hour
	DefaultUnreachableAfter    = 15 * time.Minute
	DefaultDigestTime          = "08:15"
	DefaultMaxMessageSize      = 64 << 20
	// DefaultKeep is [state] keep: two years, so the dashboard and the
	// reports cover the last two exam seasons.
	DefaultKeep            = Days(730 * 24 * time.Hour)
	DefaultSMTPConnections = 2
)

func (c *Config) applyDefaults() {
	if c.State.Path == "" {
		c.State.Path = "mailbot.db"
	}
	if c.State.Keep == 0 {
		c.State.Keep = DefaultKeep
	}
	if c.IMAP.TLS == "" {
		c.IMAP.TLS = "implicit"
	}
	if c.IMAP.Folder == "" {
		c.IMAP.Folder = "INBOX"
	}
	if c.IMAP.DoneKeyword == "" {
		c.IMAP.DoneKeyword = DefaultDoneKeyword
	}
	if c.IMAP.SentFolder == "" {
		c.IMAP.SentFolder = "Sent"
	}
	if c.IMAP.IdleRestart == 0 {
		c.IMAP.IdleRestart = 4 * time.Minute
	}
	if c.IMAP.PollInterval == 0 {
		c.IMAP.PollInterval = time.Minute
	}
	if c.IMAP.CommandTimeout == 0 {
		c.IMAP.CommandTimeout = time.Minute
	}
	if c.IMAP.MaxMessageSize == 0 {
		c.IMAP.MaxMessageSize = DefaultMaxMessageSize
	}
	for i := range c.Mailboxes {
		m := &c.Mailboxes[i]
		if m.Folder == "" {
			m.Folder = c.IMAP.Folder
		}
		if m.Server == "" {
			m.Server = c.IMAP.Address
		}
		if m.TLS == "" {
			m.TLS = c.IMAP.TLS
		}
		if m.Username == "" {
			m.Username = m.Address
		}
	}
	if c.SMTP.TLS == "" {
		c.SMTP.TLS = "starttls"
	}
	if c.SMTP.Connections == 0 {
		c.SMTP.Connections = DefaultSMTPConnections
	}
	c.applyAuthDefaults()
	c.applyWebDefaults()
	if c.Policy.GenericAck == nil {
		on := true
		c.Policy.GenericAck = &on
	}
	if c.Policy.MaxRepliesPerDay == 0 {
		c.Policy.MaxRepliesPerDay = DefaultMaxRepliesPerDay
	}
	if c.Policy.ReminderWorkingDays == 0 {
		c.Policy.ReminderWorkingDays = DefaultReminderWorkingDays
	}
	if c.LLM.Redact == nil {
		on := true
		c.LLM.Redact = &on
	}
	if c.LLM.Timeout == 0 {
		c.LLM.Timeout = 20 * time.Second
	}
}

func (c *Config) applyWebDefaults() {
	if c.Web.Listen == "" {
		c.Web.Listen = DefaultWebListen
	}
	if c.Web.SessionLifetime == 0 {
		c.Web.SessionLifetime = DefaultSessionLifetime
	}
	if c.Web.UnreachableAfter == 0 {
		c.Web.UnreachableAfter = DefaultUnreachableAfter
	}
	if c.Digest.Time == "" {
		c.Digest.Time = DefaultDigestTime
	}
	if c.Digest.To == nil {
		c.Digest.To = c.Agents.DigestTo
	}
	if c.Digest.From == "" && len(c.Mailboxes) > 0 {
		c.Digest.From = c.Mailboxes[0].Address
	}
}
