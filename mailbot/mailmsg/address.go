package mailmsg

import (
	"regexp"
	"strings"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// addrSpec matches a plausible addr-spec (RFC 5322 section 3.4.1) inside
// text that the strict parser rejected.
var addrSpec = regexp.MustCompile(`[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*`)

// addressList parses every key field as an address list. When the list is
// malformed (unquoted commas, 8-bit names, missing brackets...) addresses
// are extracted leniently so that the sender is still known.
func (p *parser) addressList(h textproto.Header, key string) []Address {
	raw := validUTF8(strings.Join(h.Values(key), ", "))
	if strings.TrimSpace(raw) == "" {
		return nil
	}
	list, err := mail.ParseAddressList(raw)
	if err != nil {
		// The go-message error is English and says less than the raw
		// field, which the agent sees.
		p.problemf("adresses mal formées dans l'en-tête %s ; extraites au mieux", key)
		list := extractAddresses(raw)
		for i := range list {
			list[i].Lenient = true
		}
		return list
	}
	out := make([]Address, 0, len(list))
	for _, a := range list {
		out = append(out, Address{Name: a.Name, Address: strings.ToLower(a.Address)})
	}
	return out
}

// extractAddresses finds the addresses of a malformed list. The text
// before each one, back to the previous address, is its display name, so an
// unquoted "Dupont, Jean <j@x>" keeps its comma. Bounces write senders
// without a domain ("MAILER-DAEMON <>", "<MAILER-DAEMON>", "mailer-daemon"):
// what stands between the brackets, or a lone word, is kept as the address.
func extractAddresses(raw string) []Address {
	if word := strings.TrimSpace(raw); !strings.ContainsAny(word, " \t\",;<>()") {
		return []Address{{Address: strings.ToLower(word)}}
	}
	var out []Address
	pending := ""
	for _, chunk := range splitUnquoted(raw) {
		name, addr, ok := splitAddress(chunk)
		if !ok {
			pending += chunk + ","
			continue
		}
		name = strings.Trim(pending+name, " \t\"'<>,;()")
		if decoded, err := wordDecoder.DecodeHeader(name); err == nil {
			name = decoded
		}
		out = append(out, Address{Name: name, Address: strings.ToLower(addr)})
		pending = ""
	}
	if name := strings.Trim(pending, " \t\"',;"); len(out) == 0 && name != "" {
		out = append(out, Address{Name: name})
	}
	return out
}

// splitAddress cuts one chunk of a list into display name and address.
func splitAddress(chunk string) (name, addr string, ok bool) {
	if loc := addrSpec.FindStringIndex(chunk); loc != nil {
		return chunk[:loc[0]] + " " + chunk[loc[1]:], chunk[loc[0]:loc[1]], true
	}
	if before, rest, found := strings.Cut(chunk, "<"); found {
		inner, _, _ := strings.Cut(rest, ">")
		return before, strings.TrimSpace(inner), true
	}
	return "", "", false
}

// splitUnquoted cuts s after each address: at commas and semicolons
// outside double quotes, and after each closing angle bracket.
func splitUnquoted(s string) []string {
	var parts []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';'):
			parts = append(parts, s[start:i])
			start = i + 1
		case !quoted && c == '>':
			parts = append(parts, s[start:i+1])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// returnPath reads the first Return-Path field (RFC 5321 section 4.4): the
// null path "<>" of bounces and auto-replies gives "" with present = true.
func returnPath(h textproto.Header) (addr string, present bool) {
	if !h.Has("Return-Path") {
		return "", false
	}
	raw := strings.TrimSpace(h.Get("Return-Path"))
	if i := strings.IndexByte(raw, '<'); i >= 0 {
		raw = raw[i+1:]
		if j := strings.IndexByte(raw, '>'); j >= 0 {
			raw = raw[:j]
		}
	}
	return strings.ToLower(strings.TrimSpace(raw)), true
}
