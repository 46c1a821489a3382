package memimap

import (
	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-sasl"

	"mailbot/mailbot/oauth"
)

// AuthenticateMechanisms lists PLAIN, which imapserver offers on its own,
// and the bearer-token mechanisms when Options.CheckToken is set.
func (sess *session) AuthenticateMechanisms() []string {
	mechs := []string{sasl.Plain}
	if sess.srv.opts.CheckToken != nil {
		mechs = append(mechs, string(oauth.XOAUTH2), string(oauth.OAUTHBEARER))
	}
	return mechs
}

// Authenticate returns the server side of mech for AUTHENTICATE.
func (sess *session) Authenticate(mech string) (sasl.Server, error) {
	if mech == sasl.Plain {
		return sasl.NewPlainServer(func(identity, username, password string) error {
			if identity != "" && identity != username {
				return imapserver.ErrAuthFailed
			}
			return sess.Login(username, password)
		}), nil
	}
	if sess.srv.opts.CheckToken != nil {
		if srv, err := oauth.NewServer(oauth.Mechanism(mech), sess.loginToken); err == nil {
			return srv, nil
		}
	}
	return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "SASL mechanism not supported"}
}

// loginToken signs the session in when Options.CheckToken accepts token.
func (sess *session) loginToken(username, token string) error {
	a := sess.srv.accounts[username]
	if a == nil || sess.srv.opts.CheckToken(username, token) != nil {
		return imapserver.ErrAuthFailed
	}
	sess.open(a)
	return nil
}
