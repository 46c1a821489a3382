package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mailbot/mailbot/config"
)

func TestEveryPageNeedsSignIn(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := newClient(t, f.srv.Handler())
	for _, path := range []string{"/", "/conversation/GEV-PLIS01", "/statistiques", "/sante", "/nimporte"} {
		t.Run("GET "+path, func(t *testing.T) {
			w := c.get(path)
			if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/connexion?suite=") {
				t.Errorf("got %d to %q, want 303 to the sign-in page", w.Code, w.Header().Get("Location"))
			}
		})
	}
	c.get("/connexion") // the sign-in form's token does not make an agent
	for _, path := range []string{"/conversation/GEV-PLIS01/clore", "/conversation/GEV-CERES1/envoi/held-1/valider", "/conversation/GEV-ING001/relayer"} {
		t.Run("POST "+path, func(t *testing.T) {
			w := c.post(path, url.Values{"csrf": {c.csrf}, "entree": {"0"}, "verifie": {"1"}})
			if w.Code != http.StatusForbidden {
				t.Errorf("got %d, want 403", w.Code)
			}
		})
	}
	if calls := f.bot.Calls(); len(calls) != 0 {
		t.Errorf("actions ran without sign-in: %v", calls)
	}
}

func TestSignIn(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := newClient(t, f.srv.Handler())
	c.get("/connexion?suite=/statistiques")
	w := c.post("/connexion", url.Values{"csrf": {c.csrf}, "nom": {"marie"}, "mot_de_passe": {"faux"}})
	if w.Code != http.StatusUnauthorized || !strings.Contains(body(w), "Nom ou mot de passe incorrect") {
		t.Fatalf("wrong password: got %d, want 401 with a message", w.Code)
	}
	if _, ok := c.cookies[cookieName]; ok {
		t.Error("a failed sign-in opened a session")
	}
	const planted = "id-chosen-by-an-attacker" // session fixation
	c.cookies[cookieName] = &http.Cookie{Name: cookieName, Value: planted}
	w = c.post("/connexion", url.Values{"csrf": {c.csrf}, "nom": {"marie"}, "mot_de_passe": {"demo"}, "suite": {"//evil.example/"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Fatalf("sign-in: got %d to %q, want 303 to / (never off-site)", w.Code, w.Header().Get("Location"))
	}
	if c.cookies[cookieName].Value == planted {
		t.Error("the session id was not renewed at sign-in")
	}
	if w := c.get("/"); w.Code != http.StatusOK || !strings.Contains(body(w), "marie") {
		t.Errorf("after sign-in: got %d, want the triage page", w.Code)
	}
	if w := c.post("/deconnexion", url.Values{"csrf": {c.csrf}}); w.Code != http.StatusSeeOther {
		t.Errorf("sign-out: got %d", w.Code)
	}
	if w := c.get("/"); w.Code != http.StatusSeeOther {
		t.Errorf("after sign-out: got %d, want a redirect to sign in", w.Code)
	}
}

func TestCSRF(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	path := "/conversation/GEV-PLIS01/clore"
	tests := []struct {
		name   string
		form   url.Values
		header [2]string
		want   int
	}{
		{"no token", url.Values{}, [2]string{}, http.StatusForbidden},
		{"wrong token", url.Values{"csrf": {"x" + c.csrf}}, [2]string{}, http.StatusForbidden},
		{"cross-site", url.Values{"csrf": {c.csrf}}, [2]string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"other origin", url.Values{"csrf": {c.csrf}}, [2]string{"Origin", "http://evil.example"}, http.StatusForbidden},
		{"valid", url.Values{"csrf": {c.csrf}}, [2]string{"Origin", "http://example.com"}, http.StatusSeeOther},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.header = http.Header{}
			if tc.header[0] != "" {
				c.header.Set(tc.header[0], tc.header[1])
			}
			if w := c.post(path, tc.form); w.Code != tc.want {
				t.Errorf("got %d, want %d", w.Code, tc.want)
			}
		})
	}
	if calls := f.bot.Calls(); len(calls) != 1 || calls[0] != "done GEV-PLIS01 by marie" {
		t.Errorf("got calls %v, want only the valid post", calls)
	}
}

func TestCookieAndHeaders(t *testing.T) {
	f := newFixture(t, config.Web{TrustedHeader: "X-Remote-User", TrustedProxies: []string{"127.0.0.2"}})
	w := newClient(t, f.srv.Handler()).get("/connexion")
	ck := w.Result().Cookies()[0]
	if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Secure {
		t.Errorf("plain loopback HTTP cookie: got HttpOnly=%v SameSite=%v Secure=%v, want true, Strict, false", ck.HttpOnly, ck.SameSite, ck.Secure)
	}
	want := map[string]string{
		"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
		"Referrer-Policy": "same-origin", "Cache-Control": "no-store",
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s: got %q, want %q", k, got, v)
		}
	}
	proxied := newClient(t, f.srv.Handler())
	proxied.remote = "127.0.0.2:5000"
	proxied.header.Set("X-Remote-User", "paul")
	proxied.header.Set("X-Forwarded-For", "192.0.2.7")
	w = proxied.get("/")
	if w.Code != http.StatusOK || !proxied.cookies[cookieName].Secure {
		t.Errorf("through the trusted proxy: got %d secure=%v, want 200 and a Secure cookie", w.Code, proxied.cookies[cookieName].Secure)
	}
}

func TestTrustedHeader(t *testing.T) {
	f := newFixture(t, config.Web{TrustedHeader: "X-Remote-User", TrustedProxies: []string{"127.0.0.2/32"}})
	tests := []struct {
		name, remote, user, forwarded string
		want                          int
	}{
		{"from the proxy", "127.0.0.2:5000", "paul", "192.0.2.7", http.StatusOK},
		{"proxy without a user", "127.0.0.2:5000", "", "192.0.2.7", http.StatusSeeOther},
		{"header from elsewhere is ignored", "127.0.0.1:5000", "paul", "", http.StatusSeeOther},
		{"proxy naming no client", "127.0.0.2:5000", "paul", "", http.StatusBadRequest},
		{"proxy naming garbage", "127.0.0.2:5000", "paul", "unknown", http.StatusBadRequest},
		{"proxy naming only itself", "127.0.0.2:5000", "paul", "127.0.0.2", http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := clientAt(t, f.srv.Handler(), tc.remote, tc.forwarded)
			if tc.user != "" {
				c.header.Set("X-Remote-User", tc.user)
			}
			if w := c.get("/"); w.Code != tc.want {
				t.Errorf("got %d, want %d", w.Code, tc.want)
			}
		})
	}
	c := newClient(t, f.srv.Handler())
	c.remote = "127.0.0.2:5000"
	c.header.Set("X-Remote-User", "paul")
	c.header.Set("X-Forwarded-For", "192.0.2.7")
	c.get("/conversation/GEV-PLIS01")
	c.header.Set("X-Remote-User", "jeanne") // the proxy now vouches for someone else
	if w := c.post("/conversation/GEV-PLIS01/clore", map[string][]string{"csrf": {c.csrf}}); w.Code != http.StatusForbidden {
		t.Errorf("paul's token posted as jeanne: got %d, want 403", w.Code)
	}
}
