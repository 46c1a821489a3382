package workflow

import (
	"fmt"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/deadlines"
)

// dates computes SPEC section 4's dates for a session, for the link the
// centre names, and adds the reason an agent wants to read first: how far
// away the session is.
func (p Policy) dates(isCCP bool, link string, session time.Time, in Input) (Dates, string) {
	kind := deadlines.TP
	if isCCP {
		kind = deadlines.CCP
	}
	a := deadlines.Assess(kind, session, in.Now, p.Calendar)
	urgent := a.WithinTwoWeeks
	if isCCP {
		// SPEC section 4: a CCP link that is not open yet gets a reply
		// naming its opening, even within two weeks of the session.
		urgent = a.Due(linkOf(link))
	}
	return Dates{
		IsCCP:              isCCP,
		Link:               link,
		RequestDeadline:    a.RequestDeadline,
		RequestTooLate:     a.RequestTooLate,
		ShipFrom:           a.ShipFrom,
		ShipTo:             a.ShipTo,
		OrganiserLinkOpens: a.OrganiserOpens,
		JuryLinkOpens:      a.JuryOpens,
		OrganiserOpen:      a.Due(deadlines.Organiser),
		JuryOpen:           a.Due(deadlines.JuryAndCandidates),
		WriteAgainFrom:     a.WriteAgainFrom,
		Urgent:             urgent,
	}, sessionReason(a)
}

// sessionReason says how far the session is, in days.
func sessionReason(a deadlines.Assessment) string {
	switch {
	case a.Past:
		return "session déjà passée"
	case a.DaysToSession == 0:
		return "session aujourd'hui"
	case a.DaysToSession == 1:
		return "session demain"
	}
	return fmt.Sprintf("session dans %d jours", a.DaysToSession)
}

// linkOf maps the link the centre names onto the deadlines' links.
func linkOf(named string) deadlines.Link {
	switch named {
	case classify.LinkOrganiser:
		return deadlines.Organiser
	case classify.LinkJury, classify.LinkCandidates:
		return deadlines.JuryAndCandidates
	}
	return deadlines.AllLinks
}

// linkName names a link as the reasons do.
func linkName(named string) string {
	switch named {
	case classify.LinkOrganiser:
		return "le lien organisateur"
	case classify.LinkJury:
		return "le lien jury"
	case classify.LinkCandidates:
		return "le lien candidats"
	}
	return "les liens"
}
