// Package app assembles a running mailbot from its configuration: the
// state file, the decision engine, the loop guard, the SMTP sender and one
// IMAP watcher per mailbox. `mailbot run` and `mailbot demo` both use it,
// and so do the end-to-end tests, without a process.
package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"mailbot/mailbot/bot"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/digest"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/loopguard"
	"mailbot/mailbot/metrics"
	"mailbot/mailbot/oauth"
	"mailbot/mailbot/retention"
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
	// ShutdownGrace is how long, once Run's context is done, the work in
	// flight may take to finish; zero means DefaultShutdownGrace.
	ShutdownGrace time.Duration
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
	// clock is the injected time source (time.Now in production).
	clock func() time.Time
	// OAuth is the token source of the mailboxes and SMTP that sign in
	// with OAuth2, nil when none does; its Status is for the dashboard.
	OAuth *oauth.Source
	// Metrics are served at /metrics on the dashboard.
	Metrics *metrics.Metrics
	sender  *smtpSender
	web     *web.Server
	webLn   net.Listener
	digests *digest.Scheduler
	// work is the context of the messages in the handlers' hands: it
	// outlives Run's by grace (see Run).
	work  context.Context
	grace time.Duration
}

// DefaultShutdownGrace is how long, once Run's context is done, the work
// in flight — one message per mailbox, an LLM call among it — may take to
// finish before it is cancelled. A message cut then is not committed; the
// next run takes it again.
const DefaultShutdownGrace = 25 * time.Second

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
	if sender.unsure, err = pendingAtStart(st); err != nil {
		st.Close()
		return nil, err
	}
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	m := metrics.New()
	if err := errors.Join(m.WatchOutbox(st.Unsent), m.WatchUnreadable(st.Unreadable)); err != nil {
		st.Close()
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if cfg.Security.TrustedAuthservID == "" {
		opts.Logger.Warn("security.trusted_authserv_id is not set: engineers' answers are checked without the receiving server's DKIM/SPF/DMARC results")
	}
	a := &App{cfg: cfg, log: opts.Logger, Store: st, health: newHealth(m, clock), started: clock(), clock: clock, OAuth: tokens, Metrics: m, sender: sender,
		grace: cmp.Or(opts.ShutdownGrace, DefaultShutdownGrace)}
	bo := botOptions(cfg, eng, st, opts)
	bo.Sender, bo.IsTemporary, bo.Metrics = sender, sender.isTemporary, m
	bo.OnSent = func(o state.Outgoing) {
		sender.forget(o)
		if opts.OnSent != nil {
			opts.OnSent(o)
		}
	}
	bo.SendConcurrency = cfg.SMTP.Connections
	a.Bot = bot.New(bo)
	sender.log = opts.Logger
	for _, m := range cfg.Mailboxes {
		w := a.watcher(m)
		a.watchers = append(a.watchers, w)
		if cfg.IMAP.SentFolder != "" {
			sender.sent[strings.ToLower(m.Address)] = sentbox.New(w, cfg.IMAP.SentFolder).Keep(0)
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

// connection is how a mailbox's watcher connects and signs in.
func connection(m config.Mailbox, tokens *oauth.Source) imapwatch.Options {
	secret := m.Secret
	o := imapwatch.Options{
		Name:     m.Sector,
		Address:  m.Server,
		TLS:      imapwatch.TLSMode(m.TLS),
		Username: m.Username,
		Password: func(context.Context) (string, error) { return secret.Resolve() },
		Folder:   m.Folder,
	}
	useToken(&o, m, tokens)
	return o
}

func (a *App) watcher(m config.Mailbox) imapwatch.Options {
	sector := m.Sector
	o := connection(m, a.OAuth)
	o.DoneKeyword = a.cfg.IMAP.DoneKeyword
	o.MoveTo = a.cfg.IMAP.MoveTo
	o.IdleRestart = a.cfg.IMAP.IdleRestart
	o.PollInterval = a.cfg.IMAP.PollInterval
	o.CommandTimeout = a.cfg.IMAP.CommandTimeout
	o.MaxMessageSize = a.cfg.IMAP.MaxMessageSize
	o.Logger = a.log.With("mailbox", sector)
	o.Cursors = positions{a.Store}
	// The position goes into the message's commit: one write per message.
	o.HandlerSavesPosition = true
	o.OnStatus = a.health.update
	o.Quarantine = func(_ context.Context, q imapwatch.Quarantined) error {
		return a.Bot.Quarantine(q)
	}
	// The watcher's context ends when the bot stops taking mail; the
	// message in hand goes on under a.work.
	o.Handler = func(_ context.Context, f imapwatch.Fetched) (func() error, error) {
		cur := state.Cursor(f.Position)
		wait, err := a.Bot.Queue(bot.WithUID(a.work, f.UID), sector, f.Body, &cur)
		if err != nil {
			return nil, badMessage(err)
		}
		return func() error { return badMessage(wait()) }, nil
	}
	return o
}

// badMessage tells the watcher that a message the bot cannot process is
// the message's fault, to be quarantined after a few tries.
func badMessage(err error) error {
	if errors.Is(err, bot.ErrUnprocessable) {
		return fmt.Errorf("%w: %w", imapwatch.ErrBadMessage, err)
	}
	return err
}

// Run runs the watchers, the dispatcher, the reminders, the digest and
// the dashboard until ctx is done or one of them fails, which is logged at
// error level and returned: the daemon does not run on half-broken.
//
// Stopping has two phases, as in mox: first no new work is taken (no
// fetch, no new send), then the work in flight — a message being decided,
// an LLM call among it, a mail being sent — may finish for
// Options.ShutdownGrace before it is cancelled. Run returns once every part has stopped.
func (a *App) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	a.work = work
	stopWork := context.AfterFunc(ctx, func() {
		t := time.AfterFunc(a.grace, cancelWork)
		context.AfterFunc(work, func() { t.Stop() })
	})
	defer stopWork()
	start := func(name string, f func(context.Context) error) {
		g.Go(func() error {
			err := f(ctx)
			if err != nil && !errors.Is(err, context.Canceled) {
				a.log.Error("fatal: mailbot stops", "part", name, "err", err)
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		})
	}
	for _, w := range a.watchers {
		start("mailbox "+w.Name, func(ctx context.Context) error { return imapwatch.Run(ctx, w) })
	}
	start("outbox", a.Bot.Dispatch)
	start("reminders", a.Bot.Remind)
	start("retention", func(ctx context.Context) error {
		return retention.Run(ctx, retention.Options{Store: a.Store, Keep: time.Duration(a.cfg.State.Keep), Clock: a.clock, Logger: a.log.With("component", "retention")})
	})
	start("digest", a.digests.Run)
	start("dashboard", func(ctx context.Context) error { return a.web.Serve(ctx, a.webLn) })
	start("read-only socket", a.serveSnapshots)
	return g.Wait()
}

// botOptions are the bot's options that follow from the configuration
// and the caller's clock, logger and decision hook; sending is the
// caller's.
func botOptions(cfg *config.Config, eng *engine.Engine, st *state.Store, opts Options) bot.Options {
	return bot.Options{
		Rules:      rules(cfg, eng, st),
		Store:      st,
		Clock:      opts.Clock,
		Logger:     opts.Logger,
		OnDecision: opts.OnDecision,
		// Above the LLM's own timeout: its failure is a fallback to the
		// rules, not a message that cannot be processed.
		StageTimeout: max(bot.DefaultStageTimeout, cfg.LLM.Timeout+time.Minute),
	}
}

// positions keeps the watchers' positions in the state file.
type positions struct{ st *state.Store }

func (p positions) Position(mailbox string) (imapwatch.Position, error) {
	c, err := p.st.Cursor(mailbox)
	return imapwatch.Position(c), err
}

func (p positions) SavePosition(mailbox string, pos imapwatch.Position) error {
	return p.st.SetCursor(mailbox, state.Cursor(pos))
}

// Close closes the dashboard's listener (when Run never served it), the
// kept SMTP and Sent-folder connections and the state file; call it after
// Run has returned.
func (a *App) Close() error {
	a.webLn.Close()
	a.sender.close()
	return a.Store.Close()
}

// rules are the bot's rules under cfg, with the engine built from it.
func rules(cfg *config.Config, eng *engine.Engine, st *state.Store) bot.Rules {
	return bot.Rules{
		Engine:              eng,
		Guard:               loopguard.New(ownAddresses(cfg), allEngineers(cfg), cfg.Policy.MaxRepliesPerDay, st),
		Engineers:           cfg.Engineers,
		TrustedAuthservID:   cfg.Security.TrustedAuthservID,
		ReplyToDomains:      cfg.Security.ReplyToDomains,
		Modes:               modes(cfg.Modes),
		ReminderWorkingDays: cfg.Policy.ReminderWorkingDays,
	}
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
