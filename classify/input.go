package classify

import (
	"mailbot/classify/clean"
	"mailbot/classify/prefilter"
	"mailbot/mailbot/mailmsg"
)

// Reading limits. What a person writes to GEV is at the top and short; a
// 1 MB pasted log or bounce must not cost seconds.
const (
	maxBodyBytes = 64 << 10 // body handed to clean.Split
	maxScanBytes = 4 << 10  // new text the patterns read
	maxDateBytes = 8 << 10  // quoted text searched for a session date
)

// input is what the rules read from one message.
type input struct {
	subject        string // without reply/forward prefixes
	reply, forward bool
	newText        string // what the sender wrote now
	quoted         string // quoted or forwarded earlier mail

	// normNew is newText clean.Normalize'd and scanned once for the
	// fact patterns, which several rules match against it.
	normNew     prefilter.Text
	normSubject string // clean.Normalize'd, for patterns
}

// readInput extracts the subject and splits the body. A forward whose own
// note says nothing is read through: the forwarded mail is the message.
func readInput(m *mailmsg.Message) input {
	text := m.Text
	if text == "" && m.HTML != "" {
		text = mailmsg.HTMLToText(m.HTML)
	}
	var in input
	in.subject, in.reply, in.forward = clean.SubjectInfo(m.Subject)
	in.newText, in.quoted = clean.Split(clean.Cut(text, maxBodyBytes))
	if in.forward && !in.reply && clean.Trivial(in.newText) && in.quoted != "" {
		in.newText, in.quoted = in.newText+"\n\n"+in.quoted, ""
	}
	in.normNew = facts.Scan(clean.Normalize(clean.Cut(in.newText, maxScanBytes)))
	in.normSubject = clean.Normalize(in.subject)
	return in
}

// NewText is the body as the model reads it: what the sender wrote now,
// without quoted history (a forward with an empty note keeps the
// forwarded mail). Stored with the subject as sent, it is read the same
// way again, which is what a training example of an agent's correction
// needs.
func NewText(m *mailmsg.Message) string {
	return readInput(m).newText
}
