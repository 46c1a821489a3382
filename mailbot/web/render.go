package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"mailbot/mailbot/digest"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var staticFS embed.FS

// pageNames are the pages, each drawn inside templates/layout.html.
var pageNames = []string{"login", "triage", "conversation", "stats", "health", "notfound"}

type pages struct {
	t map[string]*template.Template
}

var funcs = template.FuncMap{
	"category":  digest.CategoryLabel,
	"status":    digest.StatusLabel,
	"priority":  digest.PriorityLabel,
	"sector":    digest.SectorLabel,
	"outStatus": digest.OutStatusLabel,
	"kind":      digest.KindLabel,
	"action":    digest.ActionLabel,
	"when":      digest.ShortDateTime,
	"percent":   func(f float64) string { return fmt.Sprintf("%.0f %%", f*100) },
	"ago":       ago,
}

func loadPages() (*pages, error) {
	p := &pages{t: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		p.t[name] = t
	}
	return p, nil
}

// view is what every page gets: the layout's parts and the page's data.
type view struct {
	Title string
	Nav   string
	User  string
	CSRF  string
	Flash string
	// Down are the mailboxes unreachable for longer than allowed.
	Down []MailboxHealth
	Data any
}

// render draws a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, sess *session, status int, name string, v view) {
	if sess != nil {
		v.User, v.CSRF, v.Flash = sess.user, sess.csrf, s.sessions.takeFlash(sess)
	}
	if v.User != "" {
		v.Down = s.unreachable()
	}
	var buf bytes.Buffer
	if err := s.pages.t[name].Execute(&buf, v); err != nil {
		s.log.Error("dashboard: render page", "page", name, "err", err)
		http.Error(w, "Erreur interne : la page n'a pas pu être affichée.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// fail shows an operator-facing error as a page and logs it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("dashboard", "path", r.URL.Path, "err", err)
	http.Error(w, "Erreur interne : "+err.Error(), http.StatusInternalServerError)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, sess *session) {
	s.render(w, r, sess, http.StatusNotFound, "notfound", view{Title: "Page introuvable"})
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static") // the embedded folder exists
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}

// ago says how long ago t was, in French ("il y a 3 h").
func ago(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "à l'instant"
	case d < time.Hour:
		return fmt.Sprintf("il y a %d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("il y a %d h", int(d.Hours()))
	}
	return fmt.Sprintf("il y a %d j", int(d.Hours()/24))
}
