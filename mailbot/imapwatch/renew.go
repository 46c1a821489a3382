package imapwatch

import (
	"errors"
	"time"
)

// errRenew ends a session at its deadline; Run reconnects at once, without
// counting it as a failure.
var errRenew = errors.New("session renewed before its credentials expire")

// sessionDeadline asks Options.SessionDeadline when the session just
// authenticated must end; zero means never. A past deadline is ignored,
// or every session would end as soon as it began.
func (w *watcher) sessionDeadline() time.Time {
	if w.o.SessionDeadline == nil {
		return time.Time{}
	}
	at := w.o.SessionDeadline()
	if !at.IsZero() && !time.Now().Before(at) {
		w.log.Warn("session deadline already past: keeping the session until the server ends it", "deadline", at)
		return time.Time{}
	}
	return at
}

func (s *conn) renewDue() bool {
	return !s.renewAt.IsZero() && !time.Now().Before(s.renewAt)
}

// logout ends a session due for renewal politely (RFC 9051 section
// 6.1.3). Its failure changes nothing: the connection is closed next.
func (s *conn) logout() error {
	if err := s.guard(func() error { return s.c.Logout().Wait() }); err != nil {
		s.log.Debug("LOGOUT before renewal failed", "err", err)
	}
	return errRenew
}
