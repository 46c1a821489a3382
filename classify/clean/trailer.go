package clean

import (
	"regexp"
	"strings"
)

// Patterns run over Normalize'd lines.
var (
	// mobileFooter is the line a phone client adds under the text.
	mobileFooter = regexp.MustCompile(`^(?:envoye (?:de|depuis|a partir de) (?:mon|ma|un|une|outlook)|sent from (?:my|outlook|mail)|sent with |telecharger outlook|get outlook for|obtenir outlook pour)`)
	// sigDelimiter is the RFC 3676 section 4.3 signature separator "-- ",
	// often sent without its trailing space.
	sigDelimiter = regexp.MustCompile(`^(?:--|__)\s*$`)
	// disclaimer starts the legal text some organisations append.
	disclaimer = regexp.MustCompile(`^(?:ce (?:message|courriel|mail|e-mail|email)(?: electronique)?(?: et (?:ses|les|toutes les|tous les) (?:pieces jointes|fichiers|documents)(?: joints)?)?,? (?:est|sont|ainsi|peut|peuvent|contient|contiennent)\b` +
		`|(?:avertissement|confidentialite|disclaimer)\s*:` +
		`|this (?:e-?mail|message)(?: and any (?:attachments|files))?(?: transmitted with it)? (?:is|are|may)\b` +
		`|(?:pensez|merci de penser) a l'environnement|afin de (?:contribuer|preserver).{0,40}environnement|avant d'imprimer)`)
	// closing is a complimentary close alone on its line, optionally after
	// a short thanks ("Merci et bonne journée,").
	closing = regexp.MustCompile(`^(?:(?:merci|je vous remercie)(?: beaucoup| bien| encore)?(?: d'avance| par avance)?[ ,.!]*(?:et )?)?` +
		`(?:(?:tres |bien |tres bien )?cordialement|cdlt|bien a (?:vous|toi)|(?:sinceres |meilleures |bien sinceres )?salutations(?: distinguees)?` +
		`|bonne (?:fin de )?(?:journee|soiree|semaine|week-end|weekend|continuation|apres-midi)|belle journee|a bientot|amities|merci` +
		`|(?:je vous prie|veuillez) (?:d'|de )?(?:agreer|recevoir).*|recevez.*salutations.*|dans l'attente de (?:votre|vous) .*|en vous remerciant.*)` +
		`(?: a (?:vous|tous))?[ ,.!]*$`)
)

// Signature limits: a tail longer than this, or holding a question, is
// body text and is kept.
const (
	maxSigLines   = 12
	maxSigLineLen = 100
)

// stripTrailers returns the first n lines without what follows the
// sender's own words: phone-client footers, signatures, disclaimers and
// the complimentary close. It never removes everything: when nothing would
// be left, the lines are kept.
func (l lines) stripTrailers(n int) []string {
	own := l.raw[:n]
	for i := range own {
		t := l.norm[i]
		if mobileFooter.MatchString(t) || sigDelimiter.MatchString(t) || disclaimer.MatchString(t) {
			if hasWords(own[:i]) {
				own = own[:i]
			}
			break
		}
	}
	if j := l.closingAt(len(own)); j >= 0 && hasWords(own[:j]) {
		own = own[:j]
	}
	return own
}

// closingAt returns the first complimentary-close line among the first n
// after which only a short signature follows, or -1.
func (l lines) closingAt(n int) int {
	for j := 0; j < n; j++ {
		if closing.MatchString(l.norm[j]) && looksLikeSignature(l.raw[j+1:n]) {
			return j
		}
	}
	return -1
}

// looksLikeSignature tells whether tail is a few short lines with no
// question: a name, a job title, a centre, a phone number.
func looksLikeSignature(tail []string) bool {
	count := 0
	for _, l := range tail {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		count++
		if count > maxSigLines || len(t) > maxSigLineLen || strings.Contains(t, "?") {
			return false
		}
	}
	return true
}

// hasWords tells whether some line holds a letter or digit.
func hasWords(lines []string) bool {
	for _, l := range lines {
		if strings.IndexFunc(l, isWordRune) >= 0 {
			return true
		}
	}
	return false
}
