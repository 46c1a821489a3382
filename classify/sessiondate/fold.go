package sessiondate

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// text is a mail text prepared for matching: folded holds one ASCII byte
// per rune of orig, so an offset found in folded indexes orig too. That
// one-to-one mapping is why this does not reuse classify/clean.Normalize,
// which collapses spaces and expands ligatures.
type text struct {
	orig   []rune
	folded string
}

// foldOne maps runes that NFD does not reduce to ASCII.
var foldOne = map[rune]byte{
	'œ': 'o', 'æ': 'a', 'ß': 's', 'ø': 'o',
	'’': '\'', '‘': '\'', 'ʼ': '\'', '´': '\'', '`': '\'',
	'«': '"', '»': '"', '“': '"', '”': '"',
	'–': '-', '—': '-', '‐': '-', '‑': '-', '−': '-',
	'°': 'o', 'º': 'o', '\r': ' ', '\t': ' ',
}

// prepare folds s: lower case, accents dropped, typographic marks made
// ASCII, anything else non-ASCII turned into '~', and quote markers ('>' at
// the start of a line) blanked so wrapped quoted sentences read on.
func prepare(s string) text {
	orig := []rune(s)
	b := make([]byte, len(orig))
	lineStart := true
	for i, r := range orig {
		c := foldRune(r)
		if lineStart && (c == '>' || c == ' ') {
			c = ' '
		} else {
			lineStart = false
		}
		if c == '\n' {
			lineStart = true
		}
		b[i] = c
	}
	return text{orig: orig, folded: string(b)}
}

func foldRune(r rune) byte {
	r = unicode.ToLower(r)
	if r < 0x80 {
		return byte(r)
	}
	if c, ok := foldOne[r]; ok {
		return c
	}
	if unicode.IsSpace(r) {
		return ' ' // non-breaking and thin spaces
	}
	if base := []rune(norm.NFD.String(string(r))); len(base) > 0 && base[0] < 0x80 {
		return byte(base[0])
	}
	return '~'
}

// snippetMax is the longest quote a reason carries, in runes.
const snippetMax = 70

// snippet returns orig[from:to] on one line, spaces collapsed, a final
// full stop dropped, and its middle elided when it is long.
func (t text) snippet(from, to int) string {
	s := []rune(strings.TrimSuffix(strings.Join(strings.Fields(string(t.orig[from:to])), " "), "."))
	if len(s) > snippetMax {
		s = append(append(s[:25:25], []rune(" … ")...), s[len(s)-40:]...)
	}
	return string(s)
}
