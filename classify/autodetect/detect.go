package autodetect

import "mailbot/mailbot/mailmsg"

// Detect says whether headers or MIME structure show that m was sent by a
// machine, trying bounces first, then feedback reports, automatic replies
// and bulk mail. A nil message has no signal.
func Detect(m *mailmsg.Message) Signal {
	if m == nil {
		return Signal{}
	}
	for _, r := range rules {
		if r.match(m) {
			return Signal{Kind: r.kind, Reason: r.reason}
		}
	}
	return Signal{}
}
