package imapwatch

import (
	"fmt"
	"net"
	"sync/atomic"
	"time"
)

// watchdog closes a connection that makes no progress for d, or that is
// still busy after total when total is set. A half-open TCP connection does
// not fail, it only goes silent, and imapclient sets no read deadline while
// it waits for a response to begin; closing the raw connection makes every
// pending imapclient call return.
type watchdog struct {
	d     time.Duration
	timer *time.Timer
	limit *time.Timer // nil without total
	fired atomic.Bool
}

func startWatchdog(conn net.Conn, d, total time.Duration) *watchdog {
	w := &watchdog{d: d}
	fire := func() {
		w.fired.Store(true)
		conn.Close()
	}
	w.timer = time.AfterFunc(d, fire)
	if total > 0 {
		w.limit = time.AfterFunc(total, fire)
	}
	return w
}

// kick records progress: the connection gets d again.
func (w *watchdog) kick() {
	w.timer.Reset(w.d)
}

// stop disarms the watchdog and returns err, marked ErrUnresponsive if the
// watchdog closed the connection.
func (w *watchdog) stop(err error) error {
	w.timer.Stop()
	if w.limit != nil {
		w.limit.Stop()
	}
	switch {
	case !w.fired.Load():
		return err
	case err == nil: // finished as the timer fired: the connection is closed anyway
		return fmt.Errorf("%w: no progress within %v, or over its time limit", ErrUnresponsive, w.d)
	default:
		return fmt.Errorf("%w: no progress within %v, or over its time limit: %w", ErrUnresponsive, w.d, err)
	}
}

// guard runs f under a watchdog on conn.
func guard(conn net.Conn, d time.Duration, f func() error) error {
	w := startWatchdog(conn, d, 0)
	return w.stop(f())
}
