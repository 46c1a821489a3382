package oauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Defaults of Config.
const (
	DefaultRefreshBefore = 5 * time.Minute
	DefaultHTTPTimeout   = 30 * time.Second
	// assumedLifetime stands for a missing expires_in, which RFC 6749
	// section 5.1 only recommends: an hour is what Microsoft issues.
	assumedLifetime = time.Hour
)

// Config says where and as whom to get tokens.
type Config struct {
	// TokenURL is the token endpoint, e.g.
	// https://login.microsoftonline.com/TENANT/oauth2/v2.0/token.
	TokenURL string
	// ClientID is the application (client) id.
	ClientID string
	// ClientSecret returns the client secret. It is called at each
	// refresh, so a rotated secret is picked up.
	ClientSecret func(context.Context) (string, error)
	// Scopes are requested with each token, e.g.
	// "https://outlook.office365.com/.default".
	Scopes []string
	// RefreshBefore is how long before its expiry a token is replaced,
	// and IMAP sessions renewed. Zero means DefaultRefreshBefore.
	RefreshBefore time.Duration
	// HTTPClient talks to the token endpoint. Nil means a client with a
	// DefaultHTTPTimeout timeout.
	HTTPClient *http.Client
	// Logger receives refreshes (info) and failures (error). Nil means
	// slog.Default().
	Logger *slog.Logger
}

// Source hands out access tokens, refreshing them early. It is safe for
// concurrent use.
type Source struct {
	cfg Config
	cc  clientcredentials.Config
	log *slog.Logger
	now func() time.Time // time.Now, except in tests

	// refreshing serialises refreshes and the reads that may trigger one;
	// it is a channel so that waiting for it honours a context.
	refreshing chan struct{}

	mu      sync.Mutex
	token   string
	renewAt time.Time // when to stop using token if a new one can be had
	status  Status
}

// New checks cfg and returns a Source; it asks for no token yet.
func New(cfg Config) (*Source, error) {
	u, err := url.Parse(cfg.TokenURL)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return nil, fmt.Errorf("token URL %q: want an https URL", cfg.TokenURL)
	case cfg.ClientID == "":
		return nil, errors.New("client id: required")
	case cfg.ClientSecret == nil:
		return nil, errors.New("client secret: required")
	case cfg.RefreshBefore < 0:
		return nil, fmt.Errorf("refresh before %v: must not be negative", cfg.RefreshBefore)
	}
	if cfg.RefreshBefore == 0 {
		cfg.RefreshBefore = DefaultRefreshBefore
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: DefaultHTTPTimeout}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Source{
		cfg:        cfg,
		cc:         clientcredentials.Config{ClientID: cfg.ClientID, TokenURL: cfg.TokenURL, Scopes: cfg.Scopes},
		log:        cfg.Logger.With("token_url", cfg.TokenURL, "client_id", cfg.ClientID),
		now:        time.Now,
		refreshing: make(chan struct{}, 1),
		status:     Status{TokenURL: cfg.TokenURL},
	}, nil
}

// Token returns a valid access token: the current one, or a new one once
// the current one is due for renewal. When a refresh fails while the
// current token is still valid, that token is returned and the failure is
// only logged and kept in Status; otherwise the error is a *RefreshError.
func (s *Source) Token(ctx context.Context) (string, error) {
	select {
	case s.refreshing <- struct{}{}:
		defer func() { <-s.refreshing }()
	case <-ctx.Done():
		return "", fmt.Errorf("wait for the OAuth2 token: %w", ctx.Err())
	}
	s.mu.Lock()
	token, renewAt, expiry := s.token, s.renewAt, s.status.Expiry
	s.mu.Unlock()
	now := s.now()
	if token != "" && now.Before(renewAt) {
		return token, nil
	}
	fresh, err := s.refresh(ctx)
	switch {
	case err == nil:
		return fresh, nil
	case token != "" && s.now().Before(expiry):
		return token, nil
	}
	return "", err
}

// RenewAt is when an IMAP session signed in with the current token should
// end, so that the next one signs in with a new token: RefreshBefore ahead
// of expiry, or the expiry itself when the token is overdue because
// refreshing failed. It is zero before the first token.
func (s *Source) RenewAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token == "" || !s.now().Before(s.renewAt) {
		return s.status.Expiry
	}
	return s.renewAt
}

// refresh gets a new token and records the outcome; only Token calls it,
// holding refreshing.
func (s *Source) refresh(ctx context.Context) (string, error) {
	tok, err := s.fetch(ctx)
	if err != nil {
		// A caller that gave up (shutdown) says nothing of the endpoint.
		if !errors.Is(ctx.Err(), context.Canceled) {
			s.failed(err)
		}
		return "", err
	}
	lifetime := assumedLifetime
	if !tok.Expiry.IsZero() {
		lifetime = time.Until(tok.Expiry) // oauth2 dates it by the wall clock
	}
	// A token that lives less than twice RefreshBefore is renewed at half
	// its life, not refreshed at every use.
	margin := min(s.cfg.RefreshBefore, lifetime/2)
	now := s.now()
	s.mu.Lock()
	s.token, s.renewAt = tok.AccessToken, now.Add(lifetime-margin)
	recovered := s.status.Failing
	s.status.Expiry, s.status.LastRefresh, s.status.Failing = now.Add(lifetime), now, false
	s.status.Refreshes++
	s.mu.Unlock()
	if recovered {
		s.log.Info("OAuth2 token refresh works again", "expires", now.Add(lifetime))
	} else {
		s.log.Info("OAuth2 token obtained", "expires", now.Add(lifetime))
	}
	return tok.AccessToken, nil
}

// fetch runs the client-credentials grant (RFC 6749 section 4.4.2).
func (s *Source) fetch(ctx context.Context) (*oauth2.Token, error) {
	secret, err := s.cfg.ClientSecret(ctx)
	if err != nil {
		return nil, &RefreshError{TokenURL: s.cfg.TokenURL, Err: fmt.Errorf("read the client secret: %w", err)}
	}
	s.cc.ClientSecret = secret // safe: refreshes are serialised
	tok, err := s.cc.Token(context.WithValue(ctx, oauth2.HTTPClient, s.cfg.HTTPClient))
	if err != nil {
		return nil, newRefreshError(s.cfg.TokenURL, err)
	}
	if err := checkToken(tok.AccessToken); err != nil {
		return nil, &RefreshError{TokenURL: s.cfg.TokenURL, Err: err}
	}
	return tok, nil
}

func (s *Source) failed(err error) {
	now := s.now()
	s.mu.Lock()
	expiry := s.status.Expiry
	s.status.Failing, s.status.LastError, s.status.LastErrorAt = true, err.Error(), now
	s.mu.Unlock()
	if now.Before(expiry) {
		s.log.Error("OAuth2 token refresh failed; the current token is used until it expires", "err", err, "expires", expiry)
		return
	}
	s.log.Error("OAuth2 token refresh failed; IMAP and SMTP cannot sign in", "err", err)
}
