// Package clean separates what a sender wrote now from what a message
// carries along (quoted replies, forwarded mail, signatures, disclaimers),
// and folds text and subjects so that French patterns can match them.
package clean

import (
	"strings"
	"unicode"
)

// Split separates text into what the sender wrote now and the quoted or
// forwarded earlier mail. It understands "Le … a écrit :" and "On … wrote:"
// attributions (also wrapped), Outlook "De : / Envoyé : / Objet :" blocks,
// "-----Message d'origine-----" and forward separators, and "> " quoting,
// including text written below a quote. Signatures, phone footers,
// disclaimers and the complimentary close are dropped from newText.
//
// When little or nothing was written above an explicit forward separator
// ("Message transféré", "Forwarded message"), the forwarded mail is what the
// sender means: it is appended to newText and quoted is empty.
func Split(text string) (newText, quoted string) {
	l := newLines(strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n"))
	cut, kind := l.findQuote()
	if cut < 0 {
		return joinTrim(l.stripTrailers(len(l.raw))), ""
	}
	own := l.stripTrailers(cut)
	rest := l.raw[cut:]
	if kind == markChevron || kind == markAttribution {
		var below []string
		if rest, below = l.splitBelowQuote(cut); hasWords(below) {
			all := append(own[:len(own):len(own)], below...)
			own = newLines(all).stripTrailers(len(all))
		}
	}
	if kind == markForward && Trivial(joinTrim(own)) {
		return joinTrim(append(append(own[:len(own):len(own)], ""), rest[1:]...)), ""
	}
	return joinTrim(own), joinTrim(rest)
}

// trivialWords is the most a note above a forward ("Pour info, voir
// ci-dessous") holds before it counts as a message of its own.
const trivialWords = 12

// Trivial tells whether text is too short to carry a request by itself,
// such as the one-line note above a forwarded mail.
func Trivial(text string) bool {
	return len(strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) })) < trivialWords
}

// splitBelowQuote handles "> " quoting from line cut on: the attribution
// line and the "> " lines are quoted, and unquoted lines written below them
// are the sender's (bottom posting) until another quoted mail starts. A
// block whose attribution is not followed by "> " lines (HTML converted to
// text) is quoted whole.
func (l lines) splitBelowQuote(cut int) (quoted, below []string) {
	start := cut
	if !l.quoted(cut) {
		start++
		for start < len(l.raw) && l.norm[start] == "" {
			start++
		}
		if start >= len(l.raw) || !l.quoted(start) {
			return l.raw[cut:], nil
		}
	}
	quoted = append(quoted, l.raw[cut:start]...)
	for i := start; i < len(l.raw); i++ {
		switch {
		case l.quoted(i):
			quoted = append(quoted, l.raw[i])
		case l.norm[i] == "":
			below = append(below, l.raw[i])
		case l.markAt(i) != markNone:
			return append(quoted, l.raw[i:]...), below
		default:
			below = append(below, l.raw[i])
		}
	}
	return quoted, below
}

// joinTrim joins lines and trims surrounding blank space.
func joinTrim(lines []string) string {
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// isWordRune reports letters and digits.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
