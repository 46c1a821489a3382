package smtpsend

import (
	"fmt"

	gosmtp "github.com/wneessen/go-mail/smtp"

	"mailbot/mailbot/oauth"
)

// tokenMechs maps the OAuth2 values of Config.Auth to their mechanism.
var tokenMechs = map[string]oauth.Mechanism{
	AuthXOAUTH2:     oauth.XOAUTH2,
	AuthOAuthBearer: oauth.OAUTHBEARER,
}

// tokenAuth runs an oauth SASL client as go-mail's AUTH (RFC 4954).
type tokenAuth struct{ c oauth.Client }

func newTokenAuth(mech oauth.Mechanism, username, token string) (gosmtp.Auth, error) {
	c, err := oauth.NewClient(mech, username, token)
	if err != nil {
		return nil, fmt.Errorf("smtp %s: %w", mech, err)
	}
	return tokenAuth{c}, nil
}

func (a tokenAuth) Start(*gosmtp.ServerInfo) (string, []byte, error) {
	return a.c.Start()
}

// Next answers a 334 challenge; a 235 (more false) needs no answer.
func (a tokenAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	return a.c.Next(fromServer)
}
