// Package loopguard decides whether the bot may send an automatic mail to
// the sender of a message (SPEC section 6, RFC 3834 section 2): never to a
// machine, never to ourselves or the engineers as if they were a centre,
// and never more than a few times a day to one address, so that two
// responders cannot answer each other forever.
package loopguard

import (
	"fmt"
	"strings"
	"time"

	"mailbot/classify/autodetect"
	"mailbot/mailbot/mailmsg"
)

// Counter counts the automatic replies already sent to an address.
type Counter interface {
	RepliesSince(addr string, since time.Time) (int, error)
}

// Guard holds the addresses that are never answered as centres.
type Guard struct {
	own       map[string]bool
	engineers map[string]bool
	maxPerDay int
	counter   Counter
}

// New builds a guard. own are our addresses (sector mailboxes, agents);
// engineers are every sector's engineers; maxPerDay caps automatic replies
// to one address over 24 hours (0 means no cap).
func New(own, engineers []string, maxPerDay int, counter Counter) *Guard {
	return &Guard{own: set(own), engineers: set(engineers), maxPerDay: maxPerDay, counter: counter}
}

func set(addrs []string) map[string]bool {
	m := make(map[string]bool, len(addrs))
	for _, a := range addrs {
		m[strings.ToLower(strings.TrimSpace(a))] = true
	}
	return m
}

// IsEngineer tells whether addr is one of the engineers.
func (g *Guard) IsEngineer(addr string) bool { return g.engineers[strings.ToLower(addr)] }

// MaxPerDay is the cap on automatic replies to one address in 24 hours
// (0: none). A commit recording a reply carries it, so that the state
// file refuses a reply that another message's reply, committed since
// MayAnswer counted, pushes over the cap.
func (g *Guard) MaxPerDay() int {
	if g.counter == nil {
		return 0
	}
	return g.maxPerDay
}

// MayAnswer tells whether an automatic mail may go to `to` in answer to m
// at now; when it may not, the reason says why, in French for the agents.
func (g *Guard) MayAnswer(m *mailmsg.Message, to string, now time.Time) (bool, string, error) {
	if never, why := autodetect.NeverAnswer(m); never {
		return false, why, nil
	}
	to = strings.ToLower(to)
	switch {
	case to == "":
		return false, "aucune adresse à qui répondre", nil
	case g.own[to]:
		return false, "l'expéditeur est une de nos propres adresses", nil
	case g.engineers[to]:
		return false, "l'expéditeur est un ingénieur de formation, pas un centre", nil
	}
	if g.maxPerDay <= 0 || g.counter == nil {
		return true, "", nil
	}
	n, err := g.counter.RepliesSince(to, now.Add(-24*time.Hour))
	if err != nil {
		return false, "", fmt.Errorf("count replies to %s: %w", to, err)
	}
	if n >= g.maxPerDay {
		return false, fmt.Sprintf("déjà %d réponses automatiques à %s en 24 h (limite %d)", n, to, g.maxPerDay), nil
	}
	return true, "", nil
}
