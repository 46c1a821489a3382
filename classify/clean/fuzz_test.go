package clean

import (
	"strings"
	"testing"
)

// splitSlack allows for the blank line Split puts between a note and the
// forwarded mail it promotes.
const splitSlack = 2

// FuzzSplit checks that Split never panics and never invents text.
// Seeds live in testdata/fuzz/FuzzSplit.
func FuzzSplit(f *testing.F) {
	f.Add("Bonjour,\n\nLe 3 mai 2027 à 16:02, X <x@y> a écrit :\n> texte\n")
	f.Fuzz(func(t *testing.T, in string) {
		newText, quoted := Split(in)
		if len(newText)+len(quoted) > len(in)+splitSlack {
			t.Errorf("Split grew the text: %d+%d bytes from %d", len(newText), len(quoted), len(in))
		}
		_ = Subject(in)
		if n := Normalize(in); strings.Contains(n, "  ") {
			t.Errorf("Normalize left a double space in %q", n)
		}
	})
}
