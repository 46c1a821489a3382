// Package browsertest drives the dashboard in headless Chromium against the
// whole bot (embedded IMAP server, SMTP sink, approve mode): sign in,
// filter, open a conversation, approve a held reply and see it reach the
// SMTP sink, reclassify, and check that hostile mail text stays text.
//
// Chromium missing: the test is skipped, unless CI=true (then it fails).
// MAILBOT_SHOTS=DIR saves screenshots of the main pages there.
package browsertest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailbot/mailbot/app"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/memimap"
	"mailbot/mailbot/smtpsink"
	"mailbot/state"

	"mailbot/mailbot/sharedtest"
)

const (
	btpBox   = "epreuves-btp@afpa.fr"
	agent    = "agent"
	password = "demo"
	// hash is the bcrypt hash (cost 4) of "demo".
	hash    = "$2a$04$UGwojmXLiqpwydAgc7XnZuGrSqqzv6s2MqdPwjAV54AY1nEjrll5S"
	hostile = `<script>window.pwned=1</script> "><img src=x onerror="window.pwned=2">`
)

func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	sharedtest.Missing(t, "chromium is not installed (Debian package chromium)")
	return ""
}

// env is a running bot in approve mode with its dashboard.
type env struct {
	t    *testing.T
	app  *app.App
	imap *memimap.Server
	sink *smtpsink.Sink
	base string
}

