package imapwatch

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/memimap"
)

func TestExistingMailIsHandledAndMarked(t *testing.T) {
	s := startServer(t)
	for n := 1; n <= 3; n++ {
		appendMail(t, s, n)
	}
	rec := newRecorder()
	cursors := &MemCursors{}
	startRun(t, baseOptions(s.Addr(), rec.handle, cursors))

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
	eventually(t, "cursor at uid 3", func() bool {
		v, last, _ := cursors.Cursor("btp")
		return v == call.UIDValidity && last == 3
	})
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
	startRun(t, opts)

	eventually(t, "uid 1 retried and uid 2 marked", func() bool {
		return rec.count(1) >= 2 && marked(t, s, 2)
	})
	if marked(t, s, 1) {
		t.Fatalf("uid 1 is marked after its handler failed, want unmarked")
	}
	if _, last, _ := cursors.Cursor("btp"); last != 0 {
		t.Errorf("cursor while uid 1 fails: got %d, want 0", last)
	}
	close(allow)
	eventually(t, "uid 1 marked once it succeeds", func() bool { return marked(t, s, 1) })
	eventually(t, "cursor past both", func() bool {
		_, last, _ := cursors.Cursor("btp")
		return last == 2
	})
	if n := rec.count(2); n != 1 {
		t.Errorf("calls for uid 2: got %d, want 1", n)
	}
}

func TestPoisonedMessageIsSkippedAfterMaxAttempts(t *testing.T) {
	tests := []struct {
		name string
		fail func(uid uint32, attempt int) error
	}{
		{"error", func(uid uint32, _ int) error {
			if uid == 1 {
				return errors.New("cannot parse")
			}
			return nil
		}},
		{"panic", func(uid uint32, _ int) error {
			if uid == 1 {
				panic("nil map")
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t)
			appendMail(t, s, 1)
			rec := newRecorder()
			rec.fail = tt.fail
			status := &statusLog{}
			opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
			opts.PollInterval = 10 * time.Millisecond
			opts.MaxAttempts = 3
			opts.OnStatus = status.on
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
			if marked(t, s, 1) {
				t.Errorf("skipped uid 1 is marked, want unmarked")
			}
			if got := status.get().LastError; !strings.Contains(got, "uid 1") {
				t.Errorf("LastError: got %q, want it to name uid 1", got)
			}
		})
	}
}

func TestOversizedMessageIsSkipped(t *testing.T) {
	s := startServer(t)
	big := appendMail(t, s, 1)
	rec := newRecorder()
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	small := []byte("Subject: x\r\n\r\nok\r\n")
	opts.MaxMessageSize = int64(len(small))
	startRun(t, opts)
	// A message within the limit arrives after the big one.
	if _, err := s.Append(t.Context(), testUser, memimap.Inbox, small); err != nil {
		t.Fatalf("Append: %v", err)
	}
	eventually(t, "small message marked", func() bool { return marked(t, s, big+1) })
	if n := rec.count(big); n != 0 {
		t.Errorf("handler calls for the big message: got %d, want 0", n)
	}
	if marked(t, s, big) {
		t.Errorf("big message is marked, want unmarked")
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
	oldValidity, _, _ := cursors.Cursor("btp")

	if err := s.RecreateMailbox(testUser, memimap.Inbox); err != nil {
		t.Fatalf("RecreateMailbox: %v", err)
	}
	// The new folder starts over at UID 1, below the old cursor's 1+.
	uid := appendMail(t, s, 2)
	eventually(t, "new uid marked", func() bool { return marked(t, s, uid) })
	var newValidity uint32
	eventually(t, "cursor on the new folder", func() bool {
		v, last, _ := cursors.Cursor("btp")
		newValidity = v
		return v != oldValidity && last == uid
	})
	if got := rec.last(); got.UIDValidity != newValidity {
		t.Errorf("Fetched.UIDValidity: got %d, want %d", got.UIDValidity, newValidity)
	}
}

func TestMoveTo(t *testing.T) {
	s := startServer(t)
	appendMail(t, s, 1)
	rec := newRecorder()
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	opts.MoveTo = "Traité"
	startRun(t, opts)

	eventually(t, "message moved", func() bool { return len(flagsOf(t, s, "Traité")) == 1 })
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
