package benchmark

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"mailbot/mailbot/app"
	"mailbot/mailbot/bot"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/memimap"
	"mailbot/mailbot/smtpsink"
)

// Mailbox is the one sector mailbox the run uses; Floor is the address of
// the mailbox the bare IDLE client watches.
const (
	Sector   = "btp"
	Mailbox  = "epreuves-btp@afpa.fr"
	Floor    = "floor@afpa.fr"
	password = "bench-password"
)

// Server is the IMAP server the bot reads, and how mail is delivered into
// the sector mailbox's INBOX as an MTA would.
type Server struct {
	Name     string // printed: "memimap (embedded)", "Dovecot 2.3"
	Addr     string // host:port, clear text on loopback
	Username string
	// FloorUsername is the account of the bare IMAP client that times the
	// server's own IDLE notice. It is a mailbox of its own: on Maildir, a
	// session that moves a new message into cur/ makes every other session
	// on the folder reread all of it, so a client sharing the bot's INBOX
	// would change what it measures.
	FloorUsername string
	Password      string // of both accounts
	// FloorBacklog has the backlog delivered to the floor's mailbox too,
	// so that its notices come from a folder as large as the bot's: on
	// Dovecot a sync costs more in a larger one. Not for the embedded
	// server, whose mailboxes would weigh on this process's memory.
	FloorBacklog bool
	// Deliver hands raw to the INBOX of each address of to (Mailbox,
	// Floor) in one transaction, in that order, as an MTA would.
	Deliver func(ctx context.Context, raw []byte, to ...string) error
}

// Options of a run.
type Options struct {
	// Messages is the backlog: that many messages wait before the bot
	// starts.
	Messages int
	// Latency is how many messages are then delivered one at a time to
	// time each; 0 means min(100, Messages).
	Latency int
	// Connections sets [smtp] connections; 0 leaves the configuration's
	// default.
	Connections int
	// Server is the IMAP server; nil starts the embedded one.
	Server *Server
	// Dir holds the state file; "" is a temporary folder.
	Dir    string
	Logger *slog.Logger
}

// Result holds the figures of one run.
type Result struct {
	Server        string
	Messages      int
	Decided       time.Duration // from start to the last message decided
	Drained       time.Duration // from start to the last reply accepted
	CPUPerMessage time.Duration
	Commits       uint64 // state-file commits during the backlog
	Latency       []time.Duration
	Floor         []time.Duration
	Committed     []time.Duration // delivery to the decision committed

	PeakRSS int64
	// PeakAnon and PeakFile are the largest anonymous and file-backed
	// parts of the resident set seen while the bot ran.
	PeakAnon, PeakFile int64
}

// epoch is the bench's clock at start: a Tuesday morning in Paris, inside
// the hours when replies go out at once.
var epoch = time.Date(2027, 3, 2, 10, 0, 0, 0, calendar.Paris)

