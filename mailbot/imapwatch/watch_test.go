package imapwatch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"mailbot/mailbot/memimap"
)

func TestExistingMailIsHandledAndMarked(t *testing.T) {
	s := startServer(t)
	for n := 1; n <= 3; n++ {
		appendMail(t, s, n)
	}
	rec := newRecorder()
	cursors := &MemCursors{}
	stop := startRun(t, baseOptions(s.Addr(), rec.handle, cursors))

	eventually(t, "3 messages marked", func() bool {
		return marked(t, s, 1) && marked(t, s, 2) && marked(t, s, 3)
	})
	if got, want := rec.succeeded(), []uint32{1, 2, 3}; !slices.Equal(got, want) {
		t.Fatalf("handled UIDs: got %v, want %v", got, want)
	}
	for uid, flags := range flagsOf(t, s, memimap.Inbox) {
		if hasFlag(flags, `\Seen`) {
			t.Errorf("uid %d flags: got %v, want no \\Seen (BODY.PEEK)", uid, flags)
		}
	}
	if got, want := rec.body(2), string(mail(2)); got != want {
		t.Errorf("body of uid 2: got %q, want %q", got, want)
	}
	call := rec.last()
	if call.Mailbox != "btp" || call.UIDValidity == 0 || call.InternalDate.IsZero() {
		t.Errorf("first call: got mailbox %q uidvalidity %d date %v, want btp, non-zero, non-zero",
			call.Mailbox, call.UIDValidity, call.InternalDate)
	}
	stop() // the cursor is saved with the next batch, or at the end
	if p, _ := cursors.Position("btp"); p.UIDValidity != call.UIDValidity || p.LastUID != 3 {
		t.Errorf("position: got %+v, want the cursor at uid 3", p)
	}
}

// Mail marked done by a run before (the keyword in any case, as IMAP
// compares keywords) or flagged for deletion is left alone; the rest is
// handled.
func TestMarkedAndDeletedMailIsLeftAlone(t *testing.T) {
	s := startServer(t)
	for n, flags := range [][]imap.Flag{nil, {"$MailbotDone"}, {imap.FlagDeleted}, {imap.FlagSeen}, {"$mailbotdone"}} {
		if _, err := s.Append(context.Background(), testUser, memimap.Inbox, mail(n+1), flags...); err != nil {
			t.Fatal(err)
		}
	}
	rec := newRecorder()
	stop := startRun(t, baseOptions(s.Addr(), rec.handle, &MemCursors{}))
	eventually(t, "the unmarked messages marked", func() bool { return marked(t, s, 1) && marked(t, s, 4) })
	stop()
	if got, want := rec.succeeded(), []uint32{1, 4}; !slices.Equal(got, want) {
		t.Errorf("handled UIDs: got %v, want %v", got, want)
	}
}

func TestNewMailWhileIdlingIsHandled(t *testing.T) {
	s := startServer(t)
	rec := newRecorder()
	status := &statusLog{}
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	opts.OnStatus = status.on
	startRun(t, opts)

	for n := 1; n <= 3; n++ {
		eventually(t, "watcher idling", func() bool { return status.get().Idling })
		sent := time.Now()
		uid := appendMail(t, s, n)
		eventually(t, "handler called", func() bool { _, ok := rec.firstSeen(uid); return ok })
		at, _ := rec.firstSeen(uid)
		t.Logf("APPEND→handler while idling: %v", at.Sub(sent))
		eventually(t, "message marked", func() bool { return marked(t, s, uid) })
	}
	if got := status.get(); !got.Connected || got.Reconnects != 0 || got.LastFetch.IsZero() {
		t.Errorf("status: got %+v, want connected, no reconnect, LastFetch set", got)
	}
}

