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
	if !isASCII(s) {
		s = norm.NFD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r < utf8.RuneSelf && r > ' ' { // the common case: no table to look up
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(byte(r))
			continue
		}
		switch {
		case unicode.Is(unicode.Mn, r) || invisible[r]:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if f, ok := foldRunes[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
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
