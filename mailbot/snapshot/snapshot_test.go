package snapshot

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mailbot/state"
)

func TestServeReplacesAStaleSocketAndCopiesTheState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := state.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Commit(state.Commit{At: time.Now(), SeenKeys: []string{"k"}, Conversation: &state.Conversation{ID: "GEV-TEST0001"}}); err != nil {
		t.Fatal(err)
	}
	// A dead daemon's socket file.
	if err := os.WriteFile(SocketPath(path), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, path, st, slog.New(slog.DiscardHandler)) }()
	var cp *state.Store
	var done func() error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if cp, done, err = fromDaemon(ctx, path); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no cp from the daemon: %v", err)
		}
	}
	if ok, err := cp.HasConversation("GEV-TEST0001"); err != nil || !ok {
		t.Errorf("the cp lacks the conversation: %v, %v", ok, err)
	}
	if fi, err := os.Stat(SocketPath(path)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket: %v, %v; want mode 0600", fi, err)
	}
	if err := done(); err != nil {
		t.Error(err)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := os.Stat(SocketPath(path)); !os.IsNotExist(err) {
		t.Errorf("the socket outlives Serve: %v", err)
	}
}