// Run runs the bot on a backlog, then one message at a time, and returns
// the figures.
func Run(ctx context.Context, opts Options) (Result, error) {
	if opts.Messages <= 0 {
		return Result{}, fmt.Errorf("bench: messages %d: want at least 1", opts.Messages)
	}
	if opts.Latency <= 0 {
		opts.Latency = min(100, opts.Messages)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Dir == "" {
		dir, err := os.MkdirTemp("", "mailbot-bench-")
		if err != nil {
			return Result{}, fmt.Errorf("bench: temporary folder: %w", err)
		}
		defer os.RemoveAll(dir)
		opts.Dir = dir
	}
	rec := newReplies()
	sink, err := smtpsink.Start(smtpsink.Options{Logger: opts.Logger, OnMessage: rec.add, Forget: true})
	if err != nil {
		return Result{}, fmt.Errorf("bench: %w", err)
	}
	defer sink.Close()
	srv := opts.Server
	if srv == nil {
		mem, err := memimap.Start(memimap.Options{Users: []memimap.User{{Username: Mailbox, Password: password}, {Username: Floor, Password: password}}, Logger: opts.Logger})
		if err != nil {
			return Result{}, fmt.Errorf("bench: %w", err)
		}
		defer mem.Close()
		srv = &Server{Name: "memimap (embedded)", Addr: mem.Addr(), Username: Mailbox, FloorUsername: Floor, Password: password,
			Deliver: func(ctx context.Context, raw []byte, to ...string) error {
				for _, u := range to {
					if _, err := mem.Append(ctx, u, "INBOX", raw); err != nil {
						return err
					}
				}
				return nil
			}}
	}
	r := &run{opts: opts, srv: srv, rec: rec, res: Result{Server: srv.Name, Messages: opts.Messages}}
	err = r.do(ctx, sink.Addr())
	return r.res, err
}

type run struct {
	opts    Options
	srv     *Server
	rec     *replies
	res     Result
	decided chan struct{}
}

func (r *run) do(ctx context.Context, smtpAddr string) error {
	cfg, err := r.config(smtpAddr)
	if err != nil {
		return err
	}
	to := []string{Mailbox}
	if r.srv.FloorBacklog {
		to = append(to, Floor)
	}
	for i := range r.opts.Messages {
		if err := r.srv.Deliver(ctx, message(i), to...); err != nil {
			return fmt.Errorf("bench: deliver the backlog: %w", err)
		}
	}
	began := time.Now()
	r.decided = make(chan struct{}, r.opts.Messages+r.opts.Latency)
	a, err := app.New(cfg, app.Options{Logger: r.opts.Logger, Clock: func() time.Time { return epoch.Add(time.Since(began)) },
		OnDecision: func(bot.Event) { r.decided <- struct{}{} }})
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer a.Close()
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	defer func() { stop(); <-done }()
	sampling, stopSampling := context.WithCancel(ctx)
	defer stopSampling()
	parts := residentParts(sampling)
	c0 := a.Store.Writes()
	cpu0, start := cpuTime(), time.Now()
	go func() { done <- a.Run(runCtx) }()
	if err := r.backlog(ctx, start, done); err != nil {
		return err
	}
	r.res.CPUPerMessage = (cpuTime() - cpu0) / time.Duration(r.opts.Messages)
	r.res.Commits = uint64(a.Store.Writes() - c0)
	if err := r.latency(ctx, done); err != nil {
		return err
	}
	stopSampling()
	r.res.PeakRSS = peakRSS()
	r.res.PeakAnon, r.res.PeakFile = parts()
	return nil
}

// config is the bot's configuration: the one sector mailbox, SMTP to the
// sink, every reply sent at once.
func (r *run) config(smtpAddr string) (*config.Config, error) {
	pw := filepath.Join(r.opts.Dir, "password")
	if err := os.WriteFile(pw, []byte(r.srv.Password), 0o600); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[state]\npath = %q\n", filepath.Join(r.opts.Dir, "mailbot.db"))
	fmt.Fprintf(&b, "[imap]\naddress = %q\ntls = \"none\"\n", r.srv.Addr)
	fmt.Fprintf(&b, "[[mailbox]]\nsector = %q\naddress = %q\nusername = %q\npassword_file = %q\n", Sector, Mailbox, r.srv.Username, pw)
	fmt.Fprintf(&b, "[smtp]\naddress = %q\ntls = \"none\"\n", smtpAddr)
	if r.opts.Connections > 0 {
		fmt.Fprintf(&b, "connections = %d\n", r.opts.Connections)
	}
	fmt.Fprintf(&b, "[engineers]\n%s = [\"ingenierie-%s@afpa.fr\"]\n", Sector, Sector)
	b.WriteString("[agents]\ndigest_to = [\"gev@afpa.fr\"]\n[digest]\nto = []\n[web]\nlisten = \"127.0.0.1:0\"\n")
	cfg, err := config.Parse(b.String())
	if err != nil {
		return nil, fmt.Errorf("bench: configuration: %w", err)
	}
	return cfg, nil
}

// stall is how long the run waits without progress before it gives up:
// longer than the watcher's poll (imap.poll_interval, a minute by
// default), which finds mail whose IDLE notice went missing. Such a
// message then shows in the latency figures instead of ending the run.
const stall = 3 * time.Minute

// backlog waits until every message is decided, then every reply is
// accepted by the sink.
func (r *run) backlog(ctx context.Context, start time.Time, done <-chan error) error {
	for n := 0; n < r.opts.Messages; n++ {
		if err := r.wait(ctx, r.decided, done, fmt.Sprintf("%d of %d messages decided", n, r.opts.Messages)); err != nil {
			return err
		}
	}
	r.res.Decided = time.Since(start)
	for {
		n, changed := r.rec.count()
		if n >= r.opts.Messages {
			break
		}
		if err := r.wait(ctx, changed, done, fmt.Sprintf("%d of %d replies accepted", n, r.opts.Messages)); err != nil {
			return err
		}
	}
	r.res.Drained = time.Since(start)
	return nil
}

func (r *run) wait(ctx context.Context, ch <-chan struct{}, done <-chan error, what string) error {
	t := time.NewTimer(stall)
	defer t.Stop()
	select {
	case <-ch:
		return nil
	case err := <-done:
		return fmt.Errorf("bench: the bot stopped with %s: %v", what, err)
	case <-t.C:
		return fmt.Errorf("bench: no progress for %v with %s", stall, what)
	case <-ctx.Done():
		return fmt.Errorf("bench: %s: %w", what, ctx.Err())
	}
}

// latency delivers one message at a time and times its reply, and the
// notice of a bare IMAP client in IDLE on a mailbox of its own that gets
// the same message just before: each is timed from its own delivery.
func (r *run) latency(ctx context.Context, done <-chan error) error {
	exists := make(chan struct{}, 16)
	var noticed atomic.Pointer[time.Time] // the last EXISTS
	c, err := imapclient.DialInsecure(r.srv.Addr, &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				now := time.Now()
				noticed.Store(&now)
				select {
				case exists <- struct{}{}:
				default:
				}
			}
		},
	}})
	if err != nil {
		return fmt.Errorf("bench: IDLE client: %w", err)
	}
	defer c.Close()
	if err := c.Login(r.srv.FloorUsername, r.srv.Password).Wait(); err != nil {
		return fmt.Errorf("bench: IDLE client: login: %w", err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		return fmt.Errorf("bench: IDLE client: select: %w", err)
	}
	idle, err := c.Idle()
	if err != nil {
		return fmt.Errorf("bench: IDLE client: %w", err)
	}
	defer idle.Close()
	for i := range r.opts.Latency {
		raw := message(r.opts.Messages + i)
		id := messageID(r.opts.Messages + i)
		if err := pause(ctx, quiet); err != nil {
			return err
		}
		for len(exists) > 0 {
			<-exists
		}
		r.rec.time(id)
		// Two deliveries, not one to both: an MTA delivers to each
		// recipient in turn, and the second copy would be late by the
		// first one's save (5 ms in a 10,000-message Dovecot folder).
		floorStart := time.Now()
		if err := r.srv.Deliver(ctx, raw, Floor); err != nil {
			return fmt.Errorf("bench: deliver: %w", err)
		}
		t0 := time.Now()
		if err := r.srv.Deliver(ctx, raw, Mailbox); err != nil {
			return fmt.Errorf("bench: deliver: %w", err)
		}
		if err := r.wait(ctx, exists, done, "no IDLE notice"); err != nil {
			return err
		}
		r.res.Floor = append(r.res.Floor, noticed.Load().Sub(floorStart))
		if err := r.wait(ctx, r.decided, done, "no decision on "+id); err != nil {
			return err
		}
		r.res.Committed = append(r.res.Committed, time.Since(t0))
		for {
			at, ok, changed := r.rec.get(id)
			if ok {
				r.res.Latency = append(r.res.Latency, at.Sub(t0))
				break
			}
			if err := r.wait(ctx, changed, done, "no reply to "+id); err != nil {
				return err
			}
		}
	}
	return nil
}

