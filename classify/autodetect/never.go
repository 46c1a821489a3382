package autodetect

import (
	"regexp"
	"strings"

	"mailbot/classify/clean"
	"mailbot/mailbot/mailmsg"
)

// systemSender is a rule on the sender's local part, in the spirit of the
// checks of Dovecot Pigeonhole's vacation extension (RFC 5230 section 4.6):
// list software, mail servers and addresses that say they read nothing.
type systemSender struct {
	reason string
	match  func(local string) bool
}

// systemSenders are tested against the From and Return-Path local parts.
var systemSenders = []systemSender{
	{"l'expéditeur est un serveur de messagerie", isDaemon},
	{"l'expéditeur est un logiciel de listes", func(l string) bool {
		return l == "listserv" || l == "majordomo" || l == "sympa" || strings.HasPrefix(l, "owner-") ||
			strings.HasSuffix(l, "-request") || strings.HasSuffix(l, "-owner") || strings.HasSuffix(l, "-bounces")
	}},
	{"l'expéditeur ne lit pas les réponses (no-reply)", func(l string) bool {
		for _, p := range []string{"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply", "nepasrepondre", "ne-pas-repondre", "ne_pas_repondre", "nereplypas"} {
			if strings.Contains(l, p) {
				return true
			}
		}
		return false
	}},
}

// NeverAnswer tells whether m must never receive an automatic answer, and
// why (SPEC section 6). It covers every rule of Detect (including the
// empty return path of RFC 5321 section 4.5.5 and RFC 3834 section 3.3),
// and senders that are mail servers, list software or no-reply addresses. The loop
// guard adds what needs state: our own addresses and the per-sender rate.
func NeverAnswer(m *mailmsg.Message) (bool, string) {
	if m == nil {
		return true, "pas de message"
	}
	if s := Detect(m); s.Kind != None {
		return true, s.Reason
	}
	if m.From.Address == "" && len(m.ReplyTo) == 0 {
		return true, "aucune adresse d'expéditeur à qui répondre"
	}
	if hasHeader("X-Loop")(m) {
		// Set by filters (procmail, Sieve, list servers) on mail they
		// sent or passed on, to stop loops: no answer, an agent reads it.
		return true, "en-tête X-Loop : transmis par un filtre ou un serveur de listes"
	}
	if forwardedNotice(m) {
		return true, "avis de non-remise transféré : pour un agent"
	}
	for _, addr := range []string{m.From.Address, m.ReturnPath} {
		if addr == "" {
			continue
		}
		l := localPart(addr)
		for _, s := range systemSenders {
			if s.match(l) {
				return true, s.reason + " (" + addr + ")"
			}
		}
	}
	return false, ""
}

// forwardPrefix is a forward marker at the start of a subject, in the
// languages centres' mail programs use, before the notice's own subject.
var forwardPrefix = regexp.MustCompile(`^(?:(?:re|tr|fw|fwd|wg|rv|i|enc|doorst|vs|vb)\s*(?:\[\d+\])?\s*:\s*)+`)

// forwardedNotice tells whether a person forwards a delivery failure or
// an automatic reply ("TR: Non remis…", "Fwd: Returned mail…"): what it is
// about is someone else's mail, so it is for an agent, never answered.
func forwardedNotice(m *mailmsg.Message) bool {
	subject := clean.Normalize(m.Subject)
	loc := forwardPrefix.FindStringIndex(subject)
	if loc == nil || loc[1] == 0 {
		return false
	}
	rest := subject[loc[1]:]
	return dsnSubject.MatchString(rest) || autoReplySubject.MatchString(rest)
}
