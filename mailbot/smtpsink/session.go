package smtpsink

import (
	"fmt"
	"io"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// backend creates one session per SMTP connection.
type backend struct{ sink *Sink }

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{sink: b.sink, conn: c}, nil
}

// session is one connection's transaction state; go-smtp calls it from the
// connection's goroutine only.
type session struct {
	sink   *Sink
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

func (s *session) needsAuth() bool { return s.sink.opts.Username != "" && !s.authed }

// AuthMechanisms advertises AUTH only when credentials are required.
func (s *session) AuthMechanisms() []string {
	if s.sink.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain, sasl.Login}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, pass string) error {
			return s.check(user, pass)
		}), nil
	case sasl.Login:
		return &loginServer{check: s.check}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

// check compares credentials; a mismatch is 535, the RFC 4954 permanent
// "authentication credentials invalid" reply.
func (s *session) check(user, pass string) error {
	if user != s.sink.opts.Username || pass != s.sink.opts.Password {
		return smtp.ErrAuthFailed
	}
	s.authed = true
	return nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.needsAuth() {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("smtpsink: read message: %w", err)
	}
	if f := s.sink.takeFault(); f != nil {
		return f
	}
	_, overTLS := s.conn.TLSConnectionState()
	s.sink.record(newReceived(s.from, s.to, raw, overTLS))
	return nil
}

func (s *session) Reset() {
	s.from, s.to = "", nil
}

func (s *session) Logout() error { return nil }
