package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/config"
	"mailbot/state"
)

// The tests in this file attack the dashboard as anyone who can reach it.

func (c *client) tryPassword(name, password string) int {
	c.get("/connexion")
	return c.post("/connexion", url.Values{"csrf": {c.csrf}, "nom": {name}, "mot_de_passe": {password}}).Code
}

func TestGuessingDoesNotLockTheAgentOut(t *testing.T) {
	f := newFixture(t, config.Web{})
	guesser := newClient(t, f.srv.Handler())
	guesser.remote = "127.0.0.2:41000"
	for range 10 {
		// Each try waits as long as asked: the failures add up.
		f.advance(f.srv.limiter.wait(netip.MustParseAddr("127.0.0.2"), "marie"))
		if code := guesser.tryPassword("marie", "devine"); code != http.StatusUnauthorized {
			t.Fatalf("wrong password: got %d, want 401", code)
		}
	}
	// The real agent, at her own address, signs in at once.
	agent := newClient(t, f.srv.Handler())
	agent.remote = "127.0.0.3:42000"
	if code := agent.tryPassword("marie", "demo"); code != http.StatusSeeOther {
		t.Fatalf("the agent from 127.0.0.3: got %d, want 303 (signed in)", code)
	}
	// The guesser must wait, even with the right password...
	if code := guesser.tryPassword("marie", "demo"); code != http.StatusUnauthorized {
		t.Errorf("the guesser right after 10 failures: got %d, want 401 (wait)", code)
	}
	w := guesser.post("/connexion", url.Values{"csrf": {guesser.csrf}, "nom": {"marie"}, "mot_de_passe": {"demo"}})
	if b := body(w); !strings.Contains(b, "réessayez dans") {
		t.Errorf("the refusal does not say how long to wait:\n%s", b)
	}
	// ...the wait doubles with each failure (1 s after the 3rd free one:
	// 2^(10-3) = 128 s after the 10th) and then ends: no lock-out.
	f.advance(100 * time.Second)
	if code := guesser.tryPassword("marie", "demo"); code != http.StatusUnauthorized {
		t.Errorf("100 s later: got %d, want 401, the wait is 128 s", code)
	}
	f.advance(30 * time.Second)
	if code := guesser.tryPassword("marie", "demo"); code != http.StatusSeeOther {
		t.Errorf("130 s later: got %d, want 303: a delay, not a lock-out", code)
	}
}

func TestDelayDoubles(t *testing.T) {
	for n, want := range map[int]time.Duration{0: 0, 2: 0, 3: time.Second, 4: 2 * time.Second, 8: 32 * time.Second, 40: maxDelay} {
		if got := delay(n, pairFree); got != want {
			t.Errorf("delay after %d failures: got %v, want %v", n, got, want)
		}
	}
}

// 120 user names of 900 KB once took the process from 26 to 200 MB: the
// limiter kept them as keys and the log wrote them out.
func TestHugeUserNamesStayBounded(t *testing.T) {
	f := newFixture(t, config.Web{})
	rec := &records{}
	f.srv.log = slog.New(rec)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c := newClient(t, f.srv.Handler())
	for i := range 120 {
		c.remote = "198.51.100." + string(rune('0'+i%10)) + ":4000"
		c.tryPassword(strconv.Itoa(i)+strings.Repeat("x", 900<<10), "x") // 120 distinct names
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap grew by %d KB over 120 sign-ins with 900 KB names", grown>>10)
	if grown > 16<<20 {
		t.Errorf("heap grew by %d MB over 120 sign-ins with 900 KB names, want under 16 MB", grown>>20)
	}
	for _, r := range rec.list {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "user" && len(a.Value.String()) > maxUserName {
				t.Errorf("logged a %d-byte user name", len(a.Value.String()))
				return false
			}
			return true
		})
	}
	if n := f.srv.limiter.size(); n > 10+120 {
		t.Errorf("the limiter holds %d keys for 10 addresses and 120 names, want at most 130", n)
	}
}

func TestLimiterMemoryIsCapped(t *testing.T) {
	l := newLimiter(func() time.Time { return now })
	for i := range maxKeys {
		l.failed(netipFrom(i), "marie")
	}
	if n := l.size(); n > maxKeys {
		t.Errorf("the limiter holds %d keys, want at most %d", n, maxKeys)
	}
}

func TestOpenRedirect(t *testing.T) {
	for _, p := range []string{"/\t/evil.example", "/%09/evil.example", "/\r\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "\t//evil.example", "/\x00/evil.example", "javascript:alert(1)", ""} {
		q, _ := url.QueryUnescape(p)
		if got := localPath(q); got != "/" {
			t.Errorf("localPath(%q) = %q, want /", q, got)
		}
	}
	for _, p := range []string{"/", "/statistiques", "/conversation/GEV-PLIS01?x=1#y", "/?q=%2F%2Fevil"} {
		if got := localPath(p); got != p {
			t.Errorf("localPath(%q) = %q, want it kept", p, got)
		}
	}
	// Through the sign-in, as an attacker's link would.
	f := newFixture(t, config.Web{})
	c := newClient(t, f.srv.Handler())
	c.get("/connexion?suite=/%09/evil.example")
	w := c.post("/connexion", url.Values{"csrf": {c.csrf}, "nom": {"marie"}, "mot_de_passe": {"demo"}, "suite": {"/\t/evil.example"}})
	if loc := w.Header().Get("Location"); loc != "/" {
		t.Errorf("after sign-in: redirected to %q, want /", loc)
	}
}

