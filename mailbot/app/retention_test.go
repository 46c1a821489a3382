package app

import (
	"errors"
	"testing"
	"time"

	"mailbot/state"
)

// TestDaemonArchivesClosedConversationsPastKeep: the daemon archives, by
// its injected clock, the closed conversations older than [state] keep
// (730 days by default) when it starts, and keeps the others.
func TestDaemonArchivesClosedConversationsPastKeep(t *testing.T) {
	start := paris(2029, time.March, 1, 10, 0)
	h := newMemHarness(t, start, setup{})
	for _, c := range []state.Conversation{
		{ID: "GEV-OLDCLOSED", Status: state.StatusClosed, Updated: start.Add(-731 * 24 * time.Hour)},
		{ID: "GEV-RECENT01", Status: state.StatusClosed, Updated: start.Add(-700 * 24 * time.Hour)},
		{ID: "GEV-OLDOPEN01", Status: state.StatusNeedsHuman, Updated: start.Add(-900 * 24 * time.Hour)},
	} {
		if err := h.app.Store.Commit(state.Commit{Conversation: &c}); err != nil {
			t.Fatal(err)
		}
	}
	h.stopBot()
	h.startBot()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := h.app.Store.Conversation("GEV-OLDCLOSED"); errors.Is(err, state.ErrNotFound) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the conversation closed 731 days ago was not archived")
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, id := range []string{"GEV-RECENT01", "GEV-OLDOPEN01"} {
		if _, err := h.app.Store.Conversation(id); err != nil {
			t.Errorf("%s: %v, want it kept", id, err)
		}
	}
}
