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

	// WriteAgainFrom is the day from which missing plis are GEV's alarm;
	// WithinTwoWeeks is true from that day on (and after the session).
	WriteAgainFrom time.Time
	WithinTwoWeeks bool
}

// Urgent reports whether missing plis or links need an agent now: from two
// weeks before the session, or, for a CCP session, once its organiser link
// should already work (SPEC section 4: "from it on (or once a CCP link
// should already work) it is an urgent agent task"). A centre that only
// misses jury links that are not open yet should get a reply naming
// JuryOpens instead; the caller knows which link the centre means.
func (a Assessment) Urgent() bool {
	return a.WithinTwoWeeks || a.OrganiserLinkOpen
}

// Assess computes the dates of a session of kind k on the civil date
// session, as seen at the instant now. cal supplies working days.
func Assess(k Kind, session, now time.Time, cal *calendar.Calendar) Assessment {
	s := day(session)
	today := calendar.DateOf(now)
	a := Assessment{
		Kind:            k,
		Session:         s,
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