func TestHandlerErrorLeavesMessageUnmarkedAndRetries(t *testing.T) {
	s := startServer(t)
	appendMail(t, s, 1)
	appendMail(t, s, 2)
	rec := newRecorder()
	allow := make(chan struct{})
	rec.fail = func(uid uint32, attempt int) error {
		select {
		case <-allow:
			return nil
		default:
		}
		if uid == 1 {
			return errors.New("state file busy")
		}
		return nil
	}
	cursors := &MemCursors{}
	opts := baseOptions(s.Addr(), rec.handle, cursors)
	opts.PollInterval = 20 * time.Millisecond
	opts.MaxAttempts = 1000
	stop := startRun(t, opts)

	eventually(t, "uid 1 retried and uid 2 marked", func() bool {
		return rec.count(1) >= 2 && marked(t, s, 2)
	})
	if marked(t, s, 1) {
		t.Fatalf("uid 1 is marked after its handler failed, want unmarked")
	}
	if p, _ := cursors.Position("btp"); p.LastUID != 0 {
		t.Errorf("cursor while uid 1 fails: got %d, want 0", p.LastUID)
	}
	close(allow)
	eventually(t, "uid 1 marked once it succeeds", func() bool { return marked(t, s, 1) })
	stop()
	if p, _ := cursors.Position("btp"); p.LastUID != 2 {
		t.Errorf("cursor: got %d, want 2, past both", p.LastUID)
	}
	if n := rec.count(2); n != 1 {
		t.Errorf("calls for uid 2: got %d, want 1", n)
	}
}

func TestFailingMessageIsSkippedAfterMaxAttempts(t *testing.T) {
	s := startServer(t)
	appendMail(t, s, 1)
	rec := newRecorder()
	rec.fail = func(uid uint32, _ int) error {
		if uid == 1 {
			return errors.New("state file busy")
		}
		return nil
	}
	status := &statusLog{}
	quarantine := &quarantineLog{}
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	opts.PollInterval = 10 * time.Millisecond
	opts.MaxAttempts = 3
	opts.OnStatus = status.on
	opts.Quarantine = quarantine.record
	startRun(t, opts)

	eventually(t, "3 attempts on uid 1", func() bool { return rec.count(1) >= 3 })
	// Later mail still flows, and checks go on past the skipped one.
	uid := appendMail(t, s, 2)
	eventually(t, "uid 2 marked", func() bool { return marked(t, s, uid) })
	checked := status.get().LastCheck
	eventually(t, "two more checks", func() bool { return status.get().LastCheck.After(checked) })
	if n := rec.count(1); n != 3 {
		t.Errorf("calls for uid 1: got %d, want 3", n)
	}
	if marked(t, s, 1) || len(quarantine.all()) != 0 {
		t.Errorf("uid 1, failing for a reason of its own, got marked or quarantined; want it left for the next run")
	}
	if got := status.get().LastError; !strings.Contains(got, "uid 1") {
		t.Errorf("LastError: got %q, want it to name uid 1", got)
	}
}

// A message that panics the handler, or makes it fail with ErrBadMessage
// (over its time budget), is tried twice, then quarantined and marked;
// the others go through.
func TestBadMessageIsQuarantinedAfterTwoAttempts(t *testing.T) {
	tests := []struct {
		name string
		fail func(uid uint32, attempt int) error
	}{
		{"panic", func(uid uint32, _ int) error {
			if uid == 2 {
				panic("index out of range")
			}
			return nil
		}},
		{"over budget", func(uid uint32, _ int) error {
			if uid == 2 {
				return fmt.Errorf("%w: decision took longer than 2m0s", ErrBadMessage)
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t)
			for n := 1; n <= 3; n++ {
				appendMail(t, s, n)
			}
			rec := newRecorder()
			rec.fail = tt.fail
			quarantine := &quarantineLog{}
			cursors := &MemCursors{}
			opts := baseOptions(s.Addr(), rec.handle, cursors)
			opts.PollInterval = 10 * time.Millisecond
			opts.Quarantine = quarantine.record
			stop := startRun(t, opts)

			eventually(t, "all three marked", func() bool { return marked(t, s, 1) && marked(t, s, 2) && marked(t, s, 3) })
			stop()
			if got, want := rec.succeeded(), []uint32{1, 3}; !slices.Equal(got, want) {
				t.Errorf("handled: got %v, want %v", got, want)
			}
			if n := rec.count(2); n != 2 {
				t.Errorf("attempts on uid 2: got %d, want 2", n)
			}
			q := quarantine.all()
			if len(q) != 1 || q[0].UID != 2 || q[0].Reason != Poison || q[0].Attempts != 2 ||
				q[0].Subject != "Session 2" || q[0].MessageID != "<2@example.org>" || q[0].From != "centre2@example.org" || q[0].LastError == "" {
				t.Errorf("quarantined: got %+v, want uid 2, poison, after 2 attempts, with its envelope", q)
			}
			if p, _ := cursors.Position("btp"); len(p.Failures) != 0 {
				t.Errorf("failures left in the position: %v", p.Failures)
			}
		})
	}
}