// quiet is how long the bot's folder is left still before a timed
// delivery. Dovecot sends an IDLE notice 500 ms after the first change it
// sees in a folder (NOTIFY_DELAY_MSECS, src/lib-storage/mailbox-watch.c),
// so the bot's own change to its previous message (its done keyword,
// stored about when its reply leaves) would start its timer early and make
// it look faster than it is for mail arriving in a quiet folder.
const quiet = 700 * time.Millisecond

// pause waits d, or until ctx ends.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("bench: %w", ctx.Err())
	}
}

// replies counts the replies the sink accepted, and records when it
// accepted those answering a timed message, by the Message-ID they answer.
// Only those: a time kept for each reply of the backlog would be the
// bench's own memory (about 2 MiB at 10,000), counted in the peak it
// reports for the bot.
type replies struct {
	mu      sync.Mutex
	n       int
	timed   map[string]time.Time // zero until accepted
	changed chan struct{}
}

func newReplies() *replies {
	return &replies{timed: map[string]time.Time{}, changed: make(chan struct{})}
}

// time asks for the time at which the reply to id is accepted.
func (r *replies) time(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.timed[id] = time.Time{}
}

func (r *replies) add(m smtpsink.Received) {
	if m.Header == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	if id := m.Header.Get("In-Reply-To"); id != "" {
		if _, ok := r.timed[id]; ok {
			r.timed[id] = m.At
		}
	}
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *replies) count() (int, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n, r.changed
}

