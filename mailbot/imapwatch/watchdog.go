package imapwatch

import (
	"fmt"
	"net"
	"sync/atomic"
	"time"
)

// watchdog closes a connection that makes no progress for d. A half-open
// TCP connection does not fail, it only goes silent, and imapclient sets no
// read deadline while it waits for a response to begin; closing the raw
// connection makes every pending imapclient call return.
type watchdog struct {
	d     time.Duration
	timer *time.Timer
	fired atomic.Bool
}

func startWatchdog(conn net.Conn, d time.Duration) *watchdog {
	w := &watchdog{d: d}
	w.timer = time.AfterFunc(d, func() {
		w.fired.Store(true)
		conn.Close()
	})
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
	switch {
	case !w.fired.Load():
		return err
	case err == nil: // finished as the timer fired: the connection is closed anyway
		return fmt.Errorf("%w: no progress within %v", ErrUnresponsive, w.d)
	default:
		return fmt.Errorf("%w: no progress within %v: %w", ErrUnresponsive, w.d, err)
	}
}

// guard runs f under a watchdog on conn.
func guard(conn net.Conn, d time.Duration, f func() error) error {
	w := startWatchdog(conn, d)
	return w.stop(f())
}
