package digest

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"unicode"
)

//go:embed tmpl/digest.txt.tmpl tmpl/digest.html.tmpl
var tmplFS embed.FS

// Mail is a rendered digest.
type Mail struct {
	Subject, Text, HTML string
}

var funcs = map[string]any{
	"category": CategoryLabel,
	"priority": PriorityLabel,
	"sector":   SectorLabel,
	"kind":     KindLabel,
	"long":     LongDate,
	"when":     ShortDateTime,
	"line":     oneLine,
	"days":     days,
	"badge":    badgeColour,
}

var (
	textTmpl = texttemplate.Must(texttemplate.New("digest.txt.tmpl").Funcs(funcs).ParseFS(tmplFS, "tmpl/digest.txt.tmpl"))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("digest.html.tmpl").Funcs(funcs).ParseFS(tmplFS, "tmpl/digest.html.tmpl"))
)

// Render writes the report as a mail.
func (r *Report) Render() (Mail, error) {
	var txt, html bytes.Buffer
	if err := textTmpl.Execute(&txt, r); err != nil {
		return Mail{}, fmt.Errorf("digest: render text: %w", err)
	}
	if err := htmlTmpl.Execute(&html, r); err != nil {
		return Mail{}, fmt.Errorf("digest: render HTML: %w", err)
	}
	return Mail{Subject: r.Subject(), Text: txt.String(), HTML: html.String()}, nil
}

// Subject says the day, the scope and how much waits for a human.
func (r *Report) Subject() string {
	s := "Résumé mailbot du " + LongDate(r.Now)
	if r.Sector != "" {
		s += " (" + SectorLabel(r.Sector) + ")"
	}
	s += fmt.Sprintf(" : %d à traiter", len(r.Todo))
	if len(r.Waiting) > 0 {
		s += fmt.Sprintf(", %d question(s) d'ingénierie en attente", len(r.Waiting))
	}
	if len(r.Down) > 0 {
		s += ", boîte(s) injoignable(s)"
	}
	return s
}

// Build reads the state file and renders the digest it describes.
func Build(o Options) (Mail, error) {
	r, err := Collect(o)
	if err != nil {
		return Mail{}, err
	}
	return r.Render()
}

// oneLine keeps a mail's subject or name on one line of the text part.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

func days(n int) string {
	switch n {
	case 0:
		return "aujourd'hui"
	case 1:
		return "1 jour ouvré"
	}
	return fmt.Sprintf("%d jours ouvrés", n)
}

// badgeColour is the background of a priority's label in the HTML part.
func badgeColour(p string) string {
	switch p {
	case "urgent":
		return "#b3261e"
	case "high":
		return "#c25e00"
	}
	return "#5f6368"
}
