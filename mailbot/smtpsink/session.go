package smtpsink

import (
	"fmt"
	"io"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"mailbot/mailbot/oauth"
)

// backend creates one session per SMTP connection.
type backend struct{ sink *Sink }

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	b.sink.mu.Lock()
	b.sink.connections++
	b.sink.mu.Unlock()
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

func (s *session) needsAuth() bool {
	return (s.sink.opts.Username != "" || s.sink.opts.CheckToken != nil) && !s.authed
}

// AuthMechanisms advertises AUTH only when credentials are required.
func (s *session) AuthMechanisms() []string {
	var mechs []string
	if s.sink.opts.Username != "" {
		mechs = append(mechs, sasl.Plain, sasl.Login)
	}
	if s.sink.opts.CheckToken != nil {
		mechs = append(mechs, string(oauth.XOAUTH2), string(oauth.OAUTHBEARER))
	}
	return mechs
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	if s.sink.opts.Username != "" {
		switch mech {
		case sasl.Plain:
			return sasl.NewPlainServer(func(_, user, pass string) error {
				return s.check(user, pass)
			}), nil
		case sasl.Login:
			return &loginServer{check: s.check}, nil
		}
	}
	if s.sink.opts.CheckToken != nil {
		if srv, err := oauth.NewServer(oauth.Mechanism(mech), s.checkToken); err == nil {
			return srv, nil
		}
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

// checkToken asks Options.CheckToken; a refusal is 535 as for a password.
func (s *session) checkToken(user, token string) error {
	if s.sink.opts.CheckToken(user, token) != nil {
		return smtp.ErrAuthFailed
	}
	s.authed = true
	return nil
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