func (r *replies) get(id string) (time.Time, bool, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	at := r.timed[id]
	return at, !at.IsZero(), r.changed
}

func messageID(i int) string { return fmt.Sprintf("<bench-%d@centre.example.org>", i) }

// message is the i-th test mail: a training centre that cannot sign in to
// CERES, which the bot answers at once. Each comes from its own address,
// so the loop guard's daily cap per sender never applies.
func message(i int) []byte {
	return fmt.Appendf(nil, "Date: Tue, 2 Mar 2027 09:00:00 +0100\r\n"+
		"From: Centre %[1]d <centre-%[1]d@centre.example.org>\r\n"+
		"To: %[2]s\r\n"+
		"Subject: Connexion impossible a CERES (%[1]d)\r\n"+
		"Message-ID: %[3]s\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"+
		"Bonjour,\r\n\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé et la réinitialisation "+
		"du mot de passe ne m'envoie rien. Pouvez-vous débloquer mon compte ?\r\n\r\nCordialement,\r\nCentre %[1]d\r\n",
		i, Mailbox, messageID(i))
}

// Print writes the figures of res.
func Print(w io.Writer, res Result) {
	n := float64(res.Messages)
	fmt.Fprintf(w, "mailbot bench: %d messages, IMAP %s, SMTP sink (embedded)\n", res.Messages, res.Server)
	fmt.Fprintf(w, "backlog:     %.1f msg/s decided (%d in %v)\n", n/res.Decided.Seconds(), res.Messages, res.Decided.Round(time.Millisecond))
	fmt.Fprintf(w, "replies:     %.1f replies/s drained (all %d accepted by SMTP after %v)\n", n/res.Drained.Seconds(), res.Messages, res.Drained.Round(time.Millisecond))
	fmt.Fprintf(w, "cpu:         %.2f ms per message\n", float64(res.CPUPerMessage.Microseconds())/1000)
	fmt.Fprintf(w, "fsyncs:      %.2f per message (%.2f bbolt commits per message, 2 fdatasync each)\n", 2*float64(res.Commits)/n, float64(res.Commits)/n)
	above := make([]time.Duration, len(res.Latency))
	sending := make([]time.Duration, len(res.Latency))
	for i := range res.Latency {
		above[i] = res.Latency[i] - res.Floor[i]
		sending[i] = res.Latency[i] - res.Committed[i]
	}
	fmt.Fprintf(w, "latency:     p50 %s p99 %s, delivery to reply accepted by SMTP (%d messages one at a time)\n", ms(pct(res.Latency, 50)), ms(pct(res.Latency, 99)), len(res.Latency))
	fmt.Fprintf(w, "IDLE floor:  p50 %s p99 %s, delivery to a bare IMAP client's IDLE notice, same run\n", ms(pct(res.Floor, 50)), ms(pct(res.Floor, 99)))
	fmt.Fprintf(w, "above floor: p50 %s p99 %s, the bot's own time\n", ms(pct(above, 50)), ms(pct(above, 99)))
	fmt.Fprintf(w, "  receive:   p50 %s p99 %s, delivery to the decision committed\n", ms(pct(res.Committed, 50)), ms(pct(res.Committed, 99)))
	fmt.Fprintf(w, "  send:      p50 %s p99 %s, decision committed to reply accepted\n", ms(pct(sending, 50)), ms(pct(sending, 99)))
	fmt.Fprintf(w, "peak RSS:    %.1f MiB (VmHWM of the whole process, embedded servers included)\n", mib(res.PeakRSS))
	fmt.Fprintf(w, "  anon:      %.1f MiB at most (heap, stacks)\n", mib(res.PeakAnon))
	fmt.Fprintf(w, "  file:      %.1f MiB at most (state-file pages bbolt reads through its memory map, the binary: page cache)\n", mib(res.PeakFile))
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// pct is the p-th percentile of ds (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p+99)/100-1)]
}
