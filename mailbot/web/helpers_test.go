package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/state"
)

// demoHash is the bcrypt hash (cost 4) of "demo".
const demoHash = "$2a$04$UGwojmXLiqpwydAgc7XnZuGrSqqzv6s2MqdPwjAV54AY1nEjrll5S"

const hostileSubject = `<script>document.title='pwned'</script> "><img src=x onerror=alert(1)>`

var now = time.Date(2027, time.March, 9, 10, 0, 0, 0, calendar.Paris)

// fakeBot records the actions it is asked for.
type fakeBot struct {
	mu    sync.Mutex
	calls []string
	err   error
}

func (f *fakeBot) record(format string, args ...any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
	return f.err
}

func (f *fakeBot) Approve(id, agent string) error { return f.record("approve %s by %s", id, agent) }
func (f *fakeBot) EditAndSend(id, agent, text string) error {
	return f.record("edit %s by %s: %s", id, agent, text)
}
func (f *fakeBot) Discard(id, agent string) error { return f.record("discard %s by %s", id, agent) }
func (f *fakeBot) MarkDone(id, agent string) error {
	return f.record("done %s by %s", id, agent)
}
func (f *fakeBot) AddNote(id, agent, text string) error {
	return f.record("note %s by %s: %s", id, agent, text)
}
func (f *fakeBot) Reassign(id, sector, agent string) error {
	return f.record("reassign %s to %s by %s", id, sector, agent)
}
func (f *fakeBot) Reclassify(_ context.Context, id, category, agent string) error {
	return f.record("reclassify %s as %s by %s", id, category, agent)
}

func (f *fakeBot) RelayAsIs(id string, entry int, agent string) error {
	return f.record("relay %s entry %d by %s", id, entry, agent)
}

func (f *fakeBot) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

type fixture struct {
	srv   *Server
	store *state.Store
	bot   *fakeBot
	boxes []MailboxHealth
	// skew moves the server's clock from now (nanoseconds).
	skew atomic.Int64
}

func (f *fixture) now() time.Time { return now.Add(time.Duration(f.skew.Load())) }

// advance moves the server's clock forward.
func (f *fixture) advance(d time.Duration) { f.skew.Add(int64(d)) }

func newFixture(t testing.TB, cfg config.Web) *fixture {
	t.Helper()
	st, err := state.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	seed(t, st)
	if cfg.Users == nil {
		cfg.Users = []config.WebUser{{Name: "marie", PasswordHash: demoHash}}
	}
	cfg.UnreachableAfter = 15 * time.Minute
	f := &fixture{store: st, bot: &fakeBot{}}
	f.boxes = []MailboxHealth{{DownSince: now.Add(-time.Hour)}, {}}
	f.boxes[0].Name, f.boxes[0].LastError = "industrie", "dial tcp: connection refused"
	f.boxes[1].Name, f.boxes[1].Connected, f.boxes[1].Idling = "btp", true, true
	f.srv, err = New(Options{Store: st, Bot: f.bot, Config: cfg, Clock: f.now,
		Mailboxes: func() []MailboxHealth { return f.boxes }, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func conv(id, sector, category, status, priority, subject string, at time.Time) *state.Conversation {
	return &state.Conversation{ID: id, Sector: sector, Category: category, Status: status, Priority: priority,
		CentreAddress: "certif@" + strings.ToLower(id[4:]) + ".test", CentreName: "Centre " + id[4:], Subject: subject,
		Created: at, Updated: at,
		Entries: []state.Entry{{At: at, Kind: "in", Mailbox: sector, From: "certif@centre.test", Subject: subject, Text: "Bonjour,\nmerci."}}}
}

// seed writes conversations of several kinds; GEV-XSS001 carries hostile
// text everywhere a mail can put text.
func seed(t testing.TB, st *state.Store) {
	t.Helper()
	hostile := conv("GEV-XSS001", "industrie", "other", state.StatusNeedsHuman, state.PriorityNormal, hostileSubject, now.Add(-2*time.Hour))
	hostile.CentreName = `<b onmouseover=alert(2)>Centre</b>`
	hostile.Entries[0].Text = "</pre><script>alert(3)</script>"
	hostile.Entries[0].Attachments = []string{`"><svg onload=alert(4)>.pdf`}
	hostile.Entries = append(hostile.Entries, state.Entry{At: now.Add(-2 * time.Hour), Kind: "decision", Category: "other",
		Confidence: 0.42, Action: "escalate", Reasons: []string{"aucune règle sûre"}})
	commits := []state.Commit{
		{Conversation: conv("GEV-PLIS01", "btp", "missing_envelopes", state.StatusNeedsHuman, state.PriorityUrgent, "Plis non reçus", now.Add(-time.Hour)),
			Tasks: []state.Task{{ID: "t1", ConversationID: "GEV-PLIS01", Priority: state.PriorityUrgent, Title: "Relancer l'expédition", Created: now}}},
		{Conversation: conv("GEV-CERES1", "ccp", "ceres_support", state.StatusOpen, state.PriorityNormal, "Connexion CERES", now.Add(-24*time.Hour)),
			Outgoing: []state.Outgoing{{ID: "held-1", ConversationID: "GEV-CERES1", Kind: "reply", Status: state.OutHeld, To: []string{"certif@ceres1.test"},
				Subject: "Re: Connexion CERES", Text: "Bonjour,\nVoici la marche à suivre.", Created: now.Add(-24 * time.Hour), SendAt: now.Add(-24 * time.Hour)}}},
		{Conversation: conv("GEV-ING001", "btp", "engineering_question", state.StatusWaitingEngineer, state.PriorityNormal, "Question DTE maçon", now.Add(-72*time.Hour))},
		{Conversation: hostile},
	}
	for _, cm := range commits {
		if err := st.Commit(cm); err != nil {
			t.Fatal(err)
		}
	}
}

// client keeps cookies and the last CSRF token like a browser would.
type client struct {
	t       testing.TB
	h       http.Handler
	cookies map[string]*http.Cookie
	csrf    string
	remote  string
	header  http.Header
}

func newClient(t testing.TB, h http.Handler) *client {
	return &client{t: t, h: h, cookies: map[string]*http.Cookie{}, remote: "127.0.0.1:40000", header: http.Header{}}
}

// clientAt is a client at remote whose proxy, if any, names forwarded as
// the client ("": it names none).
func clientAt(t testing.TB, h http.Handler, remote, forwarded string) *client {
	c := newClient(t, h)
	c.remote = remote
	if forwarded != "" {
		c.header.Set("X-Forwarded-For", forwarded)
	}
	return c
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) do(req *http.Request) *httptest.ResponseRecorder {
	c.t.Helper()
	req.RemoteAddr = c.remote
	for k, v := range c.header {
		req.Header[k] = v
	}
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, req)
	for _, ck := range w.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	if m := csrfField.FindStringSubmatch(w.Body.String()); m != nil {
		c.csrf = m[1]
	}
	return w
}

func (c *client) get(path string) *httptest.ResponseRecorder {
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

func (c *client) post(path string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// signIn signs in as marie and returns the client.
func signIn(t testing.TB, h http.Handler) *client {
	t.Helper()
	c := newClient(t, h)
	c.get("/connexion")
	w := c.post("/connexion", url.Values{"csrf": {c.csrf}, "nom": {"marie"}, "mot_de_passe": {"demo"}, "suite": {"/"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("sign-in: got %d, want 303\n%s", w.Code, w.Body)
	}
	c.get("/") // picks up the session's CSRF token
	return c
}

func body(w *httptest.ResponseRecorder) string {
	b, _ := io.ReadAll(w.Result().Body)
	return string(b)
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}