func start(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	imapSrv, err := memimap.Start(memimap.Options{Users: []memimap.User{{Username: btpBox, Password: "pw"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { imapSrv.Close() })
	sink, err := smtpsink.Start(smtpsink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("pw"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(fmt.Sprintf(`
[state]
path = %q
[imap]
address = %q
tls = "none"
poll_interval = "1s"
[[mailbox]]
sector = "btp"
address = %q
password_file = %q
[smtp]
address = %q
tls = "none"
[engineers]
btp = ["ingenierie-btp@afpa.fr"]
[agents]
digest_to = ["gev@afpa.fr"]
[modes]
default = "approve"
[web]
listen = "127.0.0.1:0"
[[web.user]]
name = %q
password_hash = %q
`, filepath.Join(dir, "state.db"), imapSrv.Addr(), btpBox, pw, sink.Addr(), agent, hash))
	if err != nil {
		t.Fatal(err)
	}
	// A clock that starts on a Monday at 07:00, before the 08:15 digest,
	// and runs: what the test sends must not depend on the hour it runs.
	start, began := time.Date(2027, 3, 1, 7, 0, 0, 0, calendar.Paris), time.Now()
	clock := func() time.Time { return start.Add(time.Since(began)) }
	a, err := app.New(cfg, app.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- a.Run(ctx) }()
	// The dashboard the running bot serves, as an agent reaches it.
	t.Cleanup(func() {
		cancel()
		if err := <-ran; err != nil {
			t.Errorf("Run: %v", err)
		}
		a.Close()
	})
	return &env{t: t, app: a, imap: imapSrv, sink: sink, base: "http://" + a.WebAddr()}
}

func (e *env) deliver(subject, msgID, body string) {
	e.t.Helper()
	raw := fmt.Sprintf("From: Centre Exemple <certif@cfp-exemple.test>\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s\r\n",
		btpBox, subject, msgID, time.Now().Format(time.RFC1123Z), strings.ReplaceAll(body, "\n", "\r\n"))
	if _, err := e.imap.Append(context.Background(), btpBox, "INBOX", []byte(raw)); err != nil {
		e.t.Fatal(err)
	}
}

// waitConversations waits until n conversations are recorded.
func (e *env) waitConversations(n int) []state.Conversation {
	e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		convs, err := e.app.Store.Conversations()
		if err != nil {
			e.t.Fatal(err)
		}
		if len(convs) >= n {
			return convs
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("got %d conversations after 30 s, want %d", len(convs), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 1000),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// do runs browser steps and fails the test on error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// click clicks and waits for the page it leads to.
func click(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		t.Fatalf("click %s: %v", selector, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("MAILBOT_SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

func conversationOf(convs []state.Conversation, subject string) string {
	for _, c := range convs {
		if c.Subject == subject {
			return c.ID
		}
	}
	return ""
}

func TestDashboardInABrowser(t *testing.T) {
	ctx := browser(t)
	e := start(t)
	e.deliver("Problème de connexion CERES", "<ceres@cfp-exemple.test>",
		"Bonjour,\n\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé.\nComment faire ?\n\nMarie")
	e.deliver(hostile, "<xss@cfp-exemple.test>", "Bonjour,\n</pre><script>window.pwned=3</script>\nMerci")
	convs := e.waitConversations(2)
	ceres, xss := conversationOf(convs, "Problème de connexion CERES"), conversationOf(convs, hostile)
	if ceres == "" || xss == "" {
		t.Fatalf("conversations: %+v", convs)
	}

	do(t, ctx, "open the dashboard", chromedp.Navigate(e.base+"/"))
	if loc := eval[string](t, ctx, "location.pathname"); loc != "/connexion" {
		t.Fatalf("unauthenticated: got %s, want the sign-in page", loc)
	}
	shot(t, ctx, "connexion")
	do(t, ctx, "sign in", chromedp.SendKeys(chromedp.ID("nom"), agent), chromedp.SendKeys(chromedp.ID("mdp"), password))
	click(t, ctx, ".login button[type=submit]")
	if n := eval[int](t, ctx, "document.querySelectorAll('table.list tbody td:nth-child(2) a').length"); n != 2 {
		t.Fatalf("triage list: got %d rows, want 2", n)
	}
	checkHostileIsText(t, ctx, "triage", "td.subject a")
	shot(t, ctx, "tri")

	do(t, ctx, "filter", chromedp.SetValue(chromedp.CSS("select[name=categorie]"), "ceres_support"))
	click(t, ctx, ".filters button[type=submit]")
	if got := eval[string](t, ctx, "[...document.querySelectorAll('table.list tbody td:nth-child(2) a')].map(a => a.textContent).join(' ')"); got != ceres {
		t.Fatalf("filtered by category: got %q, want %s", got, ceres)
	}

	click(t, ctx, "td.subject a")
	shot(t, ctx, "conversation")
	click(t, ctx, "button[formaction$='/valider']")
	if flash := eval[string](t, ctx, "document.querySelector('.flash').textContent"); !strings.Contains(flash, "Message validé") {
		t.Fatalf("after approval: got %q", flash)
	}
	wait, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	got, err := e.sink.WaitFor(wait, 1)
	if err != nil {
		t.Fatalf("the approved reply never reached the SMTP sink: %v", err)
	}
	if got[0].To[0] != "certif@cfp-exemple.test" || got[0].Header.Get("In-Reply-To") != "<ceres@cfp-exemple.test>" {
		t.Errorf("sent mail: got to %v in reply to %q", got[0].To, got[0].Header.Get("In-Reply-To"))
	}

	do(t, ctx, "open the hostile conversation", chromedp.Navigate(e.base+"/conversation/"+xss))
	checkHostileIsText(t, ctx, "conversation", "h1.subject")
	shot(t, ctx, "hostile")
	do(t, ctx, "reclassify", chromedp.SetValue(chromedp.ID("categorie"), "complaint"))
	click(t, ctx, "form[action$='/reclasser'] button")
	if flash := eval[string](t, ctx, "document.querySelector('.flash').textContent"); !strings.Contains(flash, "reclassée") {
		t.Fatalf("after reclassifying: got %q", flash)
	}
	if c, err := e.app.Store.Conversation(xss); err != nil || c.Category != "complaint" {
		t.Errorf("stored category: got %v %v, want complaint", c.Category, err)
	}
	if n := eval[int](t, ctx, "[...document.querySelectorAll('article.out')].filter(a => a.textContent.includes('Abandonné')).length"); n == 0 {
		t.Error("the mail planned before reclassifying is not shown as discarded")
	}
	do(t, ctx, "stats", chromedp.Navigate(e.base+"/statistiques"))
	shot(t, ctx, "statistiques")
	do(t, ctx, "health", chromedp.Navigate(e.base+"/sante"))
	shot(t, ctx, "sante")
}

// checkHostileIsText checks that the hostile subject is on the page as
// text, that it made no element and that no script ran.
func checkHostileIsText(t *testing.T, ctx context.Context, page, selector string) {
	t.Helper()
	texts := eval[[]string](t, ctx, fmt.Sprintf("[...document.querySelectorAll(%q)].map(e => e.textContent.trim())", selector))
	found := false
	for _, s := range texts {
		found = found || s == hostile
	}
	if !found {
		t.Errorf("%s: the hostile subject is not shown as text (got %q)", page, texts)
	}
	if n := eval[int](t, ctx, "document.querySelectorAll('img, main script').length"); n != 0 {
		t.Errorf("%s: the mail made %d img/script elements", page, n)
	}
	if pwned := eval[bool](t, ctx, "window.pwned !== undefined"); pwned {
		t.Errorf("%s: a script from the mail ran", page)
	}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestRefusals checks, without a browser, that unauthenticated requests
// and posts without the CSRF token are refused by the running server.
func TestRefusals(t *testing.T) {
	e := start(t)
	e.deliver("Problème de connexion CERES", "<ceres2@cfp-exemple.test>", "Bonjour,\nCERES refuse mon identifiant.\nMarie")
	id := e.waitConversations(1)[0].ID
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	status := func(resp *http.Response, err error) int {
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(c.Get(e.base + "/conversation/" + id)); got != http.StatusSeeOther {
		t.Errorf("unauthenticated GET: got %d, want 303 to sign in", got)
	}
	if got := status(c.PostForm(e.base+"/conversation/"+id+"/clore", nil)); got != http.StatusUnauthorized && got != http.StatusForbidden {
		t.Errorf("unauthenticated POST: got %d, want 401 or 403", got)
	}
	resp, err := c.Get(e.base + "/connexion")
	if err != nil {
		t.Fatal(err)
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	token := csrfField.FindSubmatch(page)[1]
	if got := status(c.PostForm(e.base+"/connexion", url.Values{"csrf": {string(token)}, "nom": {agent}, "mot_de_passe": {password}})); got != http.StatusSeeOther {
		t.Fatalf("sign in: got %d", got)
	}
	if got := status(c.PostForm(e.base+"/conversation/"+id+"/clore", url.Values{})); got != http.StatusForbidden {
		t.Errorf("signed-in POST without CSRF token: got %d, want 403", got)
	}
	if c, _ := e.app.Store.Conversation(id); c.Status == state.StatusClosed {
		t.Error("the refused post closed the conversation")
	}
}
