package retention

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"mailbot/mailbot/testutil"
	"mailbot/state"
)

var t0 = time.Date(2027, time.March, 1, 10, 0, 0, 0, time.UTC)

func TestClosedConversationsLeaveAfterKeep(t *testing.T) {
	st, err := state.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range []state.Conversation{
		{ID: "GEV-CLOSED", Status: state.StatusClosed, Updated: t0},
		{ID: "GEV-OPEN", Status: state.StatusOpen, Updated: t0},
	} {
		if err := st.Commit(state.Commit{Conversation: &c}); err != nil {
			t.Fatal(err)
		}
	}
	clock := testutil.NewClock(t0.Add(729 * 24 * time.Hour))
	o := Options{Store: st, Keep: 730 * 24 * time.Hour, Clock: clock.Now}
	if n, err := Once(o); n != 0 || err != nil {
		t.Fatalf("a day before keep: archived %d %v, want none", n, err)
	}
	clock.Advance(2 * 24 * time.Hour)
	// Run archives at once when it starts, as the daemon does.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- Run(ctx, o) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := st.Conversation("GEV-CLOSED")
		if errors.Is(err, state.ErrNotFound) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the closed conversation was not archived")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := st.Conversation("GEV-OPEN"); err != nil {
		t.Errorf("an open conversation must stay, however old: %v", err)
	}
}
