package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
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
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer stop()

	s := &conn{watcher: w, c: c, raw: raw, renewAt: w.sessionDeadline()}
	if err := s.open(); err != nil {
		return false, err
	}
	w.log.Info("watching", "uidvalidity", w.uidValidity, "last_uid", w.lastUID, "idle", s.canIdle)
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
	return s.loadCursor(sel.UIDValidity)
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

// loadCursor reads the saved position and restarts it from zero when the
// folder's UIDVALIDITY changed (RFC 9051 section 2.3.1.1).
func (s *conn) loadCursor(validity uint32) error {
	saved, last, err := s.o.Cursors.Cursor(s.o.Name)
	if err != nil {
		return fmt.Errorf("read cursor: %w", err)
	}
	if validity != s.uidValidity {
		clear(s.failures)
		clear(s.settled)
	}
	s.uidValidity, s.lastUID = validity, last
	if saved == validity {
		return nil
	}
	if saved == 0 {
		s.log.Info("no cursor yet: every unmarked message in the folder will be handled", "uidvalidity", validity)
	} else {
		s.log.Warn("UIDVALIDITY changed: rescanning the folder", "old", saved, "new", validity)
	}
	s.lastUID = 0
	if err := s.o.Cursors.SetCursor(s.o.Name, validity, 0); err != nil {
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
	// The tagged OK that ends IDLE is the liveness probe: a half-open
	// connection never sends it, and the watchdog closes it.
	err = s.guard(func() error {
		if err := idle.Close(); err != nil {
			return err
		}
		return idle.Wait()
	})
	if err != nil {
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
