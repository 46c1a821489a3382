package clean

import "unicode/utf8"

// Cut returns s cut to at most n bytes, on a rune boundary, so that a
// bounded look at a long text never splits a character.
func Cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
