package oauth_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/memimap"
	"mailbot/mailbot/oauth"
	"mailbot/mailbot/smtpsend"
	"mailbot/mailbot/smtpsink"
)

const mailboxUser = "epreuves-btp@afpa.fr"

// realSource is a Source on the wall clock, as the servers see it.
func realSource(t *testing.T, e *endpoint, refreshBefore time.Duration) *oauth.Source {
	t.Helper()
	s, err := oauth.New(oauth.Config{
		TokenURL:      e.URL,
		ClientID:      testClientID,
		ClientSecret:  func(context.Context) (string, error) { return testSecret, nil },
		Scopes:        []string{testScope},
		RefreshBefore: refreshBefore,
		Logger:        slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// resourceServer checks bearer tokens against the endpoint, as Exchange
// does, and remembers the tokens it accepted, in order.
type resourceServer struct {
	e       *endpoint
	refuse  bool
	mu      sync.Mutex
	seen    []string
	refused int
}

func (r *resourceServer) check(user, token string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.refuse || user != mailboxUser || !r.e.valid(token) {
		r.refused++
		return errors.New("invalid token")
	}
	if len(r.seen) == 0 || r.seen[len(r.seen)-1] != token {
		r.seen = append(r.seen, token)
	}
	return nil
}

func (r *resourceServer) accepted() (tokens []string, refused int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.seen), r.refused
}

func startIMAP(t *testing.T, rs *resourceServer) *memimap.Server {
	t.Helper()
	s, err := memimap.Start(memimap.Options{
		Users:      []memimap.User{{Username: mailboxUser, Password: "unused"}},
		CheckToken: rs.check,
		Logger:     slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatalf("memimap.Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// handled collects the UIDs the watcher handed over.
type handled struct {
	mu   sync.Mutex
	uids []uint32
}

func (h *handled) handle(_ context.Context, f imapwatch.Fetched) (func() error, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.uids = append(h.uids, f.UID)
	return imapwatch.Committed, nil
}

func (h *handled) has(uid uint32) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Contains(h.uids, uid)
}

// statusLog keeps the watcher's last Status.
type statusLog struct {
	mu   sync.Mutex
	last imapwatch.Status
}

func (l *statusLog) on(s imapwatch.Status) { l.mu.Lock(); l.last = s; l.mu.Unlock() }
func (l *statusLog) get() imapwatch.Status { l.mu.Lock(); defer l.mu.Unlock(); return l.last }

// watch runs a watcher signing in with src until the test ends.
func watch(t *testing.T, addr string, src *oauth.Source, mech oauth.Mechanism, h *handled, st *statusLog) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := imapwatch.Run(ctx, imapwatch.Options{
			Name: "btp", Address: addr, TLS: imapwatch.TLSNone,
			Auth:            src.IMAPAuth(mech, mailboxUser),
			SessionDeadline: src.RenewAt,
			Handler:         h.handle, Cursors: &imapwatch.MemCursors{}, OnStatus: st.on,
			IdleRestart: time.Hour, PollInterval: time.Hour, CommandTimeout: 5 * time.Second,
			BackoffMin: 10 * time.Millisecond, BackoffMax: 50 * time.Millisecond,
			Logger: slog.New(slog.DiscardHandler),
		})
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
}

func deliver(t *testing.T, s *memimap.Server, n int) uint32 {
	t.Helper()
	raw := fmt.Appendf(nil, "From: centre@example.org\r\nTo: %s\r\nSubject: Session %d\r\n"+
		"Message-ID: <%d@example.org>\r\n\r\nBonjour.\r\n", mailboxUser, n, n)
	uid, err := s.Append(testCtx(t), mailboxUser, memimap.Inbox, raw)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	return uid
}

// TestIMAPSessionsRenewedWithFreshTokens: tokens live 2 s; the watcher
// must sign in again with a new one before each dies, and mail must keep
// flowing across the renewals.
func TestIMAPSessionsRenewedWithFreshTokens(t *testing.T) {
	for _, mech := range []oauth.Mechanism{oauth.XOAUTH2, oauth.OAUTHBEARER} {
		t.Run(string(mech), func(t *testing.T) {
			t.Parallel()
			e := startEndpoint(t, 2)
			rs := &resourceServer{e: e}
			srv := startIMAP(t, rs)
			src := realSource(t, e, time.Second)
			h, st := &handled{}, &statusLog{}
			watch(t, srv.Addr(), src, mech, h, st)

			first := deliver(t, srv, 1)
			eventually(t, "message 1 handled", func() bool { return h.has(first) })
			eventually(t, "three successive tokens", func() bool { tokens, _ := rs.accepted(); return len(tokens) >= 3 })
			second := deliver(t, srv, 2)
			eventually(t, "message 2 handled", func() bool { return h.has(second) })

			tokens, refused := rs.accepted()
			if refused != 0 {
				t.Errorf("tokens refused by the server: got %d, want 0", refused)
			}
			if got := len(slices.Compact(slices.Sorted(slices.Values(tokens)))); got != len(tokens) {
				t.Errorf("tokens: got %d distinct in %v, want each session on a new one", got, tokens)
			}
			if got := st.get(); got.LastError != "" || got.Reconnects < 2 {
				t.Errorf("watcher status: got %+v, want renewals without error", got)
			}
		})
	}
}

// TestIMAPSignInFailuresAreVisible: the watcher's status says why it
// cannot sign in, in words an operator can act on.
func TestIMAPSignInFailuresAreVisible(t *testing.T) {
	tests := []struct {
		name    string
		refuse  bool
		down    bool
		wantErr string
	}{
		{"server refuses the token", true, false, `XOAUTH2: the server refused the token: status "401" (server reply: imap: NO`},
		{"token endpoint down", false, true, "get OAuth2 token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEndpoint(t, 3600)
			if tt.down {
				e.Close()
			}
			rs := &resourceServer{e: e, refuse: tt.refuse}
			srv := startIMAP(t, rs)
			src := realSource(t, e, 0)
			st := &statusLog{}
			watch(t, srv.Addr(), src, oauth.XOAUTH2, &handled{}, st)
			eventually(t, "a sign-in error", func() bool { return st.get().LastError != "" })
			got := st.get().LastError
			t.Logf("LastError: %s", got)
			if !strings.Contains(got, tt.wantErr) {
				t.Errorf("LastError: got %q, want it to contain %q", got, tt.wantErr)
			}
			if got := src.Status().Failing; got != tt.down {
				t.Errorf("token source failing: got %v, want %v", got, tt.down)
			}
		})
	}
}

func TestSMTPSendsWithTokens(t *testing.T) {
	tests := []struct {
		name string
		auth string
	}{
		{"xoauth2", smtpsend.AuthXOAUTH2},
		{"oauthbearer", smtpsend.AuthOAuthBearer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := startEndpoint(t, 3600)
			rs := &resourceServer{e: e}
			sink, err := smtpsink.Start(smtpsink.Options{CheckToken: rs.check})
			if err != nil {
				t.Fatalf("smtpsink.Start: %v", err)
			}
			t.Cleanup(sink.Close)
			src := realSource(t, e, 0)
			sender, err := smtpsend.New(smtpsend.Config{
				Address: sink.Addr(), TLS: smtpsend.TLSNone, Timeout: 10 * time.Second,
				Auth: tt.auth, Username: mailboxUser, Password: src.Token,
			})
			if err != nil {
				t.Fatalf("smtpsend.New: %v", err)
			}
			for n := range 2 {
				raw := fmt.Appendf(nil, "From: %s\r\nTo: centre@example.org\r\nSubject: %d\r\n\r\nBonjour.\r\n", mailboxUser, n)
				env := smtpsend.Envelope{From: mailboxUser, To: []string{"centre@example.org"}}
				if err := sender.Send(testCtx(t), env, raw); err != nil {
					t.Fatalf("Send %d: %v", n, err)
				}
			}
			if got := len(sink.Messages()); got != 2 {
				t.Errorf("messages at the sink: got %d, want 2", got)
			}
			if tokens, refused := rs.accepted(); len(tokens) != 1 || refused != 0 || e.count() != 1 {
				t.Errorf("got tokens %v, %d refused, %d token requests, want one token reused, none refused",
					tokens, refused, e.count())
			}
		})
	}
}
