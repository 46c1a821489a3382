package imapwatch

import (
	"slices"
	"testing"
	"time"
)

func TestSessionRenewedAtDeadline(t *testing.T) {
	s := startServer(t)
	rec := newRecorder()
	status := &statusLog{}
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	opts.OnStatus = status.on
	opts.SessionDeadline = func() time.Time { return time.Now().Add(100 * time.Millisecond) }
	startRun(t, opts)

	uid1 := appendMail(t, s, 1)
	eventually(t, "message 1 marked", func() bool { return marked(t, s, uid1) })
	eventually(t, "two renewals", func() bool { return status.get().Reconnects >= 2 })
	uid2 := appendMail(t, s, 2)
	eventually(t, "message 2 marked", func() bool { return marked(t, s, uid2) })

	if got, want := rec.succeeded(), []uint32{uid1, uid2}; !slices.Equal(got, want) {
		t.Errorf("handled UIDs: got %v, want %v", got, want)
	}
	if got := status.get().LastError; got != "" {
		t.Errorf("LastError: got %q, want none (a renewal is not a failure)", got)
	}
}

func TestPastSessionDeadlineIsIgnored(t *testing.T) {
	s := startServer(t)
	rec := newRecorder()
	status := &statusLog{}
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	opts.OnStatus = status.on
	opts.SessionDeadline = func() time.Time { return time.Now().Add(-time.Minute) }
	startRun(t, opts)

	for n := 1; n <= 2; n++ {
		uid := appendMail(t, s, n)
		eventually(t, "message marked", func() bool { return marked(t, s, uid) })
	}
	if got := status.get(); !got.Connected || got.Reconnects != 0 {
		t.Errorf("status: got connected %v, %d reconnects, want connected, 0", got.Connected, got.Reconnects)
	}
}