// A process that dies while it handles a message (out of memory, killed)
// leaves the batch in flight in its position. The next run tries each of
// those messages alone, counting the attempt before it starts; a message
// whose lone attempts died twice is quarantined, and the rest go through.
func TestMessageThatKillsTheProcessIsQuarantined(t *testing.T) {
	s := startServer(t)
	for n := 1; n <= 3; n++ {
		appendMail(t, s, n)
	}
	rec := newRecorder()
	dead := make(chan struct{}) // a blocked handler is a dead process
	bury := sync.OnceFunc(func() { close(dead) })
	var killed atomic.Int32 // attempts on uid 2
	handler := func(ctx context.Context, f Fetched) error {
		if f.UID == 2 {
			killed.Add(1)
			<-dead
			return errors.New("the process is gone")
		}
		return rec.handle(ctx, f)
	}
	disk := &MemCursors{} // what survives each death
	for run := 1; run <= 3; run++ {
		cursors := &MemCursors{}
		p, _ := disk.Position("btp")
		cursors.SavePosition("btp", p)
		quarantine := &quarantineLog{}
		opts := baseOptions(s.Addr(), handler, cursors)
		opts.Quarantine = quarantine.record
		startRun(t, opts)
		t.Cleanup(bury) // before the run is stopped
		eventually(t, fmt.Sprintf("run %d handing uid 2 out", run), func() bool { return killed.Load() == int32(run) })
		p, _ = cursors.Position("btp")
		disk.SavePosition("btp", p)
		if run == 1 && !slices.Equal(p.InFlight, []uint32{1, 2, 3}) {
			t.Fatalf("run 1 saved %+v, want the batch 1, 2, 3 in flight", p)
		}
		if run > 1 && (!slices.Equal(p.InFlight, []uint32{2}) || p.Failures[2] != run-1) {
			t.Fatalf("run %d saved %+v, want uid 2 alone in flight, counted %d times", run, p, run-1)
		}
	}
	quarantine := &quarantineLog{}
	opts := baseOptions(s.Addr(), handler, disk)
	opts.Quarantine = quarantine.record
	startRun(t, opts)
	eventually(t, "all three marked", func() bool { return marked(t, s, 1) && marked(t, s, 2) && marked(t, s, 3) })
	if q := quarantine.all(); len(q) != 1 || q[0].UID != 2 || q[0].Reason != Poison {
		t.Errorf("quarantined: got %+v, want uid 2 as poison", q)
	}
	if got, want := rec.succeeded(), []uint32{1, 3}; !slices.Equal(got, want) {
		t.Errorf("handled: got %v, want %v", got, want)
	}
	if n := killed.Load(); n != 3 {
		t.Errorf("attempts on uid 2: got %d, want 3 (one in the batch, two alone)", n)
	}
}

