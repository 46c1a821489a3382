package sentbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
)

// DefaultIdleTimeout is how long a Keeper's session stays open without
// use: under the 30 minutes after which a server may log an idle client
// out (RFC 9051 section 5.4).
const DefaultIdleTimeout = 10 * time.Minute

// defaultCommandTimeout bounds one call of Keeper.Do when the mailbox's
// options set no CommandTimeout.
const defaultCommandTimeout = time.Minute

// Keeper is one long-lived session to the Sent folder, shared by the
// senders of one mailbox: logging in and selecting the folder for every
// mail costs more than the mail's own commands. Its calls run one at a
// time: on a Maildir server, a second session writing the same folder
// makes each rescan it, which costs more than the wait.
type Keeper struct {
	box     *Box
	idle    time.Duration
	timeout time.Duration

	mu     sync.Mutex
	s      *Session // nil until needed, after a failure, and once idle too long
	timer  *time.Timer
	closed bool
}

// Keep returns a Keeper of the folder that closes its session after idle
// without use (0: DefaultIdleTimeout).
func (b *Box) Keep(idle time.Duration) *Keeper {
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	timeout := b.conn.CommandTimeout
	if timeout <= 0 {
		timeout = defaultCommandTimeout
	}
	return &Keeper{box: b, idle: idle, timeout: timeout}
}

// errClosed: Do after Close.
var errClosed = errors.New("sent folder: closed")

// Do runs f on the session, connecting first when there is none. A watchdog
// closes the connection when f has not returned within the mailbox's
// command timeout, as the watcher's does for a half-open connection, and
// so does ctx's end. When the connection fails — the server logged the
// session out, or dropped it — f is tried once more on a new session, so f
// must be safe to repeat (a search before an append is). A server's NO or
// BAD keeps the session.
func (k *Keeper) Do(ctx context.Context, f func(*Session) error) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return errClosed
	}
	// A caller that waited past its end must not run: its end would close
	// the session the next callers share.
	if err := ctx.Err(); err != nil {
		return err
	}
	if k.timer != nil {
		k.timer.Stop()
	}
	defer k.arm()
	fresh := k.s == nil
	err := k.try(ctx, f)
	if err == nil || fresh || k.s != nil || ctx.Err() != nil || errors.Is(err, errUnresponsive) {
		return err
	}
	return k.try(ctx, f) // the kept session had died: once more on a new one
}

// errUnresponsive: the watchdog closed the connection.
var errUnresponsive = errors.New("no answer in time: connection closed")

// try runs f once; a connection failure drops the session.
func (k *Keeper) try(ctx context.Context, f func(*Session) error) error {
	if k.s == nil {
		s, err := k.box.Open(ctx)
		if err != nil {
			return err
		}
		k.s = s
	}
	s := k.s
	var fired atomic.Bool
	watchdog := time.AfterFunc(k.timeout, func() {
		fired.Store(true)
		s.c.Close()
	})
	stop := context.AfterFunc(ctx, func() { s.c.Close() })
	err := f(s)
	watchdog.Stop()
	stop()
	timedOut := fired.Load()
	if err == nil || isRefusal(err) && !timedOut && ctx.Err() == nil {
		return err
	}
	s.c.Close()
	k.s = nil
	if timedOut {
		return fmt.Errorf("%w: %w", errUnresponsive, err)
	}
	return err
}

// arm closes the session once idle for k.idle; k.mu is held.
func (k *Keeper) arm() {
	if k.s == nil {
		return
	}
	s := k.s
	k.timer = time.AfterFunc(k.idle, func() {
		k.mu.Lock()
		if k.s != s {
			k.mu.Unlock()
			return
		}
		k.s = nil
		k.mu.Unlock()
		s.Close()
	})
}

// Close logs out; later calls of Do fail.
func (k *Keeper) Close() {
	k.mu.Lock()
	s := k.s
	k.s, k.closed = nil, true
	if k.timer != nil {
		k.timer.Stop()
	}
	k.mu.Unlock()
	if s != nil {
		s.Close()
	}
}

// isRefusal tells a tagged NO or BAD, after which the connection is still
// usable, from a connection failure.
func isRefusal(err error) bool {
	var imapErr *imap.Error
	return errors.As(err, &imapErr)
}
