package imapwatch

import (
	"context"
	"io"
	"testing"
	"time"

	"mailbot/mailbot/memimap"
)

// BenchmarkAppendToHandler measures the delay from a server-side APPEND to
// the handler call while the watcher is in IDLE.
func BenchmarkAppendToHandler(b *testing.B) {
	s, err := memimap.Start(memimap.Options{
		Users:  []memimap.User{{Username: testUser, Password: testPass}},
		Logger: quietLogger(),
	})
	if err != nil {
		b.Fatalf("memimap.Start: %v", err)
	}
	defer s.Close()
	handled := make(chan struct{}, 1)
	idling := make(chan struct{}, 1)
	opts := baseOptions(s.Addr(), func(_ context.Context, f Fetched) error {
		_, err := io.Copy(io.Discard, f.Body)
		handled <- struct{}{}
		return err
	}, &MemCursors{})
	opts.OnStatus = func(st Status) {
		if st.Idling {
			select {
			case idling <- struct{}{}:
			default:
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, opts) }()
	defer func() { cancel(); <-done }()

	raw := mail(1)
	for b.Loop() {
		b.StopTimer()
		select {
		case <-idling:
		case <-time.After(waitLimit):
			b.Fatalf("watcher not idling within %v", waitLimit)
		}
		b.StartTimer()
		if _, err := s.Append(ctx, testUser, memimap.Inbox, raw); err != nil {
			b.Fatalf("Append: %v", err)
		}
		select {
		case <-handled:
		case <-time.After(waitLimit):
			b.Fatalf("handler not called within %v", waitLimit)
		}
	}
}
