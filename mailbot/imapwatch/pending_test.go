package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"
	"time"
)

// A batch is handed out before any decision is waited for; the waits then
// come in UID order, each message is marked only after its wait returned
// nil, and one whose wait failed stays unmarked and is handed again.
func TestDecisionsAreWaitedInOrderBeforeTheMark(t *testing.T) {
	s := startServer(t)
	for n := 1; n <= 3; n++ {
		appendMail(t, s, n)
	}
	var (
		mu     sync.Mutex
		events []string
		failed bool
	)
	note := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, fmt.Sprintf(format, a...))
	}
	opts := baseOptions(s.Addr(), nil, &MemCursors{})
	opts.PollInterval = 50 * time.Millisecond // the later check that hands 2 again
	opts.Handler = func(_ context.Context, f Fetched) (func() error, error) {
		if _, err := io.Copy(io.Discard, f.Body); err != nil {
			return nil, err
		}
		note("hand %d", f.UID)
		return func() error {
			if marked(t, s, f.UID) {
				t.Errorf("uid %d marked before its decision was durable", f.UID)
			}
			note("wait %d", f.UID)
			mu.Lock()
			defer mu.Unlock()
			if f.UID == 2 && !failed {
				failed = true
				return errors.New("disk full")
			}
			return nil
		}, nil
	}
	t.Cleanup(func() {
		if t.Failed() {
			mu.Lock()
			defer mu.Unlock()
			t.Logf("events: %v", events)
		}
	})
	startRun(t, opts)
	eventually(t, "1 and 3 marked", func() bool { return marked(t, s, 1) && marked(t, s, 3) })
	// Handed again (a search skips marked mail) at the next check.
	eventually(t, "2 marked", func() bool { return marked(t, s, 2) })
	mu.Lock()
	defer mu.Unlock()
	want := []string{"hand 1", "hand 2", "hand 3", "wait 1", "wait 2", "wait 3", "hand 2", "wait 2"}
	if !slices.Equal(events, want) {
		t.Errorf("events:\n got %v\nwant %v", events, want)
	}
}