func TestSignInFormMakesNoSession(t *testing.T) {
	f := newFixture(t, config.Web{})
	for range 1000 {
		newClient(t, f.srv.Handler()).get("/connexion")
	}
	c := newClient(t, f.srv.Handler())
	c.tryPassword("marie", "faux")
	if n := f.srv.sessions.count(); n != 0 {
		t.Errorf("1000 views of the sign-in form and a wrong password made %d sessions, want 0", n)
	}
	// The form's token is bound to its cookie and expires.
	other := newClient(t, f.srv.Handler())
	other.get("/connexion")
	stolen := newClient(t, f.srv.Handler())
	stolen.get("/connexion")
	if w := stolen.post("/connexion", url.Values{"csrf": {other.csrf}, "nom": {"marie"}, "mot_de_passe": {"demo"}}); w.Code != http.StatusForbidden {
		t.Errorf("another browser's token: got %d, want 403", w.Code)
	}
	late := newClient(t, f.srv.Handler())
	late.get("/connexion")
	f.advance(loginLifetime + time.Minute)
	if w := late.post("/connexion", url.Values{"csrf": {late.csrf}, "nom": {"marie"}, "mot_de_passe": {"demo"}}); w.Code != http.StatusForbidden {
		t.Errorf("an expired token: got %d, want 403", w.Code)
	}
	if code := c.tryPassword("marie", "demo"); code != http.StatusSeeOther || f.srv.sessions.count() != 1 {
		t.Errorf("sign-in: got %d and %d sessions, want 303 and 1", code, f.srv.sessions.count())
	}
}

func TestSessionsAreCapped(t *testing.T) {
	ss := newSessions(time.Hour, func() time.Time { return now })
	for range maxSessions + 50 {
		ss.start(discard{}, nil, "marie", false)
	}
	if n := ss.count(); n > maxSessions {
		t.Errorf("%d sessions held, want at most %d", n, maxSessions)
	}
}

func TestMachineEndpointsNeedSignInOrToken(t *testing.T) {
	t.Setenv("MAILBOT_TEST_METRICS", "jeton-de-supervision-0123456789")
	f := newFixture(t, config.Web{TrustedProxies: []string{"127.0.0.2"}, MetricsTokenEnv: "MAILBOT_TEST_METRICS"})
	tests := []struct {
		name, path, remote, forwarded, auth string
		want                                int
		full                                bool
	}{
		{"anonymous health on loopback: status only", "/healthz", "127.0.0.1:9000", "", "", http.StatusOK, false},
		{"anonymous health from afar: status only", "/healthz", "192.0.2.7:9000", "", "", http.StatusOK, false},
		{"health with the token", "/healthz", "192.0.2.7:9000", "", "Bearer jeton-de-supervision-0123456789", http.StatusOK, true},
		{"health with a wrong token", "/healthz", "192.0.2.7:9000", "", "Bearer faux", http.StatusOK, false},
		{"metrics on loopback without the token", "/metrics", "127.0.0.1:9000", "", "", http.StatusUnauthorized, false},
		{"metrics through the proxy without X-Forwarded-For", "/metrics", "127.0.0.2:9000", "", "", http.StatusBadRequest, false},
		{"health through the proxy without X-Forwarded-For", "/healthz", "127.0.0.2:9000", "", "", http.StatusBadRequest, false},
		{"metrics through the proxy with the token", "/metrics", "127.0.0.2:9000", "192.0.2.7", "Bearer jeton-de-supervision-0123456789", http.StatusNotFound, false}, // no registry in the fixture
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := clientAt(t, f.srv.Handler(), tc.remote, tc.forwarded)
			if tc.auth != "" {
				c.header.Set("Authorization", tc.auth)
			}
			w := c.get(tc.path)
			if w.Code != tc.want {
				t.Fatalf("got %d, want %d", w.Code, tc.want)
			}
			if tc.path != "/healthz" || w.Code != http.StatusOK {
				return
			}
			var got map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			_, full := got["mailboxes"]
			if full != tc.full || got["status"] != "degraded" {
				t.Errorf("got %v, want status degraded with details %v", got, tc.full)
			}
			if !tc.full && strings.Contains(w.Body.String(), "dial tcp") {
				t.Errorf("anonymous health shows server errors: %s", w.Body)
			}
		})
	}
	agent := signIn(t, f.srv.Handler())
	agent.remote = "192.0.2.7:9000"
	if b := body(agent.get("/healthz")); !strings.Contains(b, `"mailboxes"`) {
		t.Errorf("signed-in agent: got %s, want the full health", b)
	}
}

func TestRelayAsIsNeedsTheAgentsCheck(t *testing.T) {
	f := newFixture(t, config.Web{})
	err := f.store.UpdateConversation("GEV-ING001", func(c *state.Conversation, _ *state.Commit) error {
		c.Entries = append(c.Entries, state.Entry{At: now, Kind: "in", From: "jeanne@afpa.fr", Text: "Réponse", PendingRelay: "Réponse"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := signIn(t, f.srv.Handler())
	page := body(c.get("/conversation/GEV-ING001"))
	if !strings.Contains(page, "Relayer tel quel") || !strings.Contains(page, `name="entree" value="1"`) {
		t.Fatalf("the conversation page offers no relay of the unverified answer:\n%s", page)
	}
	c.post("/conversation/GEV-ING001/relayer", url.Values{"csrf": {c.csrf}, "entree": {"1"}})
	if calls := f.bot.Calls(); len(calls) != 0 {
		t.Errorf("relayed without the agent's check: %v", calls)
	}
	c.post("/conversation/GEV-ING001/relayer", url.Values{"csrf": {c.csrf}, "entree": {"1"}, "verifie": {"1"}})
	if calls := f.bot.Calls(); len(calls) != 1 || calls[0] != "relay GEV-ING001 entry 1 by marie" {
		t.Errorf("got %v, want one relay by marie", calls)
	}
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

func netipFrom(i int) netip.Addr {
	return netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
}
