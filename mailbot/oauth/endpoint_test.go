package oauth_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

const (
	testClientID = "3f1c-mailbot"
	testSecret   = "secret de test"
	testScope    = "https://outlook.office365.com/.default"
)

// endpoint is an OAuth2 token endpoint that grants client credentials
// (RFC 6749 section 4.4) and can fail on demand.
type endpoint struct {
	*httptest.Server
	t *testing.T

	mu        sync.Mutex
	expiresIn int                  // seconds, in each answer
	fail      int                  // HTTP status to answer with, 0 to grant
	hold      chan struct{}        // when set, requests wait for it to close
	issued    map[string]time.Time // token → expiry
	requests  int
}

func startEndpoint(t *testing.T, expiresIn int) *endpoint {
	e := &endpoint{t: t, expiresIn: expiresIn, issued: make(map[string]time.Time)}
	e.Server = httptest.NewServer(http.HandlerFunc(e.serve))
	t.Cleanup(e.Close)
	return e
}

func (e *endpoint) serve(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	e.requests++
	hold, fail := e.hold, e.fail
	e.mu.Unlock()
	if hold != nil {
		<-hold
	}
	if err := checkGrant(r); err != nil {
		e.t.Errorf("token request: %v", err)
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": err.Error()})
		return
	}
	if fail != 0 {
		writeJSON(w, fail, map[string]any{"error": "temporarily_unavailable", "error_description": "injected by the test"})
		return
	}
	e.mu.Lock()
	token := fmt.Sprintf("jeton-%d.%d", e.requests, time.Now().UnixNano())
	e.issued[token] = time.Now().Add(time.Duration(e.expiresIn) * time.Second)
	expiresIn := e.expiresIn
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": expiresIn})
}

// checkGrant checks what RFC 6749 sections 2.3.1 and 4.4.2 ask of the
// request; the client may authenticate in the header or in the body.
func checkGrant(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	id, secret, ok := r.BasicAuth()
	if ok {
		// Both are form-urlencoded before Basic encoding (section 2.3.1).
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	switch {
	case r.Method != http.MethodPost:
		return fmt.Errorf("method %s, want POST", r.Method)
	case r.PostForm.Get("grant_type") != "client_credentials":
		return fmt.Errorf("grant_type %q, want client_credentials", r.PostForm.Get("grant_type"))
	case id != testClientID || secret != testSecret:
		return fmt.Errorf("client %q with secret %q, want %q and the test secret", id, secret, testClientID)
	case r.PostForm.Get("scope") != testScope:
		return fmt.Errorf("scope %q, want %q", r.PostForm.Get("scope"), testScope)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (e *endpoint) setFail(status int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.fail = status
}

func (e *endpoint) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.requests
}

// valid tells whether token was issued here and has not expired: the
// check a resource server makes.
func (e *endpoint) valid(token string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	exp, ok := e.issued[token]
	return ok && time.Now().Before(exp)
}

// logRecorder keeps the records logged through it.
type logRecorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.records = append(l.records, r)
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

// count is how many records were logged at level.
func (l *logRecorder) count(level slog.Level) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.records {
		if r.Level == level {
			n++
		}
	}
	return n
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	const limit = 15 * time.Second
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}
