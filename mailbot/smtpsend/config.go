package smtpsend

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"
)

// TLS modes of Config.TLS.
const (
	// TLSImplicit starts TLS on connect (submissions, port 465, RFC 8314).
	TLSImplicit = "implicit"
	// TLSStartTLS upgrades with STARTTLS and fails if the server does not
	// offer it (RFC 3207), typically on port 587.
	TLSStartTLS = "starttls"
	// TLSNone sends in clear text; only allowed to a loopback address.
	TLSNone = "none"
)

// Authentication mechanisms of Config.Auth (RFC 4954).
const (
	AuthNone  = ""      // no AUTH
	AuthPlain = "plain" // SASL PLAIN, RFC 4616
	AuthLogin = "login" // LOGIN, still required by some Exchange setups
	// AuthXOAUTH2 sends an OAuth2 access token, as Microsoft 365 wants;
	// Password returns the token.
	AuthXOAUTH2 = "xoauth2"
	// AuthOAuthBearer sends an OAuth2 access token the standard way
	// (RFC 7628); Password returns the token.
	AuthOAuthBearer = "oauthbearer"
)

// DefaultIdleTimeout is how long a connection is kept open after a mail
// when Config.IdleTimeout is zero: below the 5 minutes a server waits for
// the next command (RFC 5321 section 4.5.3.2.7), so the server rarely
// closes it first.
const DefaultIdleTimeout = 4 * time.Minute

// MaxConnections bounds Config.Connections: a submission server limits the
// connections of one client, and a few already fill the round trips.
const MaxConnections = 8

// DefaultTimeout bounds connecting and each step of a send when
// Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config says how to reach the submission server.
type Config struct {
	// Address is host:port, e.g. "smtp.example.org:587".
	Address string
	// TLS is TLSImplicit, TLSStartTLS or TLSNone.
	TLS string
	// Auth is AuthNone, AuthPlain, AuthLogin, AuthXOAUTH2 or AuthOAuthBearer.
	Auth string
	// Username for AUTH; required when Auth is set.
	Username string
	// Password returns the secret for AUTH, or the access token for the
	// OAuth2 mechanisms, read at each send so a rotated secret or a fresh
	// token is picked up; required when Auth is set.
	Password func(context.Context) (string, error)
	// Timeout bounds the connection and each SMTP step; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// HELO is the name announced in EHLO; "" means the machine's host name.
	HELO string
	// InsecureSkipVerify accepts any server certificate. For tests only.
	InsecureSkipVerify bool
	// Connections is how many mails may be sent at once, each on its own
	// connection, from 1 to MaxConnections; 0 means 1.
	Connections int
	// IdleTimeout is how long a connection is kept open waiting for the
	// next mail; 0 means DefaultIdleTimeout.
	IdleTimeout time.Duration
}

// validate checks c and fills defaults, naming the field at fault.
func (c *Config) validate() error {
	host, port, err := net.SplitHostPort(c.Address)
	if err != nil {
		return fmt.Errorf("address %q: want host:port: %w", c.Address, err)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("address %q: port %q is not a number from 1 to 65535", c.Address, port)
	}
	if host == "" {
		return fmt.Errorf("address %q: empty host", c.Address)
	}
	switch c.TLS {
	case TLSImplicit, TLSStartTLS:
	case TLSNone:
		if !isLoopback(host) {
			return fmt.Errorf("tls %q: clear text is only allowed to a loopback address, not %q", c.TLS, host)
		}
	default:
		return fmt.Errorf("tls %q: want %q, %q or %q", c.TLS, TLSImplicit, TLSStartTLS, TLSNone)
	}
	if err := c.validateAuth(); err != nil {
		return err
	}
	if c.Timeout < 0 {
		return fmt.Errorf("timeout %v: must not be negative", c.Timeout)
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	switch {
	case c.Connections == 0:
		c.Connections = 1
	case c.Connections < 0 || c.Connections > MaxConnections:
		return fmt.Errorf("connections %d: want 1 to %d", c.Connections, MaxConnections)
	}
	if c.IdleTimeout < 0 {
		return fmt.Errorf("idle timeout %v: must not be negative", c.IdleTimeout)
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	return nil
}

func (c *Config) validateAuth() error {
	switch c.Auth {
	case AuthNone:
		if c.Username != "" {
			return errors.New("auth: empty but username is set: choose plain, login, xoauth2 or oauthbearer")
		}
		return nil
	case AuthPlain, AuthLogin, AuthXOAUTH2, AuthOAuthBearer:
	default:
		return fmt.Errorf("auth %q: want %q, %q, %q, %q or empty", c.Auth, AuthPlain, AuthLogin, AuthXOAUTH2, AuthOAuthBearer)
	}
	if c.Username == "" {
		return fmt.Errorf("username: required by auth %q", c.Auth)
	}
	if c.Password == nil {
		return fmt.Errorf("password: required by auth %q", c.Auth)
	}
	return nil
}

// isLoopback tells whether host is loopback without a DNS lookup, which
// could be spoofed.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// StaticPassword adapts a fixed secret to Config.Password.
func StaticPassword(secret string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return secret, nil }
}
