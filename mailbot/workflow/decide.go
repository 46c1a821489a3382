package workflow

import (
	"fmt"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/state"
	"mailbot/templates"
)

// Decide builds the plan for one classified message.
func (p Policy) Decide(in Input) Plan {
	r := in.Result
	pl := Plan{
		Category:          r.Category,
		Confidence:        r.Confidence,
		Priority:          state.PriorityNormal,
		SessionDate:       r.SessionDate,
		EnvelopesReceived: r.EnvelopesReceived,
		Reasons:           append([]string(nil), r.Reasons...),
		Status:            state.StatusOpen,
		Action:            Reply,
	}
	if !r.Automated {
		pl.Misrouted = misrouted(r.Sector, in.Mailbox)
		if pl.Misrouted {
			pl.Reasons = append(pl.Reasons, fmt.Sprintf("misrouted: the content is a %s matter but arrived in the %s mailbox", r.Sector, in.Mailbox))
		}
	}
	isCCP := in.Mailbox == "ccp" || r.Sector == "ccp"
	if !r.SessionDate.IsZero() && !r.Automated {
		var reason string
		pl.Dates, reason = p.dates(isCCP, r.SessionDate, in)
		pl.Reasons = append(pl.Reasons, reason)
	}
	pl.Dates.IsCCP = isCCP

	switch r.Category {
	case classify.AutoReply, classify.Bounce, classify.Bulk, classify.Acknowledgement:
		pl.Action = Ignore
	case classify.Cancellation:
		p.cancellation(&pl, isCCP)
	case classify.SessionChange:
		pl.Template = templates.SessionChange
	case classify.MissingEnvelopes:
		p.missingEnvelopes(&pl, isCCP)
	case classify.Complaint:
		pl.Template, pl.Priority = templates.ComplaintAck, state.PriorityHigh
		pl.Task, pl.Status = "Réclamation à traiter", state.StatusNeedsHuman
	case classify.EngineeringQuestion:
		pl.Action, pl.Template, pl.AckTemplate = Forward, templates.EngineeringForward, templates.EngineeringAck
		pl.Status = state.StatusWaitingEngineer
	case classify.CeresSupport:
		pl.Template = templates.CeresSupport
	case classify.RequestTiming:
		pl.Template = templates.RequestTiming
		if r.SessionDate.IsZero() {
			pl.Template = templates.RequestTimingNoDate
		} else if pl.Dates.RequestTooLate {
			pl.Reasons = append(pl.Reasons, fmt.Sprintf("request deadline %s has passed", day(pl.Dates.RequestDeadline)))
		}
	case classify.FinalInterviewGrid:
		pl.Template, pl.Priority = templates.FinalInterviewGrid, state.PriorityHigh
		pl.Task, pl.Status = "Envoyer la Grille d'Entretien Final", state.StatusNeedsHuman
	default: // classify.Other and anything unexpected: a human reads it
		pl.Task, pl.Status = "Message à lire", state.StatusNeedsHuman
		pl.Action, pl.Template = Escalate, ""
		if p.GenericAck {
			pl.Action, pl.Template = Reply, templates.OtherAck
		}
	}
	if r.Automated && (pl.Action == Reply || pl.Action == Forward) {
		// RFC 3834: a sender that must never get an automatic answer (a
		// list, a no-reply address) gets none, whatever the text says.
		pl.Action, pl.Template, pl.AckTemplate = Escalate, "", ""
		pl.Task, pl.Status = "Message d'un expéditeur automatique à lire", state.StatusNeedsHuman
		pl.Reasons = append(pl.Reasons, "sender must never get an automatic answer: for an agent")
	}
	p.schedule(&pl, in)
	return pl
}

// schedule sets when the main action goes out.
func (p Policy) schedule(pl *Plan, in Input) {
	replyAt := in.Now
	if p.RepliesInBusinessHours {
		replyAt = p.Calendar.Next(calendar.GEVHours, in.Now)
	}
	switch pl.Action {
	case Reply:
		pl.SendAt = replyAt
	case Forward:
		pl.AckAt = replyAt
		// SPEC section 3: a question that arrives Friday 11:59 goes at
		// once; at 12:00 it waits for the next business day 08:30.
		pl.SendAt = p.Calendar.Next(calendar.Engineering, in.Now)
		if !pl.SendAt.Equal(in.Now) {
			pl.Reasons = append(pl.Reasons, "outside the engineering window: forward held until "+pl.SendAt.In(calendar.Paris).Format("02/01/2006 15:04"))
		}
	}
}

func (p Policy) cancellation(pl *Plan, isCCP bool) {
	pl.Status = state.StatusNeedsHuman
	switch {
	case pl.EnvelopesReceived != nil && *pl.EnvelopesReceived:
		// Seed: "Si plis reçus – annulation de la session par la GEV +
		// destruction des plis à la responsabilité du centre".
		pl.Template, pl.Task = templates.CancellationPlisReceived, "Annuler la session (plis reçus, détruits par le centre)"
	case pl.EnvelopesReceived != nil || isCCP:
		// Plis not received, or a digital CCP session: GEV stops what it
		// would send.
		pl.Template, pl.Priority = templates.CancellationPlisNotReceived, state.PriorityHigh
		pl.Task = "Annuler l'expédition"
		if isCCP {
			pl.Task = "Annuler la session et les liens DTE CCP"
		}
	default:
		pl.Template, pl.Priority = templates.CancellationAskPlis, state.PriorityHigh
		pl.Task = "Annulation : vérifier si les plis sont partis"
	}
}

func (p Policy) missingEnvelopes(pl *Plan, isCCP bool) {
	d := pl.Dates
	switch {
	case pl.SessionDate.IsZero():
		pl.Template = templates.MissingEnvelopesNoDate
		pl.Task, pl.Status = "Plis non reçus : date de session inconnue", state.StatusNeedsHuman
	case isCCP && !d.Urgent:
		pl.Template = templates.MissingEnvelopesCCPNotYetOpen
		pl.Reasons = append(pl.Reasons, "organiser link opens "+day(d.OrganiserLinkOpens)+": not open yet")
	case isCCP:
		pl.Template, pl.Priority = templates.MissingEnvelopesCCPUrgent, state.PriorityUrgent
		pl.Task, pl.Status = "Liens DTE CCP inaccessibles alors qu'ils devraient fonctionner", state.StatusNeedsHuman
		pl.Reasons = append(pl.Reasons, "the organiser link should work since "+day(d.OrganiserLinkOpens))
	case !d.Urgent:
		pl.Template = templates.MissingEnvelopesTPWait
		pl.Reasons = append(pl.Reasons, "more than 2 weeks before the session: write again from "+day(d.WriteAgainFrom))
	default:
		pl.Template, pl.Priority = templates.MissingEnvelopesTPUrgent, state.PriorityUrgent
		pl.Task, pl.Status = "Plis non reçus à moins de 2 semaines de la session", state.StatusNeedsHuman
		pl.Reasons = append(pl.Reasons, "within 2 weeks of the session (from "+day(d.WriteAgainFrom)+")")
	}
}

// misrouted tells whether content of sector arrived in the wrong mailbox: a
// CCP matter outside epreuves-ccp, or one TP trade in another TP mailbox.
// The CCP mailbox covers every trade, so nothing is misrouted there.
func misrouted(sector, mailbox string) bool {
	if sector == "" || mailbox == "" || sector == mailbox {
		return false
	}
	return mailbox != "ccp"
}

func day(t time.Time) string { return t.Format("02/01/2006") }
