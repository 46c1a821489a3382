package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/bot"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/memimap"
	"mailbot/mailbot/smtpsink"
	"mailbot/mailbot/testutil"
)

// harness is an IMAP server (embedded, or Dovecot in dovecot_test.go), an
// SMTP sink and a running bot.
type harness struct {
	t     *testing.T
	imap  *memimap.Server // nil when the bot reads another server
	smtp  *smtpsink.Sink
	cfg   *config.Config
	clock *testutil.Clock
	app   *App
	stop  func()
	// onDecision is told of every processed message, inside the bot.
	onDecision func(bot.Event)
	grace      time.Duration
	logger     *slog.Logger
}

const (
	btpBox   = "epreuves-btp@afpa.fr"
	engineer = "ingenierie-btp@afpa.fr"
)

// setup says which IMAP server the harness's bot reads.
type setup struct {
	imapAddr string
	password string // of both sector mailboxes
	// imap are settings of the [imap] section (timings).
	imap       map[string]any
	onDecision func(bot.Event)
	// configure, if set, changes the configuration further.
	configure func(*testutil.Config)
	// grace is Options.ShutdownGrace.
	grace time.Duration
	// logger, if set, receives the bot's logs.
	logger *slog.Logger
}

// newHarness runs a bot against an embedded IMAP server.
func newHarness(t *testing.T, start time.Time) *harness {
	t.Helper()
	return newMemHarness(t, start, setup{})
}

// newMemHarness runs a bot set up as s says against an embedded IMAP
// server.
func newMemHarness(t *testing.T, start time.Time, s setup) *harness {
	t.Helper()
	imapSrv := testutil.IMAP(t, btpBox, "epreuves-ccp@afpa.fr")
	s.imapAddr, s.password = imapSrv.Addr(), testutil.Password
	if s.imap == nil {
		s.imap = map[string]any{"poll_interval": "2s"}
	}
	h := newHarnessOn(t, start, s)
	h.imap = imapSrv
	return h
}

// newHarnessOn runs a bot that watches the btp and ccp mailboxes of the
// IMAP server s names and sends to a new SMTP sink.
func newHarnessOn(t *testing.T, start time.Time, s setup) *harness {
	t.Helper()
	sink := testutil.Sink(t)
	conf := testutil.NewConfig(t, s.imapAddr, sink.Addr()).Password(s.password).
		Mailbox("btp").Mailbox("ccp").Engineer("btp", engineer).Set("policy.max_replies_per_day", 3).
		Set("security.trusted_authserv_id", "mx.afpa.fr").Set("security.reply_to_domains", []string{"secretariat-groupe.test"})
	for k, v := range s.imap {
		conf.Set("imap."+k, v)
	}
	if s.configure != nil {
		s.configure(conf)
	}
	cfg := conf.Parse()
	h := &harness{t: t, smtp: sink, cfg: cfg, clock: testutil.NewClock(start), onDecision: s.onDecision, grace: s.grace, logger: s.logger}
	t.Cleanup(func() {
		if h.stop != nil {
			h.stopBot()
		}
	})
	h.startBot()
	return h
}

// startBot runs a bot on the harness's state file until stopBot.
func (h *harness) startBot() {
	h.t.Helper()
	a, err := New(h.cfg, Options{Clock: h.clock.Now, OnDecision: h.onDecision, ShutdownGrace: h.grace, Logger: h.logger})
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	h.app = a
	h.stop = func() {
		cancel()
		if err := <-done; err != nil {
			h.t.Errorf("Run: %v", err)
		}
		if err := a.Close(); err != nil {
			h.t.Errorf("Close: %v", err)
		}
	}
}

func (h *harness) stopBot() {
	h.stop()
	h.stop = nil
}

func (h *harness) deliver(user, raw string) uint32 {
	h.t.Helper()
	uid, err := h.imap.Append(context.Background(), user, "INBOX", []byte(strings.ReplaceAll(raw, "\n", "\r\n")))
	if err != nil {
		h.t.Fatal(err)
	}
	return uid
}

// waitSent waits until the sink holds n messages.
func (h *harness) waitSent(n int) []smtpsink.Received {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got, err := h.smtp.WaitFor(ctx, n)
	if err != nil {
		h.t.Fatalf("waiting for %d mails at the sink: %v (got %d)", n, err, len(h.smtp.Messages()))
	}
	return got
}

// waitFlag waits until the message uid of user carries flag.
func (h *harness) waitFlag(user string, uid uint32, flag string) []string {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		flags, err := h.imap.Flags(context.Background(), user, "INBOX")
		if err != nil {
			h.t.Fatal(err)
		}
		for _, f := range flags[uid] {
			if strings.EqualFold(f, flag) {
				return flags[uid]
			}
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("message %d of %s never got %s (flags %v)", uid, user, flag, flags[uid])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func paris(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.Paris)
}

func mail(from, to, subject, msgID, date, body string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\nTo: %s\nSubject: %s\nMessage-ID: %s\nDate: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n", from, to, subject, msgID, date)
	for _, h := range extra {
		b.WriteString(h + "\n")
	}
	b.WriteString("\n" + body + "\n")
	return b.String()
}

// bodyOf decodes the text of a mail received by the sink.
func bodyOf(r smtpsink.Received) string {
	return mailmsg.Parse(bytes.NewReader(r.Raw)).Text
}
