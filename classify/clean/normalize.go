package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldRunes maps the characters that NFD decomposition leaves alone to the
// ASCII a pattern author types: ligatures, typographic quotes and dashes.
var foldRunes = map[rune]string{
	'œ': "oe", 'æ': "ae", 'ß': "ss", 'ø': "o", 'ł': "l", 'đ': "d",
	'’': "'", '‘': "'", '‛': "'", '´': "'", '`': "'", 'ʼ': "'",
	'“': `"`, '”': `"`, '«': `"`, '»': `"`, '„': `"`,
	'–': "-", '—': "-", '‐': "-", '‑': "-", '−': "-",
	'…': "...",
}

// invisible runes are dropped: they split words without being seen.
var invisible = map[rune]bool{'\u200b': true, '\u200c': true, '\u200d': true, '\ufeff': true, '\u00ad': true}

// Normalize folds s for pattern matching: lower case, accents removed
// (é→e, œ→oe, ’→'), every run of white space (including non-breaking
// spaces) turned into one space, leading and trailing space trimmed.
func Normalize(s string) string {
	s = strings.ToLower(s)
	if out, ok := fold(s, true); ok {
		return out
	}
	out, _ := fold(norm.NFD.String(s), false)
	return out
}

// fold folds s, decomposing each character on its own: NFD of the whole
// text when it decomposes alone, and no change to a text already in NFD.
// With alone, ok is false as soon as a character shows that s does not
// decompose alone (see decomposesAlone).
func fold(s string, alone bool) (out string, ok bool) {
	var f folder
	f.b.Grow(len(s))
	for i, r := range s {
		if r < utf8.RuneSelf {
			f.add(r)
			continue
		}
		p := norm.NFD.PropertiesString(s[i:])
		if alone && !decomposesAlone(r, p) {
			return "", false
		}
		d := p.Decomposition()
		if d == nil {
			f.add(r)
			continue
		}
		for _, c := range string(d) {
			f.add(c)
		}
	}
	return f.b.String(), true
}

// folder writes a normalised text, one decomposed character at a time.
type folder struct {
	b     strings.Builder
	space bool
}

func (f *folder) add(r rune) {
	if r < utf8.RuneSelf && r > ' ' { // the common case: no table to look up
		if f.space {
			f.b.WriteByte(' ')
			f.space = false
		}
		f.b.WriteByte(byte(r))
		return
	}
	switch {
	case unicode.Is(unicode.Mn, r) || invisible[r]:
		return
	case unicode.IsSpace(r):
		f.space = f.b.Len() > 0
		return
	}
	if f.space {
		f.b.WriteByte(' ')
		f.space = false
	}
	if s, ok := foldRunes[r]; ok {
		f.b.WriteString(s)
		return
	}
	f.b.WriteRune(r)
}

// decomposesAlone tells whether the non-ASCII character r, of properties
// p, lets NFD of a text be each character's own decomposition, one after
// the other: once decomposed it does not start with a combining mark that
// canonical ordering could move, it is not a Hangul syllable (decomposed
// by rule, not by table), and it is not invalid UTF-8. Mail in French
// passes, and skips a copy of the whole text.
func decomposesAlone(r rune, p norm.Properties) bool {
	return r != utf8.RuneError && (r < 0xAC00 || r > 0xD7A3) && p.LeadCCC() == 0
}
