package bot

import (
	"slices"
	"strings"

	"mailbot/classify/clean"
	"mailbot/mailbot/authres"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

// Who may speak through the bot. An engineer's answer goes to the centre
// in the GEV's name, so it is relayed only when everything about it holds;
// a follow-up changes a conversation only when the centre wrote it.

// maxPendingRelay bounds the unverified answer kept for an agent: longer
// than this, it could not be relayed unchanged from the dashboard.
const maxPendingRelay = 64 << 10

// claimsEngineer tells whether the mail presents itself as an engineer's
// answer: its sender (however it was read) or its display name is an
// engineer, or it answers one of our mails to the engineers.
func (t *turn) claimsEngineer() bool {
	if t.bot.opts.Guard.IsEngineer(t.m.From.Address) || t.forwardAnswered() {
		return true
	}
	name := strings.ToLower(t.m.From.Name)
	for _, list := range t.bot.opts.Engineers {
		for _, a := range list {
			if strings.Contains(name, strings.ToLower(a)) {
				return true
			}
		}
	}
	return false
}

// distrust returns why an engineer's answer must not be relayed, "" when
// it may: From parses strictly to an engineer of the conversation's sector,
// the mail answers the forward (or reminder) we sent to that engineer, and
// the trusted receiving server reports no DKIM, SPF or DMARC failure for
// the sender's domain.
func (t *turn) distrust() string {
	from := t.m.From
	switch {
	case from.Address == "" || from.Lenient:
		return "son champ From n'est pas une adresse valide (lue seulement avec tolérance)"
	case !t.isSectorEngineer(t.conv.Sector):
		return from.Address + " n'est pas ingénieur du secteur " + t.conv.Sector
	case !slices.ContainsFunc(t.forwardsAnswered(), func(e state.Entry) bool { return containsAddr(e.To, from.Address) }):
		return "il ne répond pas (In-Reply-To/References) à notre mail à " + from.Address
	}
	if id := t.bot.opts.TrustedAuthservID; id != "" {
		if why := authres.Failure(t.m.Header.Values("Authentication-Results"), id, domainOf(from.Address)); why != "" {
			return why + " pour " + domainOf(from.Address)
		}
	}
	return ""
}

// forwardsAnswered are our mails to the engineers (forwards, reminders)
// whose Message-ID the mail's In-Reply-To or References holds.
func (t *turn) forwardsAnswered() []state.Entry {
	var out []state.Entry
	for _, e := range t.conv.Entries {
		if e.Kind == "out" && (e.Action == "forward" || e.Action == "reminder") && e.MessageID != "" &&
			(slices.Contains(t.m.InReplyTo, e.MessageID) || slices.Contains(t.m.References, e.MessageID)) {
			out = append(out, e)
		}
	}
	return out
}

func (t *turn) forwardAnswered() bool { return len(t.forwardsAnswered()) > 0 }

// fromCentre tells whether the mail comes from the conversation's centre:
// its address, or an address of its own domain (a colleague). At a public
// mail provider the domain says nothing about who writes.
func (t *turn) fromCentre() bool {
	from, centre := t.m.From.Address, t.conv.CentreAddress
	if from == "" || t.m.From.Lenient {
		return false
	}
	d := domainOf(from)
	return strings.EqualFold(from, centre) || strings.EqualFold(d, domainOf(centre)) && !publicMail[d]
}

// publicMail are mail providers where anyone may have an address: the
// ones French centres and their staff use most.
var publicMail = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "yahoo.fr": true, "yahoo.com": true, "hotmail.fr": true, "hotmail.com": true,
	"outlook.fr": true, "outlook.com": true, "live.fr": true, "live.com": true, "msn.com": true, "icloud.com": true, "me.com": true,
	"orange.fr": true, "wanadoo.fr": true, "free.fr": true, "sfr.fr": true, "neuf.fr": true, "laposte.net": true, "bbox.fr": true,
	"aol.com": true, "gmx.fr": true, "gmx.com": true, "protonmail.com": true, "proton.me": true,
}

// answerText is what a relay sends: the engineer's new text, without the
// quoted question.
func answerText(m *mailmsg.Message) string {
	answer, _ := clean.Split(m.Text)
	if strings.TrimSpace(answer) == "" {
		return m.Text
	}
	return answer
}

// replyAddress is where an answer to m goes: From, or Reply-To when it is
// in From's domain or in one of the allowed domains, so that a forged
// Reply-To cannot aim the bot at a third party.
func replyAddress(m *mailmsg.Message, allowed []string) string {
	from := m.From.Address
	for _, a := range m.ReplyTo {
		if a.Address == "" || a.Lenient {
			continue
		}
		d := domainOf(a.Address)
		if from != "" && strings.EqualFold(d, domainOf(from)) || slices.ContainsFunc(allowed, func(x string) bool { return strings.EqualFold(x, d) }) {
			return a.Address
		}
	}
	return from
}

// domainOf is the part of an address after its last '@' ("" without one).
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(addr[i+1:])
	}
	return ""
}
