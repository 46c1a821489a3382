package imapwatch

import (
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// flakyCursors fails on demand, to test the paths where the state file
// does not answer.
type flakyCursors struct {
	MemCursors
	readFailures atomic.Int32 // Position fails while this is positive
	writesLeft   atomic.Int32 // SavePosition fails once this reaches zero
}

func (c *flakyCursors) Position(mailbox string) (Position, error) {
	if c.readFailures.Add(-1) >= 0 {
		return Position{}, errors.New("state file locked")
	}
	return c.MemCursors.Position(mailbox)
}

func (c *flakyCursors) SavePosition(mailbox string, p Position) error {
	if c.writesLeft.Add(-1) < 0 {
		return errors.New("disk full")
	}
	return c.MemCursors.SavePosition(mailbox, p)
}

func TestCursorFailures(t *testing.T) {
	tests := []struct {
		name         string
		readFailures int32
		writes       int32
		wantErr      string
	}{
		// Reading fails: the session is retried until it works.
		{"read fails twice", 2, 1000, "state file locked"},
		// Only the reset at SELECT is saved: the cursor lags, and the
		// keyword alone keeps messages from being handled twice.
		{"writes fail after the first", 0, 1, "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t)
			appendMail(t, s, 1)
			cursors := &flakyCursors{}
			cursors.readFailures.Store(tt.readFailures)
			cursors.writesLeft.Store(tt.writes)
			rec := newRecorder()
			status := &statusLog{}
			opts := baseOptions(s.Addr(), rec.handle, cursors)
			opts.PollInterval = 20 * time.Millisecond
			opts.OnStatus = status.on
			startRun(t, opts)

			eventually(t, "uid 1 marked", func() bool { return marked(t, s, 1) })
			uid := appendMail(t, s, 2)
			eventually(t, "uid 2 marked", func() bool { return marked(t, s, uid) })
			checked := status.get().LastCheck
			eventually(t, "another check", func() bool { return status.get().LastCheck.After(checked) })
			if got, want := rec.succeeded(), []uint32{1, uid}; !slices.Equal(got, want) {
				t.Errorf("handled: got %v, want %v", got, want)
			}
			if n := rec.count(1); n != 1 {
				t.Errorf("calls for uid 1: got %d, want 1", n)
			}
			if got := status.get().LastError; !strings.Contains(got, tt.wantErr) {
				t.Errorf("LastError: got %q, want it to contain %q", got, tt.wantErr)
			}
		})
	}
}
