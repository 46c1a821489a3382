package clean

import (
	"regexp"
	"strings"
)

// subjectPrefix matches one reply or forward marker at the start of a
// subject, in the spellings of French, English and German mail clients
// ("RE:", "Re :", "TR:", "Fwd:", "AW:", "Réf :", "RE[2]:", "[EXT]").
var subjectPrefix = regexp.MustCompile(`(?i)^[\s\x{a0}\x{202f}]*(?:` +
	`(re|aw|sv|antw|r[ée]f|r[ée]p|tr|fwd?|wg|enc|rv)[\s\x{a0}\x{202f}]*(?:\[\d+\]|\(\d+\))?[\s\x{a0}\x{202f}]*[:：]` +
	`|\[(?:ext|externe?|external|ext[ée]rieur)\]` +
	`)[\s\x{a0}\x{202f}]*`)

// forwardWords are the prefixes that mean the message forwards another one.
var forwardWords = map[string]bool{"tr": true, "fw": true, "fwd": true, "wg": true, "enc": true, "rv": true}

// SubjectInfo strips every reply/forward prefix from s and tells which kinds
// were found. A subject such as "RE: TR: Plis" is both a reply and a forward.
func SubjectInfo(s string) (core string, reply, forward bool) {
	for {
		m := subjectPrefix.FindStringSubmatchIndex(s)
		if m == nil || m[1] == 0 {
			return strings.TrimSpace(s), reply, forward
		}
		if m[2] >= 0 {
			word := strings.ToLower(s[m[2]:m[3]])
			if forwardWords[word] {
				forward = true
			} else {
				reply = true
			}
		}
		s = s[m[1]:]
	}
}

// Subject returns s without its reply and forward prefixes.
func Subject(s string) string {
	core, _, _ := SubjectInfo(s)
	return core
}
