package clean

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// nfdNormalize is Normalize as first written: NFD of the whole text, then
// folded. Normalize decomposes character by character when that gives the
// same text; it must give the same answer on any text.
func nfdNormalize(s string) string {
	s = norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < utf8.RuneSelf && r > ' ' {
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

func TestNormalizeIsNFDFolded(t *testing.T) {
	texts := []string{
		"Nous n’avons PAS reçu les plis — session du 12/10 « CCP » cœur Straße",
		"e\u0301te\u0301 (accents written apart)", "\u0301 leading mark", "a\u0323\u0302 marks to reorder",
		"한국어 Hangul", "invalid \xff\xfe bytes é", "\ufffd replacement", "zero\u200bwidth\u00a0nbsp",
		"ǅ ǈ ǋ title-case digraphs", "ᾼ Greek ᾳ", "ﬁ ligature",
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0x3400 && r%61 != 0 || !utf8.ValidRune(r) {
			continue
		}
		c := string(r)
		texts = append(texts, c, "É"+c+"e\u0301", c+"\u0327\u0301")
	}
	for _, s := range texts {
		if got, want := Normalize(s), nfdNormalize(s); got != want {
			t.Errorf("Normalize(%q) = %q, NFD then fold gives %q", s, got, want)
		}
	}
}

func FuzzNormalizeIsNFDFolded(f *testing.F) {
	f.Add("Nous n’avons PAS reçu les plis")
	f.Add("a\u0323\u0302 e\u0301")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Normalize(s), nfdNormalize(s); got != want {
			t.Errorf("Normalize(%q) = %q, NFD then fold gives %q", s, got, want)
		}
	})
}
