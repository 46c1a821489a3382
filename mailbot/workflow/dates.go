package workflow

import (
	"fmt"
	"time"

	"mailbot/mailbot/deadlines"
)

// dates computes SPEC section 4's dates for a session and adds the reason
// an agent wants to read first: how far away the session is.
func (p Policy) dates(isCCP bool, session time.Time, in Input) (Dates, string) {
	kind := deadlines.TP
	if isCCP {
		kind = deadlines.CCP
	}
	a := deadlines.Assess(kind, session, in.Now, p.Calendar)
	return Dates{
		IsCCP:              isCCP,
		RequestDeadline:    a.RequestDeadline,
		RequestTooLate:     a.RequestTooLate,
		ShipFrom:           a.ShipFrom,
		ShipTo:             a.ShipTo,
		OrganiserLinkOpens: a.OrganiserOpens,
		JuryLinkOpens:      a.JuryOpens,
		WriteAgainFrom:     a.WriteAgainFrom,
		Urgent:             urgent(a),
	}, sessionReason(a)
}

// sessionReason says how far the session is, in days.
func sessionReason(a deadlines.Assessment) string {
	switch {
	case a.Past:
		return "session already passed"
	case a.DaysToSession == 0:
		return "session today"
	}
	return fmt.Sprintf("session in %d days", a.DaysToSession)
}

// urgent applies SPEC section 4: missing plis or links are an agent's
// urgent task from two weeks before the session, or once every CCP link
// should already work. Before that a CCP centre gets the opening dates (the
// jury and candidate links open only 5 working days before).
func urgent(a deadlines.Assessment) bool {
	return a.WithinTwoWeeks || (a.Kind == deadlines.CCP && a.OrganiserLinkOpen && a.JuryLinksOpen)
}
