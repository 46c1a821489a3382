// Package demo runs the whole bot on loopback with nothing to configure:
// an embedded IMAP server (go-imap's imapserver + imapmemserver) whose four
// sector mailboxes hold sample mail written for this project, an embedded
// SMTP sink that records what the bot sends, and the real bot between them.
package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"mailbot/mailbot/app"
	"mailbot/mailbot/bot"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/memimap"
	"mailbot/mailbot/smtpsink"
	"mailbot/state"
)

//go:embed samples/*.eml samples/labels.jsonl
var samples embed.FS

// The demo's IMAP password and dashboard login.
const (
	password  = "demo"
	webUser   = "agent"
	webListen = "127.0.0.1:8025"
)

// Options configures a demo run.
type Options struct {
	// Once processes the sample mail, prints a summary and returns.
	Once bool
	// Out receives the running commentary and the summary.
	Out io.Writer
	// Logger receives the bot's logs (nil: discarded).
	Logger *slog.Logger
	// Dir holds the state file and the password file ("" : a temporary
	// directory removed at the end).
	Dir string
	// WebListen is the dashboard's address; "" means 127.0.0.1:8025, or a
	// free port when that one is taken.
	WebListen string
	// Clock is the demo's time (tests stop it); nil means a clock that
	// starts just after the newest sample and runs.
	Clock func() time.Time
	// NoHistory starts from an empty state file, without the month of
	// past conversations (tests of the live part).
	NoHistory bool
}

// Summary is what a demo run did.
type Summary struct {
	Processed  int
	ByCategory map[string]int
	ByAction   map[string]int
	Sent       int
	Queued     int // mail waiting for its send_at (forwards outside the window)
	Tasks      int
	// History is the past seeded before the demo's start.
	History History
}

// Sample is one embedded sample mail.
type Sample struct {
	Name string
	Raw  []byte
}

// Samples returns the embedded sample mail, sorted by name.
func Samples() ([]Sample, error) {
	names, err := fs.Glob(samples, "samples/*.eml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Sample, 0, len(names))
	for _, n := range names {
		raw, err := samples.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Sample{Name: filepath.Base(n), Raw: raw})
	}
	return out, nil
}

