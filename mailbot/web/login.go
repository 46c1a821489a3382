package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mailbot/classify/clean"
)

type loginData struct {
	Next, Name, Error string
	Local, Proxy      bool
}

// maxUserName is the longest user name read, echoed or logged; no account
// has a longer one (config refuses it).
const maxUserName = 64

// localPath keeps a post-sign-in redirect on this site. Browsers drop tab,
// CR and LF from a URL before reading it (WHATWG URL standard), so
// "/\t/evil.example" becomes "//evil.example", another site: the path is
// judged as the browser will read it, and given back in that form.
func localPath(p string) string {
	p = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, p)
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || !strings.HasPrefix(p, "/") ||
		strings.HasPrefix(p, "//") || strings.ContainsRune(p, '\\') || strings.ContainsFunc(p, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return "/"
	}
	return p
}

// The sign-in form holds no server session: its CSRF token is an HMAC of a
// random value kept in a short-lived cookie, so a flood of GET /connexion
// costs no memory. A session is made only by a successful POST.
const (
	loginCookie   = "mailbot_login"
	loginLifetime = 15 * time.Minute
)

// loginToken sets the login cookie and returns the token of the form. A
// browser that already has the cookie keeps its value: it may load the
// sign-in page twice (a favicon redirected here) and post the first one.
func (s *Server) loginToken(w http.ResponseWriter, r *http.Request) string {
	nonce := token()
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) == len(nonce) {
		nonce = c.Value
	}
	expires := s.o.Clock().Add(loginLifetime).Unix()
	http.SetCookie(w, &http.Cookie{
		Name: loginCookie, Value: nonce, Path: "/connexion", MaxAge: int(loginLifetime / time.Second),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode,
	})
	return strconv.FormatInt(expires, 10) + "." + s.loginMAC(nonce, expires)
}

func (s *Server) loginMAC(nonce string, expires int64) string {
	m := hmac.New(sha256.New, s.loginKey)
	fmt.Fprintf(m, "%s\x00%d", nonce, expires)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// validLogin checks the form's token against the login cookie.
func (s *Server) validLogin(r *http.Request) bool {
	c, err := r.Cookie(loginCookie)
	if err != nil || !s.sameOrigin(r) {
		return false
	}
	exp, mac, ok := strings.Cut(r.PostFormValue("csrf"), ".")
	expires, err := strconv.ParseInt(exp, 10, 64)
	if !ok || err != nil || s.o.Clock().Unix() > expires {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(s.loginMAC(c.Value, expires)))
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("suite"))
	if s.signedIn(w, r) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, loginData{Next: next})
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	d.Local, d.Proxy = len(s.users.Load().hashes) > 0, s.o.Config.TrustedHeader != ""
	s.render(w, r, nil, status, "login", view{Title: "Connexion", Data: d, CSRF: s.loginToken(w, r)})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if !s.validLogin(r) {
		s.log.Warn("dashboard: sign-in form refused (CSRF check)", "peer", r.RemoteAddr)
		http.Error(w, "Jeton de sécurité absent ou périmé : rechargez la page et recommencez.", http.StatusForbidden)
		return
	}
	name, password := strings.TrimSpace(r.PostFormValue("nom")), r.PostFormValue("mot_de_passe")
	tooLong := len(name) > maxUserName
	name = strings.Clone(clean.Cut(name, maxUserName)) // a copy: a cut would keep the whole form alive
	addr, _ := s.client(r)
	d := loginData{Next: localPath(r.PostFormValue("suite")), Name: name}
	if wait := s.limiter.wait(addr, name); wait > 0 {
		d.Error = fmt.Sprintf("Trop d'essais depuis cette adresse : réessayez dans %s.", wait.Round(time.Second))
	} else if tooLong || !s.checkPassword(name, password) {
		s.limiter.failed(addr, name)
		s.log.Warn("dashboard: sign-in refused", "user", name, "user_truncated", tooLong, "client", addr)
		d.Error = "Nom ou mot de passe incorrect."
	}
	if d.Error != "" {
		s.showLogin(w, r, http.StatusUnauthorized, d)
		return
	}
	s.limiter.succeeded(addr, name)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Path: "/connexion", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	s.sessions.start(w, nil, name, s.secure(r))
	s.log.Info("dashboard: signed in", "user", name, "client", addr)
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, sess *session) {
	s.sessions.end(w, sess, s.secure(r))
	http.Redirect(w, r, "/connexion", http.StatusSeeOther)
}
