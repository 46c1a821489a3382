// Package autodetect recognises machine-sent mail (delivery status
// notifications, abuse feedback reports, automatic replies, bulk mail) from
// headers and MIME structure, before any text is read, and says which
// messages must never be answered (SPEC section 6, RFC 3834).
package autodetect

// Kind is what the headers say about who sent a message.
type Kind int

// The kinds, from the strongest evidence to the weakest. Detect tries them
// in about this order (see rules): a bounce that also carries
// "Auto-Submitted: auto-replied" is a bounce, and a vacation reply that
// also says "Precedence: bulk" is an automatic reply.
const (
	None      Kind = iota // nothing automatic was seen
	Bounce                // delivery status notification (RFC 3464)
	Feedback              // abuse feedback report (RFC 5965, ARF)
	AutoReply             // out-of-office and other automatic replies (RFC 3834)
	Bulk                  // mailing lists, newsletters, campaigns
)

// String names the kind in lower case, as in logs.
func (k Kind) String() string {
	switch k {
	case Bounce:
		return "bounce"
	case Feedback:
		return "feedback"
	case AutoReply:
		return "auto-reply"
	case Bulk:
		return "bulk"
	}
	return "none"
}

// Signal is the verdict of Detect.
type Signal struct {
	Kind   Kind
	Reason string // in French, for the agents; "" when Kind is None
}
