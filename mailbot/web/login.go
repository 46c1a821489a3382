package web

import (
	"net/http"
	"strings"
)

type loginData struct {
	Next, Name, Error string
	Local, Proxy      bool
}

// localPath keeps a post-sign-in redirect on this site.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	return p
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("suite"))
	if s.signedIn(w, r) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	sess := s.sessions.get(r)
	if sess == nil {
		sess = s.sessions.start(w, r, nil, "", s.secure(r))
	}
	s.showLogin(w, r, sess, http.StatusOK, loginData{Next: next})
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, sess *session, status int, d loginData) {
	d.Local, d.Proxy = len(s.users) > 0, s.o.Config.TrustedHeader != ""
	s.render(w, r, sess, status, "login", view{Title: "Connexion", Data: d})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, sess *session) {
	name, password := strings.TrimSpace(r.PostFormValue("nom")), r.PostFormValue("mot_de_passe")
	next := localPath(r.PostFormValue("suite"))
	d := loginData{Next: next, Name: name}
	switch {
	case s.limiter.blocked(name):
		d.Error = "Trop d'essais pour ce compte : réessayez dans un quart d'heure."
	case !s.checkPassword(name, password):
		s.limiter.failed(name)
		s.log.Warn("dashboard: sign-in refused", "user", name, "peer", r.RemoteAddr)
		d.Error = "Nom ou mot de passe incorrect."
	}
	if d.Error != "" {
		s.showLogin(w, r, sess, http.StatusUnauthorized, d)
		return
	}
	s.limiter.succeeded(name)
	s.sessions.start(w, r, sess, name, s.secure(r))
	s.log.Info("dashboard: signed in", "user", name)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, sess *session) {
	s.sessions.end(w, sess, s.secure(r))
	http.Redirect(w, r, "/connexion", http.StatusSeeOther)
}
