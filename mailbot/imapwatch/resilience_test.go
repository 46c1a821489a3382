package imapwatch

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

func TestReconnectsAfterServerRestart(t *testing.T) {
	s := startServer(t)
	rec := newRecorder()
	status := &statusLog{}
	opts := baseOptions(s.Addr(), rec.handle, &MemCursors{})
	opts.OnStatus = status.on
	startRun(t, opts)
	eventually(t, "watcher idling", func() bool { return status.get().Idling })

	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	uid := appendMail(t, s, 1) // delivered while nobody can connect
	eventually(t, "watcher sees the loss", func() bool { return !status.get().Connected })
	if err := s.Restart(); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	eventually(t, "mail handled after restart", func() bool { return marked(t, s, uid) })
	if got := status.get(); got.Reconnects < 1 || got.LastError == "" {
		t.Errorf("status: got %+v, want Reconnects >= 1 and LastError set", got)
	}
}

func TestReconnectsAfterCut(t *testing.T) {
	s := startServer(t)
	p := startProxy(t, s.Addr(), nil)
	rec := newRecorder()
	status := &statusLog{}
	opts := baseOptions(p.Addr(), rec.handle, &MemCursors{})
	opts.OnStatus = status.on
	startRun(t, opts)

	for n := 1; n <= 2; n++ {
		eventually(t, "watcher idling", func() bool { return status.get().Idling })
		p.Cut()
		uid := appendMail(t, s, n)
		eventually(t, "mail handled after the cut", func() bool { return marked(t, s, uid) })
	}
	if got := status.get().Reconnects; got < 2 {
		t.Errorf("Reconnects: got %d, want >= 2", got)
	}
}

func TestSilentConnectionIsReplaced(t *testing.T) {
	s := startServer(t)
	p := startProxy(t, s.Addr(), nil)
	rec := newRecorder()
	status := &statusLog{}
	opts := baseOptions(p.Addr(), rec.handle, &MemCursors{})
	opts.IdleRestart = 100 * time.Millisecond
	opts.CommandTimeout = 300 * time.Millisecond
	opts.OnStatus = status.on
	startRun(t, opts)
	eventually(t, "watcher idling", func() bool { return status.get().Idling })

	p.Freeze()
	uid := appendMail(t, s, 1)
	eventually(t, "mail handled on a new connection", func() bool { return marked(t, s, uid) })
	got := status.get()
	if got.Reconnects < 1 {
		t.Errorf("Reconnects: got %d, want >= 1", got.Reconnects)
	}
	if !strings.Contains(got.LastError, ErrUnresponsive.Error()) {
		t.Errorf("LastError: got %q, want it to contain %q", got.LastError, ErrUnresponsive)
	}
}

func TestCancelReturnsPromptly(t *testing.T) {
	s := startServer(t)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	deadAddr := closed.Addr().String()
	closed.Close()

	tests := []struct {
		name  string
		addr  string
		ready func(Status) bool
	}{
		{"while idling", s.Addr(), func(st Status) bool { return st.Idling }},
		// BackoffMin of an hour: only a cancellable wait returns in time.
		{"while backing off", deadAddr, func(st Status) bool { return st.LastError != "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status := &statusLog{}
			opts := baseOptions(tt.addr, newRecorder().handle, &MemCursors{})
			opts.BackoffMin, opts.BackoffMax = time.Hour, time.Hour
			opts.OnStatus = status.on
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- Run(ctx, opts) }()
			eventually(t, "watcher ready", func() bool { return tt.ready(status.get()) })

			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: got %v, want nil", err)
				}
			case <-time.After(waitLimit):
				t.Fatalf("Run still running %v after cancel", waitLimit)
			}
		})
	}
}

func TestWrongPasswordKeepsRetrying(t *testing.T) {
	s := startServer(t)
	status := &statusLog{}
	opts := baseOptions(s.Addr(), newRecorder().handle, &MemCursors{})
	opts.Password = func(context.Context) (string, error) { return "wrong", nil }
	opts.OnStatus = status.on
	startRun(t, opts)
	eventually(t, "two reconnections", func() bool { return status.get().Reconnects >= 2 })
	if got := status.get(); got.Connected || !strings.Contains(got.LastError, "LOGIN") {
		t.Errorf("status: got %+v, want not connected and a LOGIN error", got)
	}
}

func TestPasswordErrorIsReported(t *testing.T) {
	s := startServer(t)
	status := &statusLog{}
	opts := baseOptions(s.Addr(), newRecorder().handle, &MemCursors{})
	opts.Password = func(context.Context) (string, error) { return "", errors.New("secret file missing") }
	opts.OnStatus = status.on
	startRun(t, opts)
	eventually(t, "an error", func() bool { return status.get().LastError != "" })
	if got := status.get().LastError; !strings.Contains(got, "secret file missing") {
		t.Errorf("LastError: got %q, want the password error", got)
	}
}
