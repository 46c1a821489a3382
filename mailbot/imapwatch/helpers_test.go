package imapwatch

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mailbot/mailbot/memimap"
)

const (
	testUser = "btp"
	testPass = "secret"
	// waitLimit bounds every wait for the watcher; tests pass in far less.
	waitLimit = 15 * time.Second
	// doneFlag is how imapmemserver reports $MailbotDone: keywords are
	// case-insensitive (RFC 9051 section 2.3.2) and it lowercases them.
	doneFlag = "$mailbotdone"
)

func startServer(t *testing.T) *memimap.Server {
	t.Helper()
	s, err := memimap.Start(memimap.Options{
		Users:   []memimap.User{{Username: testUser, Password: testPass}},
		Folders: []string{"Traité"},
		Logger:  quietLogger(),
	})
	if err != nil {
		t.Fatalf("memimap.Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// mail is a small message whose body names n.
func mail(n int) []byte {
	return fmt.Appendf(nil, "From: centre%d@example.org\r\nTo: btp@example.org\r\n"+
		"Subject: Session %d\r\nMessage-ID: <%d@example.org>\r\n\r\nBonjour, message %d.\r\n", n, n, n, n)
}

func appendMail(t *testing.T, s *memimap.Server, n int) uint32 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	uid, err := s.Append(ctx, testUser, memimap.Inbox, mail(n))
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	return uid
}

// recorder is a Handler that keeps what it saw; fail, if set, decides per
// UID whether the call fails.
type recorder struct {
	mu     sync.Mutex
	calls  []Fetched
	bodies map[uint32]string
	fail   func(uid uint32, attempt int) error
	seen   map[uint32]time.Time
}

func newRecorder() *recorder {
	return &recorder{bodies: make(map[uint32]string), seen: make(map[uint32]time.Time)}
}

func (r *recorder) handle(ctx context.Context, f Fetched) error {
	body, err := io.ReadAll(f.Body)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	f.Body = nil
	r.calls = append(r.calls, f)
	if _, ok := r.seen[f.UID]; !ok {
		r.seen[f.UID] = time.Now()
	}
	if r.fail != nil {
		if err := r.fail(f.UID, r.countLocked(f.UID)); err != nil {
			return err
		}
	}
	r.bodies[f.UID] = string(body)
	return nil
}

func (r *recorder) countLocked(uid uint32) int {
	n := 0
	for _, c := range r.calls {
		if c.UID == uid {
			n++
		}
	}
	return n
}

// count is how many times the handler was called for uid.
func (r *recorder) count(uid uint32) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.countLocked(uid)
}

// succeeded lists the UIDs the handler accepted, ascending.
func (r *recorder) succeeded() []uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var uids []uint32
	for uid := range r.bodies {
		uids = append(uids, uid)
	}
	slices.Sort(uids)
	return uids
}

// last is the latest call, without its body.
func (r *recorder) last() Fetched {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[len(r.calls)-1]
}

// body is what the handler read for uid on its successful call.
func (r *recorder) body(uid uint32) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bodies[uid]
}

func (r *recorder) firstSeen(uid uint32) (time.Time, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.seen[uid]
	return t, ok
}

// quarantineLog is an Options.Quarantine that keeps what it was given.
type quarantineLog struct {
	mu sync.Mutex
	q  []Quarantined
}

func (l *quarantineLog) record(_ context.Context, q Quarantined) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.q = append(l.q, q)
	return nil
}

func (l *quarantineLog) all() []Quarantined {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.q)
}

// statusLog keeps the last Status and lets tests wait on it.
type statusLog struct {
	mu   sync.Mutex
	last Status
}

func (l *statusLog) on(s Status) {
	l.mu.Lock()
	l.last = s
	l.mu.Unlock()
}

func (l *statusLog) get() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

// committing adapts a handler that commits before it returns.
func committing(h func(context.Context, Fetched) error) Handler {
	return func(ctx context.Context, f Fetched) (func() error, error) { return Committed, h(ctx, f) }
}

// baseOptions watches s's INBOX in plaintext with short waits; h commits
// before it returns.
func baseOptions(addr string, h func(context.Context, Fetched) error, c Cursors) Options {
	return Options{
		Name:           "btp",
		Address:        addr,
		TLS:            TLSNone,
		Username:       testUser,
		Password:       func(context.Context) (string, error) { return testPass, nil },
		Handler:        committing(h),
		Cursors:        c,
		IdleRestart:    time.Hour,
		PollInterval:   time.Hour,
		CommandTimeout: 5 * time.Second,
		BackoffMin:     10 * time.Millisecond,
		BackoffMax:     50 * time.Millisecond,
		Logger:         quietLogger(),
	}
}

// startRun runs Run until the test ends; stop cancels it and waits for it.
func startRun(t *testing.T, opts Options) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, opts) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: got %v, want nil after cancel", err)
				}
			case <-time.After(waitLimit):
				t.Errorf("Run did not return within %v of cancel", waitLimit)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// eventually polls cond until it holds or waitLimit passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", waitLimit, what)
		}
		<-tick.C
	}
}

// flagsOf reads the flags of every message in folder.
func flagsOf(t *testing.T, s *memimap.Server, folder string) map[uint32][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	flags, err := s.Flags(ctx, testUser, folder)
	if err != nil {
		t.Fatalf("Flags: %v", err)
	}
	return flags
}

func marked(t *testing.T, s *memimap.Server, uid uint32) bool {
	return slices.Contains(flagsOf(t, s, memimap.Inbox)[uid], doneFlag)
}

func hasFlag(flags []string, want string) bool {
	return slices.ContainsFunc(flags, func(f string) bool { return strings.EqualFold(f, want) })
}
