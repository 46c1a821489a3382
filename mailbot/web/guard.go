package web

import (
	"net/http"
	"net/url"
	"strings"
)

// csp allows the page's own stylesheet and nothing else: no script at all.
const csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// maxForm bounds a form post (an edited reply is a few kilobytes).
const maxForm = 1 << 20

func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null"
		// on form posts, which sameOrigin must refuse.
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		h.Set("Cache-Control", "no-store")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000")
		}
		next.ServeHTTP(w, r)
	})
}

// agentHandler serves a signed-in agent.
type agentHandler func(w http.ResponseWriter, r *http.Request, sess *session)

// authed lets signed-in agents through; others go to the sign-in page.
func (s *Server) authed(h agentHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := s.signedIn(w, r)
		if sess == nil {
			s.toLogin(w, r)
			return
		}
		h(w, r, sess)
	}
}

func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "Connexion requise.", http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, "/connexion?suite="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// action is a POST by a signed-in agent whose origin and CSRF token
// match the session's.
func (s *Server) action(h agentHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		sess := s.sessions.get(r)
		if u := s.proxyUser(r); u != "" && (sess == nil || sess.user != u) {
			sess = nil // a session of another user never validates a proxy user's post
		}
		if !s.sameOrigin(r) || sess == nil || !sameToken(r.PostFormValue("csrf"), sess.csrf) {
			s.log.Warn("dashboard: form refused (CSRF check)", "path", r.URL.Path, "peer", r.RemoteAddr)
			http.Error(w, "Jeton de sécurité absent ou périmé : rechargez la page et recommencez.", http.StatusForbidden)
			return
		}
		h(w, r, sess)
	}
}

// sameOrigin refuses cross-site posts that browsers label as such
// (Sec-Fetch-Site, Origin), on top of SameSite cookies and the token.
func (s *Server) sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	host := r.Host
	if fh := r.Header.Get("X-Forwarded-Host"); fh != "" && s.fromProxy(r) {
		host = fh
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, host)
}

// monitor tells whether the caller may read the machine endpoints in
// full: a signed-in agent, or monitoring that presents web.metrics_token
// as a bearer token (RFC 6750). Being on loopback proves nothing: the
// reverse proxy is there too.
func (s *Server) monitor(w http.ResponseWriter, r *http.Request) bool {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && s.metricsToken != "" && sameToken(strings.TrimSpace(tok), s.metricsToken) {
		return true
	}
	return s.signedIn(w, r) != nil
}

// metrics serves /metrics to monitoring and agents only.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if !s.monitor(w, r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="mailbot"`)
		http.Error(w, "Réservé aux agents connectés et à la supervision (web.metrics_token).", http.StatusUnauthorized)
		return
	}
	s.metricsHandler.ServeHTTP(w, r)
}
