// Package app assembles a running mailbot from its configuration: the
// state file, the decision engine, the loop guard, the SMTP sender and one
// IMAP watcher per mailbox. `mailbot run` and `mailbot demo` both use it,
// and so do the end-to-end tests, without a process.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"mailbot/mailbot/bot"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/digest"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/loopguard"
	"mailbot/mailbot/metrics"
	"mailbot/mailbot/oauth"
	"mailbot/mailbot/sentbox"
	"mailbot/mailbot/web"
	"mailbot/state"
)

// Options are the parts a caller may swap (tests and the demo).
type Options struct {
	Logger     *slog.Logger
	Clock      func() time.Time
	OnDecision func(bot.Event)
	OnSent     func(state.Outgoing)
}

// App is a wired bot. Close it after Run returns.
type App struct {
	cfg      *config.Config
	log      *slog.Logger
	Store    *state.Store
	Bot      *bot.Bot
	watchers []imapwatch.Options
	health   *health
	started  time.Time
	// OAuth is the token source of the mailboxes and SMTP that sign in
	// with OAuth2, nil when none does; its Status is for the dashboard.
	OAuth *oauth.Source
	// Metrics are served at /metrics on the dashboard.
	Metrics *metrics.Metrics
	web     *web.Server
	webLn   net.Listener
	digests *digest.Scheduler
}

// New opens the state file and builds every part; nothing runs yet.
func New(cfg *config.Config, opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	eng, err := NewEngine(cfg, opts.Logger)
	if err != nil {
		return nil, err
	}
	tokens, err := NewTokenSource(cfg, opts.Logger)
	if err != nil {
		return nil, err
	}
	sender, err := newSender(cfg.SMTP, tokens)
	if err != nil {
		return nil, err
	}
	st, err := state.Open(cfg.State.Path)
	if err != nil {
		return nil, err
	}
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	m := metrics.New()
	if err := m.WatchOutbox(st.Outbox); err != nil {
		st.Close()
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if cfg.Security.TrustedAuthservID == "" {
		opts.Logger.Warn("security.trusted_authserv_id is not set: engineers' answers are checked without the receiving server's DKIM/SPF/DMARC results")
	}
	a := &App{cfg: cfg, log: opts.Logger, Store: st, health: newHealth(m, clock), started: clock(), OAuth: tokens, Metrics: m}
	a.Bot = bot.New(bot.Options{
		Engine:              eng,
		Store:               st,
		Guard:               loopguard.New(ownAddresses(cfg), allEngineers(cfg), cfg.Policy.MaxRepliesPerDay, st),
		Sender:              sender,
		IsTemporary:         sender.isTemporary,
		Engineers:           cfg.Engineers,
		TrustedAuthservID:   cfg.Security.TrustedAuthservID,
		ReplyToDomains:      cfg.Security.ReplyToDomains,
		Modes:               modes(cfg.Modes),
		ReminderWorkingDays: cfg.Policy.ReminderWorkingDays,
		Clock:               opts.Clock,
		Logger:              opts.Logger,
		OnDecision:          opts.OnDecision,
		OnSent:              opts.OnSent,
		Metrics:             m,
	})
	sender.log = opts.Logger
	for _, m := range cfg.Mailboxes {
		w := a.watcher(m)
		a.watchers = append(a.watchers, w)
		if cfg.IMAP.SentFolder != "" {
			sender.sent[strings.ToLower(m.Address)] = sentbox.New(w, cfg.IMAP.SentFolder)
		}
	}
	if err := a.agentSide(eng.Policy.Calendar, opts.Clock); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

// agentSide builds the dashboard, listening already so that its address is
// known, and the daily digest.
func (a *App) agentSide(cal *calendar.Calendar, clock func() time.Time) error {
	var err error
	sectors := make([]string, 0, len(a.cfg.Mailboxes))
	for _, m := range a.cfg.Mailboxes {
		sectors = append(sectors, m.Sector)
	}
	a.web, err = web.New(web.Options{
		Store: a.Store, Bot: a.Bot, Mailboxes: a.Mailboxes, Config: a.cfg.Web, Sectors: sectors,
		Calendar: cal, Metrics: a.Metrics, Clock: clock, Logger: a.log.With("component", "web"),
	})
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	a.digests, err = digest.NewScheduler(digest.SchedulerOptions{
		Store: a.Store, Calendar: cal, Config: a.cfg.Digest, Sectors: sectors,
		Mailboxes:        func() []digest.Mailbox { return web.ForDigest(a.Mailboxes()) },
		UnreachableAfter: a.cfg.Web.UnreachableAfter, DashboardURL: a.cfg.Web.PublicURL,
		Clock: clock, Logger: a.log.With("component", "digest"), Poke: a.Bot.Poke,
	})
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	if a.webLn, err = net.Listen("tcp", a.cfg.Web.Listen); err != nil {
		return fmt.Errorf("web.listen: %w", err)
	}
	return nil
}

// WebAddr is the dashboard's address (host:port).
func (a *App) WebAddr() string { return a.webLn.Addr().String() }

func (a *App) watcher(m config.Mailbox) imapwatch.Options {
	sector, secret := m.Sector, m.Secret
	o := imapwatch.Options{
		Name:           sector,
		Address:        m.Server,
		TLS:            imapwatch.TLSMode(m.TLS),
		Username:       m.Username,
		Password:       func(context.Context) (string, error) { return secret.Resolve() },
		Folder:         m.Folder,
		DoneKeyword:    a.cfg.IMAP.DoneKeyword,
		MoveTo:         a.cfg.IMAP.MoveTo,
		IdleRestart:    a.cfg.IMAP.IdleRestart,
		PollInterval:   a.cfg.IMAP.PollInterval,
		CommandTimeout: a.cfg.IMAP.CommandTimeout,
		Logger:         a.log.With("mailbox", sector),
		Cursors:        a.Store,
		OnStatus:       a.health.update,
		Handler: func(ctx context.Context, f imapwatch.Fetched) error {
			return a.Bot.Process(ctx, sector, f.Body)
		},
	}
	a.useToken(&o, m)
	return o
}

// Run runs the watchers, the dispatcher and the reminders until ctx is
// done, then waits for them: in-flight work finishes first.
func (a *App) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(a.watchers)+4)
	start := func(name string, f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("%s: %w", name, err)
			}
		}()
	}
	for _, w := range a.watchers {
		start("mailbox "+w.Name, func(ctx context.Context) error { return imapwatch.Run(ctx, w) })
	}
	start("outbox", a.Bot.Dispatch)
	start("reminders", a.Bot.Remind)
	start("digest", a.digests.Run)
	start("dashboard", func(ctx context.Context) error { return a.web.Serve(ctx, a.webLn) })
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// Close closes the dashboard's listener (when Run never served it) and the
// state file; call it after Run has returned.
func (a *App) Close() error {
	a.webLn.Close()
	return a.Store.Close()
}

func modes(m map[string]string) bot.Modes {
	out := bot.Modes{Default: m["default"], ByCategory: map[string]string{}}
	for k, v := range m {
		if k != "default" {
			out.ByCategory[k] = v
		}
	}
	return out
}

func ownAddresses(cfg *config.Config) []string {
	var out []string
	for _, m := range cfg.Mailboxes {
		out = append(out, m.Address)
	}
	return append(out, cfg.Agents.DigestTo...)
}

func allEngineers(cfg *config.Config) []string {
	var out []string
	for _, list := range cfg.Engineers {
		out = append(out, list...)
	}
	return out
}
