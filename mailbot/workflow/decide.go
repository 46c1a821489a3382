package workflow

import (
	"fmt"
	"strings"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/deadlines"
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
		Plis:              r.Plis,
		Reasons:           append([]string(nil), r.Reasons...),
		Status:            state.StatusOpen,
		Action:            Reply,
	}
	isCCP := route(&pl, r, in.Mailbox)
	link := ""
	if isCCP {
		link = r.Link // a TP's jury and candidate files come by post
	}
	if !r.SessionDate.IsZero() && !r.Automated {
		var reason string
		pl.Dates, reason = p.dates(isCCP, link, r.SessionDate, in)
		pl.Reasons = append(pl.Reasons, reason)
	}
	pl.Dates.IsCCP, pl.Dates.Link = isCCP, link

	switch r.Category {
	case classify.AutoReply, classify.Bounce, classify.Bulk, classify.Acknowledgement:
		pl.Action = Ignore
	case classify.Cancellation:
		p.cancellation(&pl, isCCP)
	case classify.SessionChange:
		pl.Template = templates.SessionChange
	case classify.MissingEnvelopes:
		p.missingEnvelopes(&pl, isCCP)
	case classify.RequestTiming:
		p.requestTiming(&pl, isCCP)
	case classify.Complaint:
		pl.Template, pl.Priority = templates.ComplaintAck, state.PriorityHigh
		pl.Task, pl.Status = "Réclamation à traiter", state.StatusNeedsHuman
	case classify.EngineeringQuestion:
		pl.Action, pl.Template, pl.AckTemplate = Forward, templates.EngineeringForward, templates.EngineeringAck
		pl.Status = state.StatusWaitingEngineer
	case classify.CeresSupport:
		pl.Template = templates.CeresSupport
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
		pl.Reasons = append(pl.Reasons, "expéditeur qui ne doit jamais recevoir de réponse automatique : pour un agent")
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
			pl.Reasons = append(pl.Reasons, "hors du créneau des ingénieurs : transfert différé au "+pl.SendAt.In(calendar.Paris).Format("02/01/2006 à 15h04"))
		}
	}
}

func (p Policy) cancellation(pl *Plan, isCCP bool) {
	pl.Status = state.StatusNeedsHuman
	switch {
	case isCCP:
		// A digital CCP session: GEV stops the links.
		pl.Template, pl.Priority = templates.CancellationPlisNotReceived, state.PriorityHigh
		pl.Task = "Annuler la session et les liens DTE CCP"
	case pl.Plis == classify.PlisReceived:
		// Seed: "Si plis reçus – annulation de la session par la GEV +
		// destruction des plis à la responsabilité du centre".
		pl.Template, pl.Task = templates.CancellationPlisReceived, "Annuler la session (plis reçus, détruits par le centre)"
	case pl.Plis == classify.PlisNotReceived:
		pl.Template, pl.Priority = templates.CancellationPlisNotReceived, state.PriorityHigh
		pl.Task = "Annuler l'expédition"
	default:
		// SPEC section 2: unknown, the reply asks which.
		pl.Template, pl.Priority = templates.CancellationAskPlis, state.PriorityHigh
		pl.Task = "Annulation : vérifier si les plis sont partis"
	}
}

// requestTiming answers a question about dates. A question about a CCP
// link the centre already has is about that link's opening, not about the
// request: it gets the link's state.
func (p Policy) requestTiming(pl *Plan, isCCP bool) {
	switch {
	case pl.SessionDate.IsZero():
		pl.Template = templates.RequestTimingNoDate
		pl.Reasons = append(pl.Reasons, "date de session absente ou illisible : la réponse la demande")
	case isCCP && pl.Dates.Link != "":
		p.ccpLinks(pl)
	default:
		pl.Template = templates.RequestTiming
		if pl.Dates.RequestTooLate {
			pl.Reasons = append(pl.Reasons, fmt.Sprintf("date limite de demande dépassée (%s)", day(pl.Dates.RequestDeadline)))
		}
	}
}

