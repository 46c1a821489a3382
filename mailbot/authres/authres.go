// Package authres reads the Authentication-Results header field (RFC 8601)
// that the receiving mail server adds after checking DKIM, SPF and DMARC,
// and tells whether it reports a failure for a sender's domain.
//
// Anyone can write an Authentication-Results field into a mail, so only the
// topmost field of the trusted server counts: the receiving server adds its
// own above everything the sender wrote (RFC 8601 section 5).
package authres

import (
	"strings"
)

// Result is one "method=result" statement of a field, with its properties
// ("header.from" → "afpa.fr").
type Result struct {
	Method, Value string
	Props         map[string]string
}

// Parse reads one field value into its authserv-id and results. It never
// fails: what it cannot read is left out.
func Parse(v string) (authservID string, results []Result) {
	parts := strings.Split(stripComments(v), ";")
	id := strings.Fields(parts[0])
	if len(id) > 0 {
		authservID = strings.ToLower(id[0])
	}
	for _, p := range parts[1:] {
		var r Result
		for _, tok := range strings.Fields(p) {
			k, val, ok := strings.Cut(tok, "=")
			if !ok {
				continue
			}
			k, val = strings.ToLower(k), strings.ToLower(strings.Trim(val, `"`))
			if r.Method == "" {
				r.Method, r.Value = strings.SplitN(k, "/", 2)[0], val // "dkim/1=pass": a method version
				continue
			}
			if r.Props == nil {
				r.Props = map[string]string{}
			}
			r.Props[k] = val
		}
		if r.Method != "" {
			results = append(results, r)
		}
	}
	return authservID, results
}

// stripComments removes RFC 5322 comments, "(…)", nested or not, outside
// quoted strings.
func stripComments(s string) string {
	var b strings.Builder
	depth, quoted, escaped := 0, false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"' && depth == 0:
			quoted = !quoted
		case r == '(' && !quoted:
			depth++
			continue
		case r == ')' && !quoted && depth > 0:
			depth--
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checked are the methods whose failure makes a sender untrustworthy.
var checked = map[string]bool{"dkim": true, "spf": true, "dmarc": true}

// Failure reads fields (every Authentication-Results value, topmost first)
// and returns, in words, the DKIM, SPF or DMARC failure that the topmost
// field of authservID reports for domain; "" when it reports none, or when
// there is no such field.
func Failure(fields []string, authservID, domain string) string {
	authservID, domain = strings.ToLower(authservID), strings.ToLower(domain)
	for _, f := range fields {
		id, results := Parse(f)
		if id != authservID {
			continue
		}
		for _, r := range results {
			if checked[r.Method] && r.Value == "fail" && concerns(r, domain) {
				return r.Method + "=fail selon " + id
			}
		}
		return "" // only the topmost field of the trusted server counts
	}
	return ""
}

// concerns tells whether a result is about domain: its identity property
// (header.from, header.d, header.i, smtp.mailfrom) names domain, a parent
// of it, or a subdomain. A result that names no identity counts.
func concerns(r Result, domain string) bool {
	named := false
	for _, k := range []string{"header.from", "header.d", "header.i", "smtp.mailfrom"} {
		v, ok := r.Props[k]
		if !ok {
			continue
		}
		named = true
		if i := strings.LastIndexByte(v, '@'); i >= 0 {
			v = v[i+1:]
		}
		if v == domain || strings.HasSuffix(domain, "."+v) || strings.HasSuffix(v, "."+domain) {
			return true
		}
	}
	return !named
}
