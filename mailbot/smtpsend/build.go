package smtpsend

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// autoResponseSuppress asks Exchange for no out-of-office or auto-reply
// answers but keeps delivery reports (see the package doc).
const autoResponseSuppress = "OOF, AutoReply"

// Build returns m as RFC 5322 bytes with CRLF line ends, dated now. The same
// m and now always give the same bytes.
func Build(m Mail, now time.Time) ([]byte, error) {
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("smtpsend: build mail: %w", err)
	}
	if now.IsZero() {
		return nil, errors.New("smtpsend: build mail: date: zero time")
	}
	boundary := boundaryFor(m.MessageID)
	if strings.Contains(m.Text, boundary) || strings.Contains(m.HTML, boundary) {
		return nil, fmt.Errorf("smtpsend: build mail %s: body contains the MIME boundary", m.MessageID)
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent(), gomail.WithBoundary(boundary))
	if err := setAddresses(msg, m); err != nil {
		return nil, fmt.Errorf("smtpsend: build mail %s: %w", m.MessageID, err)
	}
	setHeaders(msg, m, now)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("smtpsend: build mail %s: encode: %w", m.MessageID, err)
	}
	// SMTP ends the content with CRLF "." CRLF and adds the first CRLF when
	// missing (RFC 5321 section 4.1.1.4); ending with it here keeps the
	// stored copy byte-identical to what the server receives.
	if !bytes.HasSuffix(buf.Bytes(), []byte("\r\n")) {
		buf.WriteString("\r\n")
	}
	return buf.Bytes(), nil
}

// boundaryFor derives the multipart boundary from the Message-ID so Build is
// deterministic. go-mail writes the boundary parameter unquoted, so it must
// stay within RFC 2045 token characters.
func boundaryFor(messageID string) string {
	sum := sha256.Sum256([]byte(messageID))
	return "mailbot-" + hex.EncodeToString(sum[:16])
}

func setAddresses(msg *gomail.Msg, m Mail) error {
	if err := msg.FromFormat(m.From.Name, m.From.Address); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := msg.To(m.To...); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	if len(m.Cc) > 0 {
		if err := msg.Cc(m.Cc...); err != nil {
			return fmt.Errorf("cc: %w", err)
		}
	}
	return nil
}

// setHeaders sets the generic fields. go-mail traps avoided here: its
// SetMessageIDWithValue adds a second pair of angle brackets, and
// SetGenHeader joins several values with ", " (wrong for References, whose
// ids are separated by spaces) and rewrites the slice it is given.
func setHeaders(msg *gomail.Msg, m Mail, now time.Time) {
	msg.Subject(m.Subject)
	msg.SetDateWithValue(now)
	msg.SetGenHeader(gomail.HeaderMessageID, m.MessageID)
	if m.InReplyTo != "" {
		msg.SetGenHeader(gomail.HeaderInReplyTo, m.InReplyTo)
	}
	if len(m.References) > 0 {
		msg.SetGenHeader(gomail.HeaderReferences, strings.Join(m.References, " "))
	}
	auto := m.AutoSubmitted
	if auto == "" {
		auto = AutoReplied
	}
	msg.SetGenHeader("Auto-Submitted", auto)
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, autoResponseSuppress)
	for name, value := range m.Headers {
		msg.SetGenHeader(gomail.Header(textproto.CanonicalMIMEHeaderKey(name)), value)
	}
}