func (p Policy) missingEnvelopes(pl *Plan, isCCP bool) {
	d := pl.Dates
	switch {
	case pl.SessionDate.IsZero():
		pl.Template = templates.MissingEnvelopesNoDate
		pl.Task, pl.Status = "Plis non reçus : date de session inconnue", state.StatusNeedsHuman
		pl.Reasons = append(pl.Reasons, "date de session absente ou illisible : la réponse la demande")
	case isCCP:
		p.ccpLinks(pl)
	case !d.Urgent:
		pl.Template = templates.MissingEnvelopesTPWait
		pl.Reasons = append(pl.Reasons, "plus de 2 semaines avant la session : écrire à nouveau à partir du "+day(d.WriteAgainFrom))
	default:
		pl.Template, pl.Priority = templates.MissingEnvelopesTPUrgent, state.PriorityUrgent
		pl.Task, pl.Status = "Plis non reçus à moins de 2 semaines de la session", state.StatusNeedsHuman
		pl.Reasons = append(pl.Reasons, "moins de 2 semaines avant la session (depuis le "+day(d.WriteAgainFrom)+")")
	}
	switch pl.Plis {
	case classify.PlisUnsure:
		pl.Reasons = append(pl.Reasons, "la réponse demande si les plis sont arrivés")
	case classify.PlisReceived:
		pl.Reasons = append(pl.Reasons, "plis reçus : la réponse porte sur le reste du DTE")
	}
}

// ccpLinks answers about the DTE CCP links: the one the centre names or,
// when it names none, by where now stands against both openings. A link
// not open yet gets a reply naming its opening; one that should already
// work is an agent's urgent task.
func (p Policy) ccpLinks(pl *Plan) {
	d := pl.Dates
	name := linkName(d.Link)
	if !d.Urgent {
		pl.Template = templates.MissingEnvelopesCCPNotYetOpen
		switch {
		case d.Link == "" && d.OrganiserOpen:
			pl.Reasons = append(pl.Reasons, "lien organisateur ouvert depuis le "+day(d.OrganiserLinkOpens)+", liens jury et candidats ouverts le "+day(d.JuryLinkOpens)+" à 8h")
		case linkOf(d.Link) == deadlines.Organiser || d.Link == "":
			pl.Reasons = append(pl.Reasons, name+" pas encore ouvert : ouverture le "+day(d.OrganiserLinkOpens)+" à 8h")
		default:
			pl.Reasons = append(pl.Reasons, name+" pas encore ouvert : ouverture le "+day(d.JuryLinkOpens)+" à 8h")
		}
		return
	}
	pl.Template, pl.Priority = templates.MissingEnvelopesCCPUrgent, state.PriorityUrgent
	pl.Task, pl.Status = "Liens DTE CCP inaccessibles alors qu'ils devraient fonctionner", state.StatusNeedsHuman
	opened := d.JuryLinkOpens
	if linkOf(d.Link) == deadlines.Organiser {
		opened = d.OrganiserLinkOpens
	}
	pl.Reasons = append(pl.Reasons, name+" devrait fonctionner depuis le "+day(opened)+" à 8h")
}

// route reads the kind of session (TP or CCP) from the text, the mailbox
// being only a prior, and flags content that belongs to another mailbox:
// a CCP matter outside epreuves-ccp, a TP one inside it, or one TP trade in
// another TP mailbox. It returns whether the session is a CCP one.
func route(pl *Plan, r classify.Result, mailbox string) bool {
	content := r.Kind
	if content == "" && r.Sector == "ccp" {
		content = "ccp"
	}
	prior := "tp"
	if mailbox == "ccp" {
		prior = "ccp"
	}
	kind := content
	if kind == "" {
		kind = prior
	}
	if r.Automated || mailbox == "" {
		return kind == "ccp"
	}
	switch {
	case content != "" && content != prior:
		pl.Misrouted = true
		pl.Reasons = append(pl.Reasons, fmt.Sprintf("mal aiguillé : session %s d'après le texte, reçue dans la boîte %s", strings.ToUpper(content), mailbox))
	case kind == "tp" && r.Sector != "" && r.Sector != "ccp" && r.Sector != mailbox:
		pl.Misrouted = true
		pl.Reasons = append(pl.Reasons, fmt.Sprintf("mal aiguillé : métier du secteur %s, reçu dans la boîte %s", r.Sector, mailbox))
	}
	return kind == "ccp"
}

func day(t time.Time) string { return t.Format("02/01/2006") }
