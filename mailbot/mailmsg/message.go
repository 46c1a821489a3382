// Package mailmsg turns one raw RFC 5322 message into the decoded fields the
// bot reasons about. Parsing never fails: what cannot be read is recorded in
// Problems and the rest of the message is kept.
package mailmsg

import (
	"net/textproto"
	"time"
)

// Address is one mailbox of an address header, decoded (RFC 2047 names).
type Address struct {
	Name    string
	Address string // lower-cased addr-spec, "" when unreadable
	// Lenient tells that the header did not parse as RFC 5322 and the
	// address was guessed from its text: good enough to read, never to
	// trust as a sender's identity.
	Lenient bool
}

// Attachment describes a part that is not the body. Its content is never
// kept in memory: only its size is counted while it streams past.
type Attachment struct {
	Filename    string
	ContentType string
	Size        int64
}

// Message is a parsed mail. Header values are decoded; the raw bytes are not
// kept, only their digest.
type Message struct {
	// Header holds every header field, decoded to UTF-8, keys canonical
	// (textproto.CanonicalMIMEHeaderKey).
	Header textproto.MIMEHeader

	MessageID  string   // "<id@host>" with angle brackets, "" when missing
	InReplyTo  []string // message ids, with angle brackets
	References []string // message ids, with angle brackets, oldest first
	From       Address
	ReplyTo    []Address
	To         []Address
	Cc         []Address
	ReturnPath string // addr-spec of Return-Path; "<>" stays "" and HasReturnPath tells it was present
	// HasReturnPath is true when a Return-Path header exists (even empty "<>").
	HasReturnPath bool
	Subject       string
	Date          time.Time // zero when missing or unreadable

	// MediaType is the top-level content type, lower case ("multipart/report").
	MediaType string
	// ReportType is the report-type parameter of a multipart/report.
	ReportType string
	// PartTypes lists the media types of every part met, in order, lower case
	// (e.g. "message/delivery-status", "message/feedback-report").
	PartTypes []string

	// Text is the body the sender wrote: the first text/plain part, or the
	// first text/html part turned into text when there is no plain part.
	Text string
	// FromHTML tells that Text was derived from HTML.
	FromHTML bool
	// HTML is the raw (decoded) HTML body when there is one, for display.
	HTML string

	Attachments []Attachment
	// EnclosedIDs are the Message-IDs of messages carried inside this one
	// (message/rfc822 parts): for a bounce, the mail that was not delivered.
	EnclosedIDs []string

	// Size is the number of raw bytes read.
	Size int64
	// Digest is the hex SHA-256 of the raw bytes: two messages with the same
	// Message-ID but different bytes are different messages.
	Digest string
	// Problems lists what could not be read, in French for the agents
	// (`jeu de caractères inconnu "x-foo" dans la partie 2 ; ...`).
	Problems []string
}
