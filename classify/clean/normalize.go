package clean

import (
	"strings"
	"unicode"

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
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
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