func TestOversizedMessageIsQuarantinedUnread(t *testing.T) {
	s := startServer(t)
	big := appendMail(t, s, 1)
	rec := newRecorder()
	quarantine := &quarantineLog{}
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	small := []byte("Subject: x\r\n\r\nok\r\n")
	opts.MaxMessageSize = int64(len(small))
	opts.Quarantine = quarantine.record
	startRun(t, opts)
	// A message within the limit arrives after the big one.
	if _, err := s.Append(t.Context(), testUser, memimap.Inbox, small); err != nil {
		t.Fatalf("Append: %v", err)
	}
	eventually(t, "small message marked", func() bool { return marked(t, s, big+1) })
	if n := rec.count(big); n != 0 {
		t.Errorf("handler calls for the big message: got %d, want 0", n)
	}
	if !marked(t, s, big) {
		t.Errorf("big message is unmarked, want it marked once quarantined")
	}
	if q := quarantine.all(); len(q) != 1 || q[0].Reason != TooLarge || q[0].Size != int64(len(mail(1))) || q[0].Subject != "Session 1" {
		t.Errorf("quarantined: got %+v, want the big message, too large, with its size and subject", q)
	}
}

func TestRestartHandlesNothingTwice(t *testing.T) {
	tests := []struct {
		name        string
		keepCursors bool
	}{
		{"same cursors", true},
		// Without a cursor the done keyword alone prevents duplicates.
		{"lost cursors", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t)
			appendMail(t, s, 1)
			appendMail(t, s, 2)
			cursors := &MemCursors{}
			first := newRecorder()
			stop := startRun(t, baseOptions(s.Addr(), first.handle, cursors))
			eventually(t, "first run marks both", func() bool { return marked(t, s, 1) && marked(t, s, 2) })
			stop()

			if !tt.keepCursors {
				cursors = &MemCursors{}
			}
			second := newRecorder()
			startRun(t, baseOptions(s.Addr(), second.handle, cursors))
			uid := appendMail(t, s, 3)
			eventually(t, "second run marks the new one", func() bool { return marked(t, s, uid) })
			if got, want := second.succeeded(), []uint32{uid}; !slices.Equal(got, want) {
				t.Errorf("second run handled %v, want %v", got, want)
			}
		})
	}
}

func TestUIDValidityChangeResyncs(t *testing.T) {
	s := startServer(t)
	appendMail(t, s, 1)
	rec := newRecorder()
	cursors := &MemCursors{}
	startRun(t, baseOptions(s.Addr(), rec.handle, cursors))
	eventually(t, "uid 1 marked", func() bool { return marked(t, s, 1) })
	oldValidity := rec.last().UIDValidity

	if err := s.RecreateMailbox(testUser, memimap.Inbox); err != nil {
		t.Fatalf("RecreateMailbox: %v", err)
	}
	// The new folder starts over at UID 1, below the old cursor's 1+.
	uid := appendMail(t, s, 2)
	eventually(t, "new uid marked", func() bool { return marked(t, s, uid) })
	eventually(t, "cursor reset on the new folder", func() bool {
		p, _ := cursors.Position("btp")
		return p.UIDValidity != oldValidity
	})
	if p, _ := cursors.Position("btp"); rec.last().UIDValidity != p.UIDValidity {
		t.Errorf("Fetched.UIDValidity: got %d, want %d", rec.last().UIDValidity, p.UIDValidity)
	}
}

// A batch is marked and moved with one command each, every message of it.
func TestMoveTo(t *testing.T) {
	s := startServer(t)
	for n := 1; n <= 3; n++ {
		appendMail(t, s, n)
	}
	rec := newRecorder()
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	opts.MoveTo = "Traité"
	startRun(t, opts)

	eventually(t, "messages moved", func() bool { return len(flagsOf(t, s, "Traité")) == 3 })
	if n := len(flagsOf(t, s, memimap.Inbox)); n != 0 {
		t.Errorf("messages left in INBOX: got %d, want 0", n)
	}
	for uid, flags := range flagsOf(t, s, "Traité") {
		if !hasFlag(flags, doneFlag) {
			t.Errorf("moved uid %d flags: got %v, want the done keyword", uid, flags)
		}
	}
}

