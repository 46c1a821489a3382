package memimap

import (
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// session is one connection. It embeds imapmemserver's UserSession (nil
// before LOGIN, as in imapmemserver itself) and adds what this package needs:
// knowing which connections belong to which user, and a flush on IDLE.
type session struct {
	*imapmemserver.UserSession

	srv      *Server
	conn     *imapserver.Conn
	username string // set by Login
	selected string // the folder of the last SELECT
}

func (s *Server) newSession(conn *imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
	return &session{srv: s, conn: conn}, nil, nil
}

// Login checks the password and records the connection under the user.
func (sess *session) Login(username, password string) error {
	a := sess.srv.accounts[username]
	if a == nil {
		return imapserver.ErrAuthFailed
	}
	if err := a.mem.Login(username, password); err != nil {
		return err
	}
	sess.open(a)
	return nil
}

// open makes the session the signed-in user's.
func (sess *session) open(a *account) {
	sess.UserSession = imapmemserver.NewUserSession(a.mem)
	sess.username = a.Username
	sess.srv.track(a.Username, sess.conn, true)
}

// Close forgets the connection and releases the selected mailbox.
func (sess *session) Close() error {
	if sess.username != "" {
		sess.srv.track(sess.username, sess.conn, false)
	}
	return sess.UserSession.Close()
}

// Idle first writes the updates queued since the last command:
// imapmemserver's Idle only wakes up for updates queued after it started.
func (sess *session) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	if err := sess.UserSession.Poll(w, true); err != nil {
		return err
	}
	return sess.UserSession.Idle(w, stop)
}

func (s *Server) track(username string, conn *imapserver.Conn, open bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := s.conns[username]
	if open {
		if set == nil {
			set = make(map[*imapserver.Conn]struct{})
			s.conns[username] = set
		}
		set[conn] = struct{}{}
		return
	}
	delete(set, conn)
}

// kick ends every open connection of the user with an untagged BYE
// (RFC 9051 section 7.1.5).
func (s *Server) kick(username, reason string) {
	s.mu.Lock()
	conns := make([]*imapserver.Conn, 0, len(s.conns[username]))
	for c := range s.conns[username] {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		// The peer may be gone already; the connection is closed either way.
		_ = c.Bye(reason)
	}
}

// Select notes the folder, for the counts of commands.
func (sess *session) Select(name string, options *imap.SelectOptions) (*imap.SelectData, error) {
	data, err := sess.UserSession.Select(name, options)
	if err == nil {
		sess.selected = name
	}
	return data, err
}

// Search counts the SEARCH commands (see Server.Commands).
func (sess *session) Search(kind imapserver.NumKind, criteria *imap.SearchCriteria, options *imap.SearchOptions) (*imap.SearchData, error) {
	sess.srv.count(sess.selected, "SEARCH")
	return sess.UserSession.Search(kind, criteria, options)
}

// Fetch counts the FETCH commands, apart those that download whole
// messages, "FETCH BODY[]" (see Server.Commands).
func (sess *session) Fetch(w *imapserver.FetchWriter, numSet imap.NumSet, options *imap.FetchOptions) error {
	command := "FETCH"
	if slices.ContainsFunc(options.BodySection, func(b *imap.FetchItemBodySection) bool {
		return b.Specifier == imap.PartSpecifierNone && len(b.Part) == 0
	}) {
		command = "FETCH BODY[]"
	}
	sess.srv.count(sess.selected, command)
	return sess.UserSession.Fetch(w, numSet, options)
}
