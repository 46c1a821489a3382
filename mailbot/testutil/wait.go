package testutil

import (
	"testing"
	"time"

	"mailbot/state"
)

// WaitConversations waits, up to 30 s, until st holds at least n
// conversations, and returns them.
func WaitConversations(t testing.TB, st *state.Store, n int) []state.Conversation {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		convs, err := st.Conversations()
		if err != nil {
			t.Fatal(err)
		}
		if len(convs) >= n {
			return convs
		}
		if time.Now().After(deadline) {
			t.Fatalf("got %d conversations after 30 s, want %d", len(convs), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
