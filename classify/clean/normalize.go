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
	if !isASCII(s) && !decomposesAlone(s) {
		s = norm.NFD.String(s)
	}
	var f folder
	f.b.Grow(len(s))
	for i, r := range s {
		if r < utf8.RuneSelf {
			f.add(r)
			continue
		}
		// Each character's own decomposition: NFD of the whole text when
		// decomposesAlone, and no change to a text already in NFD.
		d := norm.NFD.PropertiesString(s[i:]).Decomposition()
		if d == nil {
			f.add(r)
			continue
		}
		for _, c := range string(d) {
			f.add(c)
		}
	}
	return f.b.String()
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

// decomposesAlone tells whether NFD of s is each character's own
// decomposition, one after the other: no character, once decomposed,
// starts with a combining mark that canonical ordering could move, none is
// a Hangul syllable (decomposed by rule, not by table), and s is valid
// UTF-8. Mail in French passes, and skips a copy of the whole text.
func decomposesAlone(s string) bool {
	for i, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if r == utf8.RuneError || r >= 0xAC00 && r <= 0xD7A3 || norm.NFD.PropertiesString(s[i:]).LeadCCC() != 0 {
			return false
		}
	}
	return true
}

// isASCII tells whether s needs no Unicode decomposition.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
