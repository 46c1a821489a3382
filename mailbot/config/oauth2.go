package config

import (
	"net"
	"net/url"
	"strings"
	"time"
)

// Sign-in methods of mailbox.auth and smtp.auth.
const (
	// AuthLogin is a password: IMAP LOGIN for a mailbox (the default), SMTP
	// AUTH LOGIN for smtp.
	AuthLogin = "login"
	// AuthPlain is a password with SMTP AUTH PLAIN (smtp's default when a
	// username is set).
	AuthPlain = "plain"
	// AuthXOAUTH2 and AuthOAuthBearer present an OAuth2 token from [oauth2]
	// instead of a password; Microsoft 365 wants XOAUTH2.
	AuthXOAUTH2     = "xoauth2"
	AuthOAuthBearer = "oauthbearer"
)

// Defaults of [oauth2].
var (
	// DefaultOAuth2Scopes asks for Exchange Online's IMAP and SMTP
	// permissions granted to the application.
	DefaultOAuth2Scopes        = []string{"https://outlook.office365.com/.default"}
	DefaultOAuth2RefreshBefore = 5 * time.Minute
)

// OAuth2 is the application (Microsoft Entra ID app registration) whose
// tokens, from the client-credentials grant, sign in the mailboxes and
// SMTP that have auth = "xoauth2" or "oauthbearer".
type OAuth2 struct {
	// TenantID makes the token URL Microsoft's for that tenant; set it or
	// TokenURL.
	TenantID string `toml:"tenant_id"`
	TokenURL string `toml:"token_url"`
	ClientID string `toml:"client_id"`
	// ClientSecret is refused: the secret comes from ClientSecretEnv or
	// ClientSecretFile.
	ClientSecret     string   `toml:"client_secret"`
	ClientSecretEnv  string   `toml:"client_secret_env"`
	ClientSecretFile string   `toml:"client_secret_file"`
	Scopes           []string `toml:"scopes"`
	// RefreshBefore is how long before expiry a token is replaced and IMAP
	// sessions are renewed.
	RefreshBefore time.Duration `toml:"refresh_before"`
}

// Endpoint is the token URL: TokenURL, or Microsoft's for TenantID.
func (o OAuth2) Endpoint() string {
	if o.TokenURL != "" {
		return o.TokenURL
	}
	return "https://login.microsoftonline.com/" + url.PathEscape(o.TenantID) + "/oauth2/v2.0/token"
}

// ResolveSecret reads the client secret from client_secret_env or
// client_secret_file, when it is needed, so a rotated file is picked up.
func (o OAuth2) ResolveSecret() (string, error) {
	return resolveSecret("client_secret", o.ClientSecretEnv, o.ClientSecretFile)
}

// IsOAuth2 tells whether a mailbox.auth or smtp.auth value uses [oauth2].
func IsOAuth2(auth string) bool {
	return auth == AuthXOAUTH2 || auth == AuthOAuthBearer
}

// UsesOAuth2 tells whether any mailbox or smtp signs in with a token.
func (c *Config) UsesOAuth2() bool {
	for _, m := range c.Mailboxes {
		if IsOAuth2(m.Auth) {
			return true
		}
	}
	return IsOAuth2(c.SMTP.Auth)
}

func (c *Config) applyAuthDefaults() {
	for i := range c.Mailboxes {
		if c.Mailboxes[i].Auth == "" {
			c.Mailboxes[i].Auth = AuthLogin
		}
	}
	if c.SMTP.Auth == "" && c.SMTP.Username != "" {
		c.SMTP.Auth = AuthPlain
	}
	if c.OAuth2.Scopes == nil {
		c.OAuth2.Scopes = DefaultOAuth2Scopes
	}
	if c.OAuth2.RefreshBefore == 0 {
		c.OAuth2.RefreshBefore = DefaultOAuth2RefreshBefore
	}
}

// checkMailboxAuth checks a mailbox's auth and the secret it needs.
func checkMailboxAuth(add func(string, string, ...any), key string, m Mailbox) {
	switch {
	case m.Auth == AuthLogin:
		checkSecret(add, key, m.Secret)
	case IsOAuth2(m.Auth):
		checkNoPassword(add, key, m.Auth, m.Secret)
	default:
		add(key+".auth", "%q is not a sign-in method (want login, xoauth2 or oauthbearer)", m.Auth)
	}
}

// checkSMTPAuth checks smtp.auth, smtp.username and the secret they need.
func checkSMTPAuth(add func(string, string, ...any), s SMTP) {
	switch {
	case s.Auth == "":
	case s.Auth == AuthPlain || s.Auth == AuthLogin:
		checkSecret(add, "smtp", s.Secret)
	case IsOAuth2(s.Auth):
		checkNoPassword(add, "smtp", s.Auth, s.Secret)
	default:
		add("smtp.auth", "%q is not a sign-in method (want plain, login, xoauth2 or oauthbearer)", s.Auth)
		return
	}
	if s.Auth != "" && s.Username == "" {
		add("smtp.username", "required by smtp.auth %q", s.Auth)
	}
}

func checkNoPassword(add func(string, string, ...any), key, auth string, s Secret) {
	if s.Password != "" || s.PasswordEnv != "" || s.PasswordFile != "" {
		add(key+".password_env", "not used with auth %q, which signs in with an [oauth2] token: remove it", auth)
	}
}

// validateOAuth2 checks [oauth2] when some mailbox or smtp uses it.
func (c *Config) validateOAuth2(add func(string, string, ...any)) {
	if !c.UsesOAuth2() {
		return
	}
	o := c.OAuth2
	switch {
	case o.TenantID == "" && o.TokenURL == "":
		add("oauth2.tenant_id", "oauth2.tenant_id or oauth2.token_url is required by auth xoauth2 or oauthbearer")
	case o.TenantID != "" && o.TokenURL != "":
		add("oauth2.tenant_id", "set oauth2.tenant_id or oauth2.token_url, not both")
	case o.TenantID != "" && strings.Trim(o.TenantID, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != "":
		add("oauth2.tenant_id", "%q is not a tenant id (a GUID or a domain name)", o.TenantID)
	case o.TokenURL != "":
		checkTokenURL(add, o.TokenURL)
	}
	if o.ClientID == "" {
		add("oauth2.client_id", "required by auth xoauth2 or oauthbearer")
	}
	checkSecretKeys(add, "oauth2.client_secret", o.ClientSecret, o.ClientSecretEnv, o.ClientSecretFile)
	if len(o.Scopes) == 0 {
		add("oauth2.scopes", "at least one scope is required")
	}
	if o.RefreshBefore < 0 {
		add("oauth2.refresh_before", "must not be negative")
	}
}

// checkTokenURL wants https, except on loopback for tests.
func checkTokenURL(add func(string, string, ...any), raw string) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		add("oauth2.token_url", "%q is not a URL", raw)
		return
	}
	ip := net.ParseIP(u.Hostname())
	loopback := u.Hostname() == "localhost" || ip != nil && ip.IsLoopback()
	if u.Scheme != "https" && !(u.Scheme == "http" && loopback) {
		add("oauth2.token_url", "%q: want https (http only on loopback)", raw)
	}
}
