package classify

import (
	"regexp"
	"strings"
	"testing"

	"mailbot/classify/clean"
)

// The fact readers scan a text once for their patterns' words and run only
// the patterns whose words are there: on French as centres write it (with
// or without accents, in capitals, with typographic, plain or missing
// apostrophes) each pattern must answer as the plain regexp does, and
// find what it is written for.
func TestFactPatternsFilteredAsRegexp(t *testing.T) {
	tests := []struct {
		text string
		want *regexp.Regexp // nil: only compare with the regexp
	}{
		{"Nous n’avons PAS reçu les plis.", envelopesNotReceived.Regexp()},
		{"nous n avons pas recu les plis", envelopesNotReceived.Regexp()},
		{"Nous navons toujours rien reçu", envelopesNotReceived.Regexp()},
		{"Les PLIS sont bien arrivés hier.", envelopesReceived.Regexp()},
		{"Les enveloppes sont déjà arrivées", envelopesReceived.Regexp()},
		{"Je ne sais pas si les plis sont arrivés", unsureWhether.Regexp()},
		{"Session TP Maçon du 12/10", trades[0].re.Regexp()},
		{"CONDUCTEUR D’ENGINS", trades[0].re.Regexp()},
		{"conducteurs dengins", trades[0].re.Regexp()},
		{"Le lien du DTE organisateur", linkNames[0].re.Regexp()},
		{"L'accès aux DTE candidats", linkNames[2].re.Regexp()},
		{"Ce n'est pas un CCP, pas d’un CCP non plus", notCCP.Regexp()},
		{"Certificat de compétences professionnelles", kindEvidence[5].re.Regexp()},
		{"Ré-validez votre compte sous 24h", phishAction.Regexp()},
		{"Bonjour, une question sur la session.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			norm := clean.Normalize(tt.text)
			sc := facts.Scan(norm)
			for _, r := range facts.Regexps() {
				re := r.Regexp()
				if got, want := sc.Match(r), re.MatchString(norm); got != want {
					t.Errorf("%s on %q: filtered %v, regexp %v", re, norm, got, want)
				}
				if got, want := sc.Count(r), len(re.FindAllStringIndex(norm, -1)); got != want {
					t.Errorf("%s on %q: filtered count %d, regexp %d", re, norm, got, want)
				}
				want := re.ReplaceAllStringFunc(norm, func(m string) string { return strings.Repeat(" ", len(m)) })
				if got := sc.Blank(r).S; got != want {
					t.Errorf("%s on %q: filtered blank %q, regexp %q", re, norm, got, want)
				}
			}
			if tt.want != nil && !tt.want.MatchString(norm) {
				t.Errorf("%s does not find %q", tt.want, norm)
			}
		})
	}
}
