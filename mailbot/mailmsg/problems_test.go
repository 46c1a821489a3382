package mailmsg

import (
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// englishWords betray a problem written in English: the agents read
// Problems in French on the dashboard.
var englishWords = []string{" the ", " of ", " read as ", "unknown", "missing", "header of", "cut at",
	" is ", " not ", "part ", "body", "bytes"}

// quotedValue matches a value quoted from the message with %q, kept as it
// came ("x-unknown-42").
var quotedValue = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// Every problem that deliberately broken messages give is French.
func TestProblemsAreFrench(t *testing.T) {
	parse := func(raw string) func(*testing.T) []string {
		return func(*testing.T) []string { return Parse(strings.NewReader(raw)).Problems }
	}
	file := func(name string) func(*testing.T) []string {
		return func(t *testing.T) []string { return parseFile(t, name).Problems }
	}
	multipart := func(parts ...string) string {
		return "Content-Type: multipart/mixed; boundary=b\n\n--b\n" + strings.Join(parts, "\n--b\n") + "\n--b--\n"
	}
	tests := []struct {
		name     string
		problems func(*testing.T) []string
		want     string // the problem this input is there for
	}{
		{"broken headers and addresses", file("broken-headers.eml"), "adresses mal formées"},
		{"missing closing boundary", file("missing-boundary.eml"), "délimiteur de fin absent"},
		{"unknown charsets", file("unknown-charset.eml"), "laissé non décodé"},
		{"odd transfer encodings", file("unknown-encoding.eml"), "encodage de transfert inconnu"},
		{"part header lost its indent", file("part-header-indent.eml"), "sans indentation dans la partie 1"},
		{"unreadable date", parse("Date: hier\nSubject: x\n\nBonjour\n"), "en-tête Date illisible"},
		{"no blank line after the header", parse("Subject: x\nFrom: a@b.fr\nBonjour,\nsuite\n"), "sans ligne vide finale"},
		{"no header", parse(" Bonjour\n"), "aucun en-tête dans le message"},
		{"multipart without boundary", parse("Content-Type: multipart/mixed\n\ntexte\n"), "sans paramètre boundary"},
		{"boundary never found", parse("Content-Type: multipart/mixed; boundary=zz\n\npréambule seul\n"), "aucune partie trouvée"},
		{"unreadable Content-Type", parse("Content-Type: ;;\n\ntexte\n"), "en-tête Content-Type illisible"},
		{"broken base64", parse("Content-Transfer-Encoding: base64\n\n!!!!\n"), "non décodable"},
		{"huge header", parse("Subject: x\n" + strings.Repeat("X-Champ: valeur\n", maxHeaderBytes/16+1) + "\nBonjour\n"), "en-tête de plus de"},
		{"huge header line", parse("Subject: " + strings.Repeat("x", maxHeaderLine+1) + "\n\nBonjour\n"), "ligne d'en-tête de plus de"},
		{"text over the cap", parse("\n" + strings.Repeat("é", maxTextBytes)), "texte tronqué à"},
		{"HTML over the caps", parse("Content-Type: text/html\n\n" + strings.Repeat("<p>mot mot mot mot</p>", 150_000)), "texte tiré du HTML tronqué"},
		{"nested too deep", parse(strings.Repeat("Content-Type: message/rfc822\n\n", maxDepth+5) + "fin\n"), "niveaux d'imbrication"},
		{"enclosed message without header", parse(multipart("\nBonjour", "Content-Type: message/rfc822\n\n indenté\n")), "aucun en-tête dans le message joint dans la partie 2"},
		{"too many parts", parse(multipart(strings.Split(strings.Repeat("\nx,", maxParts+1), ",")...)), "plus de 1000 parties"},
		{"too many problems", parse(multipart(strings.Split(strings.Repeat("Content-Type: application/pdf\nContent-Transfer-Encoding: x-uuencode\n\nx,", maxProblems+2), ",")...)),
			"autres difficultés"},
		{"read error", func(*testing.T) []string {
			return Parse(io.MultiReader(strings.NewReader("Subject: x\n\nDébut"), errReader{errors.New("connection reset")})).Problems
		}, "lecture du message interrompue"},
		{"panic", func(*testing.T) []string {
			p := &parser{m: &Message{}}
			p.safely(func() { panic("boom") })
			return p.m.Problems
		}, internalError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := tt.problems(t)
			if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tt.want) }) {
				t.Errorf("got %.300q, want a problem holding %q", problems, tt.want)
			}
			for _, p := range problems {
				for _, w := range englishWords {
					if strings.Contains(strings.ToLower(quotedValue.ReplaceAllString(p, `""`)), w) {
						t.Errorf("problem %.200q holds %q: write it in French", p, w)
					}
				}
			}
		})
	}
}
