package app

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"mailbot/classify/model"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/testutil"
)

// logBuffer is a log sink the bot's goroutines may share with the test.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// modelWithThreshold writes the embedded model with another threshold,
// which the classifier then reports: a model file one can tell apart.
func modelWithThreshold(t *testing.T, path, threshold string) {
	t.Helper()
	raw := regexp.MustCompile(`"threshold": [0-9.]+`).ReplaceAll(model.DefaultJSON(), []byte(`"threshold": `+threshold))
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

// signIn signs in to the dashboard at addr and reports whether it worked.
func signIn(t *testing.T, addr, name, password string) bool {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := "http://" + addr
	resp, err := c.Get(base + "/connexion")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		return false // no sign-in form: no local account
	}
	form := url.Values{"csrf": {html.UnescapeString(string(m[1]))}, "nom": {name}, "mot_de_passe": {password}, "suite": {"/"}}
	req, _ := http.NewRequest(http.MethodPost, base+"/connexion", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusSeeOther
}

func TestReload(t *testing.T) {
	logs := &logBuffer{}
	var conf *testutil.Config
	tplDir, modelPath := t.TempDir(), filepath.Join(t.TempDir(), "model.json")
	modelWithThreshold(t, modelPath, "0.61")
	h := newMemHarness(t, paris(2027, time.March, 1, 10, 0), setup{
		logger: slog.New(slog.NewTextHandler(logs, nil)),
		configure: func(c *testutil.Config) {
			conf = c.Set("templates.dir", tplDir).Set("classify.model", modelPath).Set("modes.complaint", "auto")
		},
	})
	rules := h.app.Bot.Rules()
	if got := rules.Engine.Classifier.Threshold(); got != 0.61 {
		t.Fatalf("threshold before the reload: %v, want the model file's 0.61", got)
	}

	// A new template text, a new model file and a mode.
	embedded, err := os.ReadFile("../../templates/fr/ceres_support.txt.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	const marker = "Texte rechargé sans redémarrage."
	if err := os.WriteFile(filepath.Join(tplDir, "ceres_support.txt.tmpl"), append([]byte(marker+"\n\n"), embedded...), 0o644); err != nil {
		t.Fatal(err)
	}
	modelWithThreshold(t, modelPath, "0.83")
	hash, err := bcrypt.GenerateFromPassword([]byte("mot de passe"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if signIn(t, h.app.WebAddr(), "nouvelle", "mot de passe") {
		t.Fatal("an account that is not configured signs in")
	}
	conf.Set("modes.complaint", "approve").Set("calendar.office.fri", "08:30-12:00").WebUser("nouvelle", string(hash))
	if err := h.app.Reload(conf.Write()); err != nil {
		t.Fatalf("Reload: %v\n%s", err, logs)
	}
	rules = h.app.Bot.Rules()
	if got := rules.Engine.Classifier.Threshold(); got != 0.83 {
		t.Errorf("threshold after the reload: %v, want the new model file's 0.83", got)
	}
	if got := rules.Modes.ByCategory["complaint"]; got != "approve" {
		t.Errorf("modes.complaint after the reload: %q, want approve", got)
	}
	if !signIn(t, h.app.WebAddr(), "nouvelle", "mot de passe") {
		t.Error("the [[web.user]] added by the reload cannot sign in")
	}
	if got := rules.Engine.Policy.Calendar.Week(calendar.GEVHours)[time.Friday].String(); got != "08:30-12:00" {
		t.Errorf("calendar.office.fri after the reload: %s, want 08:30-12:00", got)
	}
	h.deliver(btpBox, mail(centre, btpBox, "Problème de connexion CERES", "<reload1@cfp-exemple.test>", "Mon, 1 Mar 2027 09:55:00 +0100",
		"Bonjour,\n\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé avec un message d'erreur.\nComment faire ?\n\nCordialement,\nMarie"))
	if body := bodyOf(h.waitSent(1)[0]); !strings.HasPrefix(body, marker) {
		t.Errorf("the reply after the reload does not use the new template:\n%s", body)
	}

	// A file that does not validate changes nothing.
	conf.Set("modes.complaint", "sometimes")
	modelWithThreshold(t, modelPath, "0.9")
	if err := h.app.Reload(conf.Write()); err == nil || !strings.Contains(logs.String(), "reload refused") {
		t.Errorf("an invalid modes.complaint was accepted (err %v)\n%s", err, logs)
	}
	rules = h.app.Bot.Rules()
	if rules.Modes.ByCategory["complaint"] != "approve" || rules.Engine.Classifier.Threshold() != 0.83 {
		t.Errorf("a refused reload changed the rules: complaint %q, threshold %v", rules.Modes.ByCategory["complaint"], rules.Engine.Classifier.Threshold())
	}
	// Nor does a broken template.
	conf.Set("modes.complaint", "shadow")
	if err := os.WriteFile(filepath.Join(tplDir, "ceres_support.txt.tmpl"), []byte("{{template \"nowhere\" .}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := h.app.Reload(conf.Write()); err == nil {
		t.Error("a broken template was accepted")
	}
	if got := h.app.Bot.Rules().Modes.ByCategory["complaint"]; got != "approve" {
		t.Errorf("a refused reload changed modes.complaint to %q", got)
	}
	if err := os.Remove(filepath.Join(tplDir, "ceres_support.txt.tmpl")); err != nil {
		t.Fatal(err)
	}

	// Settings that need a restart are named, and the rest is applied.
	conf.Set("state.path", filepath.Join(t.TempDir(), "elsewhere.db")).Set("web.listen", "127.0.0.1:1")
	if err := h.app.Reload(conf.Write()); err != nil {
		t.Fatalf("Reload: %v\n%s", err, logs)
	}
	if !strings.Contains(logs.String(), "need a restart") || !strings.Contains(logs.String(), "keys=\"[state.path web.listen]\"") {
		t.Errorf("the log does not name state.path and web.listen as needing a restart:\n%s", logs)
	}
	if got := h.app.Bot.Rules().Modes.ByCategory["complaint"]; got != "shadow" {
		t.Errorf("modes.complaint after a reload with restart-only changes: %q, want shadow", got)
	}
	if _, err := os.Stat(h.cfg.State.Path); err != nil {
		t.Errorf("the running state file: %v", err)
	}
}

// TestReloadWhileProcessing reloads over and over while mail is decided
// and sent: under -race this proves the swap shares nothing unguarded.
func TestReloadWhileProcessing(t *testing.T) {
	var conf *testutil.Config
	h := newMemHarness(t, paris(2027, time.March, 1, 10, 0), setup{
		logger:    slog.New(slog.DiscardHandler),
		configure: func(c *testutil.Config) { conf = c },
	})
	path := conf.Write()
	const n = 5
	for i := range n {
		// One sender each: three replies a day is the cap per sender.
		h.deliver(btpBox, mail(fmt.Sprintf("Centre %d <certif@centre%d.test>", i, i), btpBox, "Problème de connexion CERES", fmt.Sprintf("<busy%d@cfp-exemple.test>", i), "Mon, 1 Mar 2027 09:55:00 +0100",
			"Bonjour,\n\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé.\nComment faire ?"))
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 10 {
			if err := h.app.Reload(path); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	h.waitSent(n)
	<-done
}
