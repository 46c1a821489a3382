package smtpsink

import (
	"bytes"
	"mime"
	"net/mail"
	"time"
)

// Received is one message the sink accepted.
type Received struct {
	From string   // MAIL FROM address, "" for the null reverse-path
	To   []string // RCPT TO addresses, in order
	Raw  []byte   // the message exactly as received, CRLF line ends
	// Header is the parsed header; nil when the bytes are not RFC 5322.
	Header mail.Header
	At     time.Time // when the final "250" was decided
	TLS    bool      // the message came over TLS (implicit or STARTTLS)
}

// newReceived parses raw; a header that does not parse leaves Header nil
// because the sink records whatever a client sends.
func newReceived(from string, to []string, raw []byte, overTLS bool) Received {
	r := Received{From: from, To: to, Raw: raw, At: time.Now(), TLS: overTLS}
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		r.Header = msg.Header
	}
	return r
}

// Subject returns the Subject header decoded from RFC 2047 encoded words,
// or the raw value when it cannot be decoded.
func (r Received) Subject() string {
	raw := r.Header.Get("Subject")
	dec := new(mime.WordDecoder)
	s, err := dec.DecodeHeader(raw)
	if err != nil {
		return raw
	}
	return s
}
