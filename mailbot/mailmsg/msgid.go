package mailmsg

import "strings"

// parseMsgIDs extracts message ids (RFC 5322 section 3.6.4) from a
// Message-ID, In-Reply-To or References value and returns them as
// "<left@right>", without duplicates. It tolerates what mailers write in
// practice: ids split by folding white space, comments and phrases around
// them ("<id> (from Jean)"), missing brackets. Without brackets only tokens
// holding "@" count, unless single is set (Message-ID), where one bare token
// is accepted.
func parseMsgIDs(raw string, single bool) []string {
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		id = strings.Trim(strings.Join(strings.Fields(id), ""), "<>")
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		ids = append(ids, "<"+id+">")
	}
	rest := raw
	for {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			break
		}
		add(rest[i+1 : i+j])
		rest = rest[i+j+1:]
	}
	if len(ids) > 0 {
		return ids
	}
	tokens := strings.FieldsFunc(raw, func(r rune) bool {
		return r == ' ' || r == '\t' || r == ',' || r == ';' || r == '\r' || r == '\n'
	})
	for _, t := range tokens {
		if strings.Contains(t, "@") || single && len(tokens) == 1 {
			add(strings.Trim(t, "<>\"'()"))
		}
	}
	return ids
}