// Run starts the servers, seeds them, runs the bot and prints what happens
// until ctx is done (or, with Once, until the samples are processed).
func Run(ctx context.Context, opts Options) (Summary, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	dir := opts.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "mailbot-demo-")
		if err != nil {
			return Summary{}, fmt.Errorf("demo: temporary directory: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	list, err := Samples()
	if err != nil {
		return Summary{}, fmt.Errorf("demo: read samples: %w", err)
	}
	env, err := startServers(dir, opts)
	if err != nil {
		return Summary{}, err
	}
	defer env.close()
	if err := env.seed(ctx, list, opts.Clock); err != nil {
		return Summary{}, err
	}
	if !opts.NoHistory {
		if env.sum.History, err = seedHistory(ctx, env.cfg, env.start, list); err != nil {
			return Summary{}, err
		}
	}
	return env.run(ctx, opts, len(list))
}

// env is the demo's servers and its printer.
type env struct {
	imap  *memimap.Server
	smtp  *smtpsink.Sink
	cfg   *config.Config
	out   io.Writer
	mu    sync.Mutex // serialises printing and the summary
	sum   Summary
	start time.Time // the demo's clock starts here
	began time.Time
	now   func() time.Time // Options.Clock
}

func sectorUser(sector string) string { return "epreuves-" + sector + "@afpa.fr" }

func startServers(dir string, opts Options) (*env, error) {
	e := &env{out: opts.Out, sum: Summary{ByCategory: map[string]int{}, ByAction: map[string]int{}}}
	var users []memimap.User
	for _, s := range config.Sectors {
		users = append(users, memimap.User{Username: sectorUser(s), Password: password})
	}
	var err error
	if e.imap, err = memimap.Start(memimap.Options{Users: users, Logger: opts.Logger}); err != nil {
		return nil, fmt.Errorf("demo: start IMAP server: %w", err)
	}
	e.smtp, err = smtpsink.Start(smtpsink.Options{Logger: opts.Logger, OnMessage: e.printSent})
	if err != nil {
		e.imap.Close()
		return nil, fmt.Errorf("demo: start SMTP sink: %w", err)
	}
	pwFile := filepath.Join(dir, "password")
	if err := os.WriteFile(pwFile, []byte(password), 0o600); err != nil {
		e.close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		e.close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	e.cfg, err = config.Parse(demoConfig(dir, pwFile, e.imap.Addr(), e.smtp.Addr(), webAddress(opts.WebListen), string(hash)))
	if err != nil {
		e.close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	return e, nil
}

// webAddress is where the dashboard listens: the given address, or the
// usual one unless another program holds it.
func webAddress(listen string) string {
	if listen != "" {
		return listen
	}
	ln, err := net.Listen("tcp", webListen)
	if err != nil {
		return "127.0.0.1:0"
	}
	ln.Close()
	return webListen
}

func demoConfig(dir, pwFile, imapAddr, smtpAddr, web, hash string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[state]\npath = %q\n[imap]\naddress = %q\ntls = \"none\"\npoll_interval = \"5s\"\n", filepath.Join(dir, "mailbot.db"), imapAddr)
	for _, s := range config.Sectors {
		fmt.Fprintf(&b, "[[mailbox]]\nsector = %q\naddress = %q\npassword_file = %q\n", s, sectorUser(s), pwFile)
	}
	fmt.Fprintf(&b, "[smtp]\naddress = %q\ntls = \"none\"\n[engineers]\n", smtpAddr)
	for _, s := range config.Sectors {
		fmt.Fprintf(&b, "%s = [\"ingenierie-%s@afpa.fr\"]\n", s, s)
	}
	b.WriteString("[agents]\ndigest_to = [\"gev@afpa.fr\"]\n")
	b.WriteString("[modes]\n")
	for _, c := range slices.Sorted(maps.Keys(approved)) {
		fmt.Fprintf(&b, "%s = \"approve\"\n", c)
	}
	fmt.Fprintf(&b, "[web]\nlisten = %q\n[[web.user]]\nname = %q\npassword_hash = %q\n", web, webUser, hash)
	return b.String()
}

// approved are the categories whose mail waits for an agent's approval
// in the demo, as a new site would start them.
var approved = map[string]bool{"complaint": true, "final_interview_grid": true}

func (e *env) close() {
	e.smtp.Close()
	e.imap.Close()
}

// seed delivers every sample to the mailbox of its To address and sets the
// demo clock just after the newest sample, so date-aware replies read as
// they would on the day.
func (e *env) seed(ctx context.Context, list []Sample, clock func() time.Time) error {
	var eng engine.Engine
	for _, s := range list {
		m := mailmsg.Parse(bytes.NewReader(s.Raw))
		sector := eng.SectorOf(m)
		if sector == "" {
			return fmt.Errorf("demo: sample %s is addressed to no sector mailbox", s.Name)
		}
		if _, err := e.imap.Append(ctx, sectorUser(sector), "INBOX", s.Raw); err != nil {
			return fmt.Errorf("demo: deliver %s: %w", s.Name, err)
		}
		if m.Date.After(e.start) {
			e.start = m.Date
		}
	}
	e.start = e.start.Add(5 * time.Minute).Truncate(time.Minute)
	e.now = clock
	if clock != nil {
		e.start = clock()
	}
	// The digest goes a minute into the demo, once the samples are triaged.
	e.cfg.Digest.Time = e.start.Add(time.Minute).In(calendar.Paris).Format("15:04")
	return nil
}

func (e *env) clock() time.Time {
	if e.now != nil {
		return e.now()
	}
	return e.start.Add(time.Since(e.began))
}

func (e *env) run(ctx context.Context, opts Options, n int) (Summary, error) {
	e.began = time.Now()
	a, err := app.New(e.cfg, app.Options{Logger: opts.Logger, Clock: e.clock, OnDecision: e.printDecision})
	if err != nil {
		return Summary{}, err
	}
	fmt.Fprintf(e.out, "mailbot demo: IMAP %s, SMTP sink %s, clock %s, %d sample mails\n",
		e.imap.Addr(), e.smtp.Addr(), e.start.In(calendar.Paris).Format("Mon 02/01/2006 15:04"), n)
	if h := e.sum.History; !opts.NoHistory {
		fmt.Fprintf(e.out, "history: %d days, %d messages; agents reclassified %d, approved %d held replies and closed %d conversations; %d engineers' answers relayed; %d replies held for approval\n",
			historyDays, h.Messages, h.Reclassified, h.Approved, h.Closed, h.Relayed, h.Held)
	}
	fmt.Fprintf(e.out, "dashboard: http://%s/  (login %s, password %s)\n\n", a.WebAddr(), webUser, password)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(runCtx) }()
	if opts.Once {
		if err := e.waitSettled(ctx, a.Store, n); err != nil {
			cancel()
			<-done
			a.Close()
			return e.summary(), err
		}
		cancel()
	}
	runErr := <-done
	sum := e.finish(a.Store)
	if err := a.Close(); err != nil && runErr == nil {
		runErr = err
	}
	return sum, runErr
}

// waitSettled waits until every sample is decided and nothing due is left
// in the outbox.
func (e *env) waitSettled(ctx context.Context, st *state.Store, n int) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		due, err := st.Due(e.clock(), 0)
		if err != nil {
			return err
		}
		if e.summary().Processed >= n && len(due) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("demo: only %d of %d samples processed after 2 minutes", e.summary().Processed, n)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (e *env) summary() Summary {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sum
}

func (e *env) printDecision(ev bot.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := ev.Decision.Plan
	e.sum.Processed++
	e.sum.ByCategory[string(p.Category)]++
	e.sum.ByAction[string(p.Action)]++
	fmt.Fprintf(e.out, "[%s] %s « %s »\n  → %s (%.2f), %s", ev.Mailbox, ev.From, ev.Subject, p.Category, p.Confidence, p.Action)
	if p.Template != "" {
		fmt.Fprintf(e.out, " %s", p.Template)
	}
	if !p.SendAt.IsZero() {
		fmt.Fprintf(e.out, " at %s", p.SendAt.In(calendar.Paris).Format("02/01/2006 15:04"))
	}
	fmt.Fprintf(e.out, ", priority %s, conversation %s\n", p.Priority, ev.Conversation)
	for _, r := range p.Reasons {
		fmt.Fprintf(e.out, "     · %s\n", r)
	}
	if ev.Note != "" {
		fmt.Fprintf(e.out, "     · %s\n", ev.Note)
	}
}

func (e *env) printSent(r smtpsink.Received) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sum.Sent++
	fmt.Fprintf(e.out, "  ✉ sent to %s: « %s »\n", strings.Join(r.To, ", "), r.Subject())
}

// finish counts what is still queued and the agents' tasks, and prints the summary.
func (e *env) finish(st *state.Store) Summary {
	e.mu.Lock()
	defer e.mu.Unlock()
	if out, err := st.Outbox(); err == nil {
		for _, o := range out {
			if o.Status == state.OutPending {
				e.sum.Queued++
			}
		}
	}
	if tasks, err := st.Tasks(); err == nil {
		e.sum.Tasks = len(tasks)
	}
	s := e.sum
	fmt.Fprintf(e.out, "\nsummary: %d messages processed, %d mails sent, %d queued for later, %d agent tasks\n", s.Processed, s.Sent, s.Queued, s.Tasks)
	fmt.Fprintf(e.out, "  by category: %s\n  by action:   %s\n", counts(s.ByCategory), counts(s.ByAction))
	return s
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
