package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// conn is one authenticated connection with the folder selected.
type conn struct {
	*watcher
	c       *imapclient.Client
	raw     net.Conn
	canIdle bool
	canMove bool
	// renewAt is Options.SessionDeadline's answer; zero means never.
	renewAt time.Time
	closer  *closer
	// idle is the IDLE command that wait ended, until ended collects the
	// server's answer.
	idle *imapclient.IdleCommand
}

// closer closes the connection when Run's context ends, to unblock any
// command at once, except while a message is in the handler's hands: then
// the message is finished and marked first (phase one of a shutdown stops
// taking messages, it does not drop the one in flight).
type closer struct {
	mu       sync.Mutex
	raw      net.Conn
	busy     bool
	stopping bool
}

func (c *closer) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopping = true
	if !c.busy {
		c.raw.Close()
	}
}

// enter marks the start of work in flight; false when stopping already.
func (c *closer) enter() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy = !c.stopping
	return c.busy
}

func (c *closer) leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.busy = false
	if c.stopping {
		c.raw.Close()
	}
}

// inFlight runs f, which hands a message over and marks it, as work in
// flight (see closer).
func (s *conn) inFlight(ctx context.Context, f func() (bool, error)) (bool, error) {
	if !s.closer.enter() {
		return false, ctx.Err()
	}
	defer s.closer.leave()
	return f()
}

// session connects, selects the folder, then checks for mail and waits,
// until the connection fails or ctx is done. worked reports whether it got
// as far as one complete check, which resets the reconnection backoff.
func (w *watcher) session(ctx context.Context) (worked bool, err error) {
	c, raw, err := w.connect(ctx)
	if err != nil {
		return false, err
	}
	defer c.Close()
	s := &conn{watcher: w, c: c, raw: raw, renewAt: w.sessionDeadline(), closer: &closer{raw: raw}}
	stop := context.AfterFunc(ctx, s.closer.stop)
	defer stop()

	if err := s.open(); err != nil {
		return false, err
	}
	w.log.Info("watching", "uidvalidity", w.pos.UIDValidity, "last_uid", w.pos.LastUID, "idle", s.canIdle)
	w.status.update(func(st *Status) { st.Connected = true })
	defer w.status.update(func(st *Status) { st.Connected, st.Idling = false, false })
	for {
		if err := s.process(ctx); err != nil {
			return worked, err
		}
		worked = true
		if s.renewDue() {
			return worked, s.logout()
		}
		if err := s.wait(ctx); err != nil {
			return worked, err
		}
	}
}

// guard runs f under the CommandTimeout watchdog.
func (s *conn) guard(f func() error) error {
	return guard(s.raw, s.o.CommandTimeout, f)
}

