package deadlines

import (
	"fmt"
	"time"

	"mailbot/mailbot/calendar"
)

// Kind is the kind of DTE a session uses.
type Kind int

// The two kinds of DTE.
const (
	// TP is a full title's DTE: plis shipped by post (sector mailboxes).
	TP Kind = iota + 1
	// CCP is a certificate's DTE: digital links from the automaton
	// (epreuves-ccp).
	CCP
)

// String names the kind as GEV does.
func (k Kind) String() string {
	switch k {
	case TP:
		return "TP"
	case CCP:
		return "CCP"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Assessment is everything a reply about one session may need to say.
// Dates are civil dates; OrganiserOpens and JuryOpens are Paris instants.
// Fields that do not apply to the kind are zero.
type Assessment struct {
	Kind    Kind
	Session time.Time
	// Now is the moment assessed, in Paris.
	Now time.Time
	// DaysToSession counts calendar days from today (Paris) to the
	// session: 0 on the day, negative once it has passed.
	DaysToSession int
	// Past is true once the session day is over.
	Past bool

	// RequestDeadline is the last day to request the DTE in CERES;
	// RequestTooLate is true after it.
	RequestDeadline time.Time
	RequestTooLate  bool

	// ShipFrom and ShipTo bound when a TP order is shipped (6 to 5 weeks
	// before). ShipWindowOver is true after ShipTo: the plis should be on
	// their way.
	ShipFrom, ShipTo time.Time
	ShipWindowOver   bool

	// OrganiserOpens and JuryOpens are when the CCP links become active
	// (08:00 Paris on the opening day). OrganiserLinkOpen and
	// JuryLinksOpen tell whether they should already work now.
	OrganiserOpens, JuryOpens        time.Time
	OrganiserLinkOpen, JuryLinksOpen bool

	// WriteAgainFrom is the day from which missing plis or links are
	// GEV's alarm; WithinTwoWeeks is true from that day on (and after the
	// session). SPEC section 4 makes a missing-envelopes message urgent
	// from then, or once the link the centre lacks should already work;
	// a link not due yet gets a reply naming its opening instead.
	WriteAgainFrom time.Time
	WithinTwoWeeks bool
}

// Link is one of a DTE CCP's links, or all of them.
type Link int

// The links of a DTE CCP (SPEC section 4). Jury and candidate links open
// together.
const (
	// AllLinks: the centre names none; every link works once the last opens.
	AllLinks Link = iota
	// Organiser: the organiser link, 60 days before the session.
	Organiser
	// JuryAndCandidates: the jury and candidate links, 5 working days before.
	JuryAndCandidates
)

// Opens is when link l becomes usable: the automaton's first run on its
// opening day. For AllLinks it is the last opening.
func (a Assessment) Opens(l Link) time.Time {
	if l == Organiser {
		return a.OrganiserOpens
	}
	return a.JuryOpens
}

// Due reports whether link l should already work at the assessment's
// moment: never before its opening run (at 07:30 on the opening day a
// link is not due; at 08:00 it is).
func (a Assessment) Due(l Link) bool {
	return a.Kind == CCP && !a.Now.Before(a.Opens(l))
}

// Assess computes the dates of a session of kind k on the civil date
// session, as seen at the instant now. cal supplies working days.
func Assess(k Kind, session, now time.Time, cal *calendar.Calendar) Assessment {
	s := calendar.DateOf(session)
	today := calendar.DateOf(now)
	a := Assessment{
		Kind:            k,
		Session:         s,
		Now:             now.In(calendar.Paris),
		DaysToSession:   int(s.Sub(today).Hours() / 24),
		Past:            today.After(s),
		RequestDeadline: RequestDeadline(s),
		WriteAgainFrom:  WriteAgainFrom(s),
	}
	a.RequestTooLate = today.After(a.RequestDeadline)
	a.WithinTwoWeeks = !today.Before(a.WriteAgainFrom)
	switch k {
	case TP:
		a.ShipFrom, a.ShipTo = ShippingWindow(s)
		a.ShipWindowOver = today.After(a.ShipTo)
	case CCP:
		a.OrganiserOpens = OrganiserOpens(s)
		a.JuryOpens = JuryOpens(s, cal)
		a.OrganiserLinkOpen = !now.Before(a.OrganiserOpens)
		a.JuryLinksOpen = !now.Before(a.JuryOpens)
	}
	return a
}
