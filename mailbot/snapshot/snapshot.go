// Package snapshot lets the read-only commands (`mailbot digest`) read
// the state file while `mailbot run` holds it. bbolt locks its file for
// one process, so the running daemon serves consistent copies of it —
// one read transaction each, which does not stop the bot — on a unix
// socket next to the file (state.path + ".sock"). A command asks the
// socket first and opens the file itself only when no daemon answers.
//
// The socket is created by the daemon's user with mode 0600: whoever may
// connect may also read the file, so the socket grants nothing new, needs
// no token, and reaches nothing beyond this machine.
package snapshot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"mailbot/state"
)

// SocketPath is where the daemon of the state file statePath answers.
func SocketPath(statePath string) string { return statePath + ".sock" }

// Serve answers on the socket of the state file at statePath until ctx
// is done, then removes the socket. The caller holds st, and with it the
// state file's lock, so a socket left there is a dead daemon's and is
// replaced.
func Serve(ctx context.Context, statePath string, st *state.Store, log *slog.Logger) error {
	path := SocketPath(statePath)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove stale socket %s: %w", path, err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", path, err)
	}
	defer os.Remove(path)
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return fmt.Errorf("socket %s: %w", path, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /state", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if _, err := st.WriteSnapshot(w); err != nil {
			log.Warn("state snapshot for a read-only command", "err", err)
		}
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	stop := context.AfterFunc(ctx, func() { srv.Close() })
	defer stop()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", path, err)
	}
	return nil
}

// Open opens the state file at statePath for reading: a copy from the
// running daemon when one answers on its socket, else the file itself.
// Call done when finished: it closes the store and removes the copy.
func Open(ctx context.Context, statePath string) (st *state.Store, done func() error, err error) {
	st, done, sockErr := fromDaemon(ctx, statePath)
	if sockErr == nil {
		return st, done, nil
	}
	st, err = state.Open(statePath)
	if err != nil {
		return nil, nil, fmt.Errorf("%w; and no running mailbot answers on %s (%v)", err, SocketPath(statePath), sockErr)
	}
	return st, st.Close, nil
}

// fromDaemon copies the state file from the daemon into a temporary file
// and opens the copy.
func fromDaemon(ctx context.Context, statePath string) (*state.Store, func() error, error) {
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", SocketPath(statePath))
		},
	}}
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://mailbot/state", nil)
	if err != nil {
		return nil, nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("the daemon answered %s", resp.Status)
	}
	f, err := os.CreateTemp("", "mailbot-state-*.db")
	if err != nil {
		return nil, nil, fmt.Errorf("copy of the state file: %w", err)
	}
	remove := func() { f.Close(); os.Remove(f.Name()) }
	if _, err := io.Copy(f, resp.Body); err != nil {
		remove()
		return nil, nil, fmt.Errorf("copy of the state file from the daemon: %w", err)
	}
	if err := f.Close(); err != nil {
		remove()
		return nil, nil, fmt.Errorf("copy of the state file: %w", err)
	}
	st, err := state.Open(f.Name())
	if err != nil {
		remove()
		return nil, nil, err
	}
	return st, func() error { defer os.Remove(f.Name()); return st.Close() }, nil
}