// open reads the capabilities, selects the folder and loads the cursor.
func (s *conn) open() error {
	var caps imap.CapSet
	err := s.guard(func() error {
		if caps = s.c.Caps(); caps == nil {
			return errors.New("no CAPABILITY answer")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read capabilities: %w", err)
	}
	s.canIdle = caps.Has(imap.CapIdle)
	// Without MOVE, imapclient falls back to COPY, STORE \Deleted and a
	// plain EXPUNGE unless UIDPLUS is there: that would expunge every
	// message a human flagged \Deleted. Only move when it is safe.
	s.canMove = caps.Has(imap.CapMove) || caps.Has(imap.CapUIDPlus)
	if s.o.MoveTo != "" && !s.canMove {
		s.log.Warn("server has neither MOVE nor UIDPLUS: handled mail is marked but not moved", "move_to", s.o.MoveTo)
	}
	var sel *imap.SelectData
	err = s.guard(func() (err error) {
		sel, err = s.c.Select(s.o.Folder, nil).Wait()
		return err
	})
	if err != nil {
		return fmt.Errorf("select %q: %w", s.o.Folder, err)
	}
	s.checkKeyword(sel.PermanentFlags)
	return s.loadPosition(sel.UIDValidity)
}

// checkKeyword warns when the server will not keep the done keyword
// (PERMANENTFLAGS, RFC 9051 section 7.1): then only the cursor prevents
// handling a message twice.
func (s *conn) checkKeyword(permanent []imap.Flag) {
	if slices.ContainsFunc(permanent, func(f imap.Flag) bool {
		return f == imap.FlagWildcard || strings.EqualFold(string(f), s.o.DoneKeyword)
	}) {
		return
	}
	s.log.Warn("server does not keep the done keyword; relying on the cursor alone", "keyword", s.o.DoneKeyword)
}

// loadPosition reads the saved position at the first SELECT, with the
// suspects a crash left, and restarts from zero when the folder's
// UIDVALIDITY changed (RFC 9051 section 2.3.1.1).
func (s *conn) loadPosition(validity uint32) error {
	if !s.loaded {
		pos, err := s.o.Cursors.Position(s.o.Name)
		if err != nil {
			return fmt.Errorf("read position: %w", err)
		}
		s.pos, s.suspects, s.suspectFrom, s.loaded = pos, pos.InFlight, pos.Next, true
		if pos.UIDValidity == 0 {
			s.log.Info("no cursor yet: every unmarked message in the folder will be handled", "uidvalidity", validity)
		}
	}
	if s.pos.UIDValidity == validity {
		return nil
	}
	if s.pos.UIDValidity != 0 {
		s.log.Warn("UIDVALIDITY changed: rescanning the folder", "old", s.pos.UIDValidity, "new", validity)
	}
	clear(s.failures)
	clear(s.settled)
	s.pos, s.suspects, s.suspectFrom = Position{UIDValidity: validity}, nil, 0
	if err := s.o.Cursors.SavePosition(s.o.Name, s.pos.clone()); err != nil {
		return fmt.Errorf("reset cursor: %w", err)
	}
	return nil
}

// wait returns when the folder should be checked again: new mail announced,
// IdleRestart or PollInterval elapsed. It fails when the connection does.
func (s *conn) wait(ctx context.Context) error {
	if !s.canIdle {
		return s.pause(ctx, s.o.PollInterval)
	}
	var idle *imapclient.IdleCommand
	err := s.guard(func() (err error) {
		idle, err = s.c.Idle()
		return err
	})
	if err != nil {
		return fmt.Errorf("start IDLE: %w", err)
	}
	s.status.update(func(st *Status) { st.Idling = true })
	waitErr := s.pause(ctx, min(s.o.IdleRestart, s.o.PollInterval))
	s.status.update(func(st *Status) { st.Idling = false })
	if waitErr != nil {
		return waitErr
	}
	// DONE is sent, and the next command goes out at once, without a
	// round trip for IDLE's tagged OK: the server answers IDLE first,
	// and ended collects it. That command's answer is the liveness
	// probe: a half-open connection never sends it, and the watchdog
	// closes it.
	if err := s.guard(idle.Close); err != nil {
		return fmt.Errorf("end IDLE: %w", err)
	}
	s.idle = idle
	return nil
}

// ended returns the server's answer to the DONE that ended the last IDLE,
// which came before the answer to the command that followed it.
func (s *conn) ended() error {
	idle := s.idle
	if idle == nil {
		return nil
	}
	s.idle = nil
	if err := idle.Wait(); err != nil {
		return fmt.Errorf("end IDLE: %w", err)
	}
	return nil
}

// pause waits d, or for a wake-up, or until the connection or ctx ends;
// it waits no later than the session's renewal.
func (s *conn) pause(ctx context.Context, d time.Duration) error {
	if !s.renewAt.IsZero() {
		d = min(d, time.Until(s.renewAt))
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-s.wake:
		return nil
	case <-s.c.Closed():
		return errors.New("server closed the connection")
	case <-ctx.Done():
		return ctx.Err()
	}
}