func TestMailArrivingWhileBusyIsHandled(t *testing.T) {
	s := startServer(t)
	first := appendMail(t, s, 1)
	rec := newRecorder()
	rec.fail = func(uid uint32, attempt int) error {
		if uid == first && attempt == 1 {
			// Delivered while the watcher is busy, not in IDLE; with
			// PollInterval and IdleRestart at an hour, only the check
			// before IDLE or the EXISTS it got meanwhile can find it.
			if _, err := s.Append(context.Background(), testUser, memimap.Inbox, mail(2)); err != nil {
				t.Errorf("Append from the handler: %v", err)
			}
		}
		return nil
	}
	startRun(t, baseOptions(s.Addr(), rec.handle, &MemCursors{}))
	eventually(t, "both marked", func() bool { return marked(t, s, first) && marked(t, s, first+1) })
	if got, want := rec.succeeded(), []uint32{first, first + 1}; !slices.Equal(got, want) {
		t.Errorf("handled: got %v, want %v", got, want)
	}
}

// A large message reaches the handler from a temporary file, already
// unlinked, never whole in memory; a small one from memory.
func TestLargeMessageIsSpooledToDisk(t *testing.T) {
	s := startServer(t)
	large := append(mail(1), bytes.Repeat([]byte("0123456789abcdef\r\n"), 3<<20/18)...)
	if _, err := s.Append(t.Context(), testUser, memimap.Inbox, large); err != nil {
		t.Fatal(err)
	}
	small := appendMail(t, s, 2)
	type seen struct {
		file, unlinked, whole bool
	}
	got := make(chan seen, 2)
	handler := func(_ context.Context, f Fetched) error {
		file, ok := f.Body.(*os.File)
		body, err := io.ReadAll(f.Body)
		if err != nil {
			return err
		}
		var st seen
		st.file = ok
		if ok {
			_, err := os.Stat(file.Name())
			st.unlinked = errors.Is(err, os.ErrNotExist)
		}
		st.whole = bytes.Equal(body, large) || bytes.Equal(body, mail(2))
		got <- st
		return nil
	}
	opts := baseOptions(s.Addr(), handler, &MemCursors{})
	opts.SpoolDir = t.TempDir()
	startRun(t, opts)
	eventually(t, "both marked", func() bool { return marked(t, s, 1) && marked(t, s, small) })
	if st := <-got; !st.file || !st.unlinked || !st.whole {
		t.Errorf("large message: got %+v, want it whole from an unlinked file", st)
	}
	if st := <-got; st.file || !st.whole {
		t.Errorf("small message: got %+v, want it whole from memory", st)
	}
	if left, _ := os.ReadDir(opts.SpoolDir); len(left) != 0 {
		t.Errorf("%d files left in the spool folder", len(left))
	}
}

// A backlog is downloaded in runs, one FETCH for many messages, not one
// per message; a message that must not be read (too large) splits the
// run, and every other message is handed over in UID order.
func TestBacklogIsFetchedInRuns(t *testing.T) {
	for _, tc := range []struct {
		name    string
		big     int // the message over MaxMessageSize, 0 for none
		fetches int // FETCH BODY[] commands, one per run
	}{
		{"one run", 0, 1},
		{"split by a message too large", 6, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t)
			var want []uint32
			for n := 1; n <= 10; n++ {
				raw := mail(n)
				if n == tc.big {
					raw = append(raw, bytes.Repeat([]byte("x"), 1000)...)
				}
				if _, err := s.Append(t.Context(), testUser, memimap.Inbox, raw); err != nil {
					t.Fatalf("Append: %v", err)
				}
				if n != tc.big {
					want = append(want, uint32(n))
				}
			}
			rec := newRecorder()
			opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
			opts.MaxMessageSize = 500
			opts.Quarantine = (&quarantineLog{}).record
			startRun(t, opts)
			eventually(t, "10 messages marked", func() bool { return marked(t, s, 10) })
			if got := rec.succeeded(); !slices.Equal(got, want) {
				t.Errorf("handled UIDs: got %v, want %v", got, want)
			}
			if got := s.Commands(memimap.Inbox, "FETCH BODY[]"); got != tc.fetches {
				t.Errorf("%d FETCH BODY[] commands for 10 messages, want %d", got, tc.fetches)
			}
		})
	}
}
