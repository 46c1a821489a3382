package autodetect

import (
	"net/textproto"
	"regexp"
	"slices"
	"strings"

	"mailbot/classify/clean"
	"mailbot/mailbot/mailmsg"
)

// The helpers below build rule predicates from header names and values.

func hasHeader(keys ...string) func(*mailmsg.Message) bool {
	return func(m *mailmsg.Message) bool {
		for _, k := range keys {
			if _, ok := m.Header[textproto.CanonicalMIMEHeaderKey(k)]; ok {
				return true
			}
		}
		return false
	}
}

// hasHeaderPrefix matches any header whose canonical name starts with one
// of the prefixes (vendors number their fields: X-Mailjet-Campaign...).
func hasHeaderPrefix(prefixes ...string) func(*mailmsg.Message) bool {
	return func(m *mailmsg.Message) bool {
		for k := range m.Header {
			for _, p := range prefixes {
				if strings.HasPrefix(k, textproto.CanonicalMIMEHeaderKey(p)) {
					return true
				}
			}
		}
		return false
	}
}

// headerIs matches when the first word of the header value, lower case, is
// one of values.
func headerIs(key string, values ...string) func(*mailmsg.Message) bool {
	return func(m *mailmsg.Message) bool {
		return slices.Contains(values, firstWord(m.Header.Get(key)))
	}
}

// headerNot matches when the header is present with a value other than not.
func headerNot(key, not string) func(*mailmsg.Message) bool {
	return func(m *mailmsg.Message) bool {
		vs, ok := m.Header[textproto.CanonicalMIMEHeaderKey(key)]
		return ok && len(vs) > 0 && firstWord(vs[0]) != not
	}
}

// headerContains matches when the header value contains one of words.
func headerContains(key string, words ...string) func(*mailmsg.Message) bool {
	return func(m *mailmsg.Message) bool {
		v := strings.ToLower(m.Header.Get(key))
		if v == "" {
			return false
		}
		for _, w := range words {
			if strings.Contains(v, w) {
				return true
			}
		}
		return false
	}
}

func hasPart(types ...string) func(*mailmsg.Message) bool {
	return func(m *mailmsg.Message) bool {
		for _, t := range m.PartTypes {
			if slices.Contains(types, t) {
				return true
			}
		}
		return false
	}
}

// subjectMatches tests the raw subject, folded: prefixes such as "TR:" are
// kept so that a centre forwarding a bounce is not taken for the bounce.
func subjectMatches(re *regexp.Regexp) func(*mailmsg.Message) bool {
	return func(m *mailmsg.Message) bool { return re.MatchString(clean.Normalize(m.Subject)) }
}

// firstWord is the lower-case value up to the first space, ';' or '('.
func firstWord(v string) string {
	w := strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ';' || r == '(' || r == ' ' || r == '\t' })
	if len(w) == 0 {
		return ""
	}
	return w[0]
}

// localPart is the lower-case part of an address before the last '@'.
func localPart(addr string) string {
	addr = strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[:i]
	}
	return addr
}
