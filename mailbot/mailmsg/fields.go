package mailmsg

import (
	"fmt"
	"io"
	"mime"
	nettextproto "net/textproto"

	"github.com/emersion/go-message/charset"
	"github.com/emersion/go-message/textproto"
)

// Get returns the first decoded value of the header field key, "" when the
// field is missing. Key case does not matter.
func (m *Message) Get(key string) string {
	return m.Header.Get(key)
}

// wordDecoder decodes RFC 2047 encoded words in any charset go-message
// knows. Its error names an unknown charset in French, for Problems.
var wordDecoder = mime.WordDecoder{CharsetReader: func(cs string, r io.Reader) (io.Reader, error) {
	cr, err := charset.Reader(cs, r)
	if err != nil {
		return nil, fmt.Errorf("jeu de caractères inconnu %q", cs)
	}
	return cr, nil
}}

// fillHeaderFields decodes the top-level header into the Message fields.
func (p *parser) fillHeaderFields(h textproto.Header) {
	m := p.m
	m.Header = make(nettextproto.MIMEHeader, h.Len())
	for f := h.Fields(); f.Next(); {
		m.Header[f.Key()] = append(m.Header[f.Key()], p.decodeWords(f.Key(), f.Value()))
	}
	m.Subject = m.Get("Subject")
	if ids := parseMsgIDs(h.Get("Message-Id"), true); len(ids) > 0 {
		m.MessageID = ids[0]
	}
	m.InReplyTo = parseMsgIDs(h.Get("In-Reply-To"), false)
	m.References = parseMsgIDs(h.Get("References"), false)
	if from := p.addressList(h, "From"); len(from) > 0 {
		m.From = from[0]
	}
	m.ReplyTo = p.addressList(h, "Reply-To")
	m.To = p.addressList(h, "To")
	m.Cc = p.addressList(h, "Cc")
	m.ReturnPath, m.HasReturnPath = returnPath(h)
	if raw := h.Get("Date"); raw != "" {
		var ok bool
		if m.Date, ok = parseDate(raw); !ok {
			p.problemf("en-tête Date illisible : %.60q", raw)
		}
	}
}

// decodeWords decodes RFC 2047 encoded words in a header value. When a word
// names an unknown charset the raw value is kept, as the field is still
// useful to a human reading it.
func (p *parser) decodeWords(key, raw string) string {
	s, err := wordDecoder.DecodeHeader(raw)
	if err != nil {
		p.problemf("en-tête %s : %v ; laissé non décodé", key, err)
		s = raw
	}
	return validUTF8(s)
}
