package oauth_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/oauth"
	"mailbot/mailbot/testutil"
)

func newSource(t *testing.T, e *endpoint, refreshBefore time.Duration, logs slog.Handler) (*oauth.Source, *testutil.Clock) {
	t.Helper()
	if logs == nil {
		logs = slog.DiscardHandler
	}
	s, err := oauth.New(oauth.Config{
		TokenURL:      e.URL + "/tenant/oauth2/v2.0/token",
		ClientID:      testClientID,
		ClientSecret:  func(context.Context) (string, error) { return testSecret, nil },
		Scopes:        []string{testScope},
		RefreshBefore: refreshBefore,
		Logger:        slog.New(logs),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c := testutil.NewClock(time.Now())
	oauth.SetClock(s, c.Now)
	return s, c
}

func mustToken(t *testing.T, s *oauth.Source) string {
	t.Helper()
	tok, err := s.Token(testCtx(t))
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	return tok
}

func TestTokenIsCachedUntilRenewal(t *testing.T) {
	tests := []struct {
		name          string
		expiresIn     int
		refreshBefore time.Duration
		stillGood     time.Duration // since issue: the same token
		renewed       time.Duration // since issue: a new token
	}{
		{"hour-long token, 5 min ahead", 3600, 0, 54*time.Minute + 59*time.Second, 55 * time.Minute},
		{"short token, at half its life", 4, 5 * time.Minute, 1900 * time.Millisecond, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEndpoint(t, tt.expiresIn)
			s, c := newSource(t, e, tt.refreshBefore, nil)
			first := mustToken(t, s)
			issued := c.Now()
			if got := s.RenewAt().Sub(issued).Round(100 * time.Millisecond); got != tt.renewed {
				t.Errorf("RenewAt: got %v after issue, want %v", got, tt.renewed)
			}
			c.Advance(tt.stillGood)
			if got := mustToken(t, s); got != first || e.count() != 1 {
				t.Fatalf("at %v: got token %q after %d requests, want %q after 1", tt.stillGood, got, e.count(), first)
			}
			c.Advance(tt.renewed - tt.stillGood)
			if got := mustToken(t, s); got == first || e.count() != 2 {
				t.Fatalf("at %v: got token %q after %d requests, want a new one after 2", tt.renewed, got, e.count())
			}
			st := s.Status()
			if st.Refreshes != 2 || st.Failing || !st.LastRefresh.Equal(c.Now()) || !st.Expiry.After(c.Now()) {
				t.Errorf("Status: got %+v, want 2 refreshes, not failing, refreshed now, expiring later", st)
			}
		})
	}
}

func TestRefreshFailureIsLoggedAndRecovers(t *testing.T) {
	e := startEndpoint(t, 3600)
	logs := &logRecorder{}
	s, c := newSource(t, e, 0, logs)
	first := mustToken(t, s)
	expiry := s.Status().Expiry

	e.setFail(http.StatusServiceUnavailable)
	c.Advance(56 * time.Minute) // due for renewal, still valid
	if got := mustToken(t, s); got != first {
		t.Errorf("while the endpoint is down: got %q, want the still valid %q", got, first)
	}
	st := s.Status()
	if !st.Failing || !strings.Contains(st.LastError, "503") || !st.LastErrorAt.Equal(c.Now()) {
		t.Errorf("Status after a failure: got %+v, want failing with a 503 error now", st)
	}
	if got := logs.count(slog.LevelError); got != 1 {
		t.Errorf("errors logged: got %d, want 1", got)
	}
	if got := s.RenewAt(); !got.Equal(expiry) {
		t.Errorf("RenewAt while failing: got %v, want the expiry %v", got, expiry)
	}

	c.Advance(5 * time.Minute) // expired
	_, err := s.Token(testCtx(t))
	var re *oauth.RefreshError
	if !errors.As(err, &re) || !re.Temporary {
		t.Fatalf("Token after expiry: got %v, want a temporary *RefreshError", err)
	}

	e.setFail(0)
	if got := mustToken(t, s); got == first {
		t.Errorf("after recovery: got the old token, want a new one")
	}
	st = s.Status()
	if st.Failing || st.LastError == "" || st.Refreshes != 2 {
		t.Errorf("Status after recovery: got %+v, want not failing, last error kept, 2 refreshes", st)
	}
}

func TestRefreshErrorSaysWhetherToRetry(t *testing.T) {
	tests := []struct {
		name     string
		prepare  func(*endpoint, *oauth.Config)
		wantTemp bool
	}{
		{"503", func(e *endpoint, _ *oauth.Config) { e.setFail(http.StatusServiceUnavailable) }, true},
		{"429", func(e *endpoint, _ *oauth.Config) { e.setFail(http.StatusTooManyRequests) }, true},
		{"401 invalid client", func(e *endpoint, _ *oauth.Config) { e.setFail(http.StatusUnauthorized) }, false},
		{"endpoint down", func(e *endpoint, _ *oauth.Config) { e.Close() }, true},
		{"secret unreadable", func(_ *endpoint, c *oauth.Config) {
			c.ClientSecret = func(context.Context) (string, error) { return "", errors.New("MAILBOT_OAUTH_SECRET is not set") }
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEndpoint(t, 3600)
			cfg := oauth.Config{
				TokenURL:     e.URL,
				ClientID:     testClientID,
				ClientSecret: func(context.Context) (string, error) { return testSecret, nil },
				Scopes:       []string{testScope},
				Logger:       slog.New(slog.DiscardHandler),
			}
			tt.prepare(e, &cfg)
			s, err := oauth.New(cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			_, err = s.Token(testCtx(t))
			var re *oauth.RefreshError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a *RefreshError", err)
			}
			if re.Temporary != tt.wantTemp {
				t.Errorf("Temporary: got %v, want %v (%v)", re.Temporary, tt.wantTemp, err)
			}
			if got := s.Status(); !got.Failing || got.LastError != err.Error() {
				t.Errorf("Status: got %+v, want failing with %q", got, err)
			}
		})
	}
}

func TestTokenWaitHonoursContext(t *testing.T) {
	e := startEndpoint(t, 3600)
	release := make(chan struct{})
	e.mu.Lock()
	e.hold = release
	e.mu.Unlock()
	s, _ := newSource(t, e, 0, nil)
	first := make(chan error, 1)
	go func() { _, err := s.Token(testCtx(t)); first <- err }()
	eventually(t, "the first request at the endpoint", func() bool { return e.count() == 1 })

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("second Token with a cancelled context: got %v, want context.Canceled", err)
	}
	close(release)
	if err := <-first; err != nil {
		t.Errorf("first Token: got %v, want nil", err)
	}
}

func TestNewChecksConfig(t *testing.T) {
	secret := func(context.Context) (string, error) { return "s", nil }
	tests := []struct {
		name string
		cfg  oauth.Config
		want string
	}{
		{"no token url", oauth.Config{ClientID: "id", ClientSecret: secret}, "token URL"},
		{"relative token url", oauth.Config{TokenURL: "/token", ClientID: "id", ClientSecret: secret}, "token URL"},
		{"no client id", oauth.Config{TokenURL: "https://login.example.org/t", ClientSecret: secret}, "client id"},
		{"no secret", oauth.Config{TokenURL: "https://login.example.org/t", ClientID: "id"}, "client secret"},
		{"negative refresh", oauth.Config{TokenURL: "https://login.example.org/t", ClientID: "id", ClientSecret: secret,
			RefreshBefore: -time.Second}, "refresh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := oauth.New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error naming %q", err, tt.want)
			}
		})
	}
}
