package llm

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholders that replace what Redact removes.
const (
	EmailPlaceholder = "[courriel]"
	PhonePlaceholder = "[téléphone]"
)

var emailRE = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)

// phoneRE matches French numbers, national (01 46 29 25 54, 06.12.34.56.78,
// 0612345678) or international (+33 1 46 29 25 54, +33 (0)6…, 0033 1…),
// and other "+CC" numbers. A French number keeps one separator throughout,
// so a date followed by a time (01.02.2027 10:30) does not match.
var phoneRE = func() *regexp.Regexp {
	const space = `[ \x{00A0}\x{202F}]` // French typography uses no-break spaces
	pairs := `(?:(?:` + space + `\d{2}){4}|(?:\.\d{2}){4}|(?:-\d{2}){4}|\d{8})`
	french := `(?:(?:\+|00)33` + space + `?(?:\(0\)` + space + `?)?|0)[1-9]` + pairs
	other := `\+[1-9]\d{0,2}(?:[ \x{00A0}\x{202F}.\-]?\d{2,4}){3,5}`
	return regexp.MustCompile(french + `|` + other)
}()

// Redact replaces e-mail addresses with EmailPlaceholder and phone numbers
// with PhonePlaceholder, so that neither leaves the machine in a prompt.
// A digit run inside a longer number or word (a SIRET, a file reference)
// is left alone.
func Redact(s string) string {
	s = emailRE.ReplaceAllString(s, EmailPlaceholder)
	return replaceStandalone(s, phoneRE, PhonePlaceholder)
}

// replaceStandalone replaces the matches of re that are not glued to a
// letter or digit on either side. RE2 has no look-around, hence the check
// in code.
func replaceStandalone(s string, re *regexp.Regexp, repl string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if glued(s, m[0], m[1]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(repl)
		last = m[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// glued reports whether s[start:end] touches a letter or digit.
func glued(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	return isAlnum(before) || isAlnum(after)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
