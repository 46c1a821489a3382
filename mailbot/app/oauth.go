package app

import (
	"context"
	"fmt"
	"log/slog"

	"mailbot/mailbot/config"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/oauth"
	"mailbot/mailbot/smtpsend"
)

// tokenMechanisms maps the OAuth2 values of mailbox.auth to SASL.
var tokenMechanisms = map[string]oauth.Mechanism{
	config.AuthXOAUTH2:     oauth.XOAUTH2,
	config.AuthOAuthBearer: oauth.OAUTHBEARER,
}

// NewTokenSource builds the one OAuth2 token source that the mailboxes
// and SMTP share, or returns nil when none of them signs in with a token.
func NewTokenSource(cfg *config.Config, log *slog.Logger) (*oauth.Source, error) {
	if !cfg.UsesOAuth2() {
		return nil, nil
	}
	o := cfg.OAuth2
	src, err := oauth.New(oauth.Config{
		TokenURL:      o.Endpoint(),
		ClientID:      o.ClientID,
		ClientSecret:  func(context.Context) (string, error) { return o.ResolveSecret() },
		Scopes:        o.Scopes,
		RefreshBefore: o.RefreshBefore,
		Logger:        log.With("component", "oauth2"),
	})
	if err != nil {
		return nil, fmt.Errorf("oauth2: %w", err)
	}
	return src, nil
}

// SMTPConfig is the smtpsend configuration of [smtp]: a password from its
// secret, or a token from src for xoauth2 and oauthbearer.
func SMTPConfig(c config.SMTP, src *oauth.Source) smtpsend.Config {
	cfg := smtpsend.Config{Address: c.Address, TLS: c.TLS, Auth: c.Auth, Username: c.Username, Connections: c.Connections}
	switch {
	case config.IsOAuth2(c.Auth):
		cfg.Password = src.Token
	case c.Auth != "":
		secret := c.Secret
		cfg.Password = func(context.Context) (string, error) { return secret.Resolve() }
	}
	return cfg
}

// useToken makes a watcher sign in with a token when the mailbox's auth
// asks for one, and renew its session before the token expires.
func useToken(o *imapwatch.Options, m config.Mailbox, tokens *oauth.Source) {
	if !config.IsOAuth2(m.Auth) {
		return
	}
	o.Auth = tokens.IMAPAuth(tokenMechanisms[m.Auth], m.Username)
	o.SessionDeadline = tokens.RenewAt
}
