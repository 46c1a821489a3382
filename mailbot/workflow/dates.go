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
		Urgent:             a.Urgent(),
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
