package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/workflow"
	"mailbot/state"
	"mailbot/templates"
)

// apply queues what a decision plans. joined tells that the message is a
// follow-up in a known conversation.
func (t *turn) apply(d engine.Decision, joined bool) error {
	t.event.Decision = d
	plan := &t.event.Decision.Plan
	if t.conv == nil {
		t.conv = t.newConversation(d)
	}
	c := t.conv
	stranger := joined && !t.fromCentre()
	switch {
	case joined && plan.Category == classify.Bounce:
		t.task(state.PriorityHigh, "Un message envoyé par la GEV n'a pas été remis")
		t.note("non-remise d'un de nos messages")
	case stranger:
		t.thirdParty(d)
		d.Reply = nil
	case joined && plan.Category == classify.Acknowledgement && c.Status != state.StatusWaitingEngineer:
		c.Status = state.StatusClosed
		t.note("remerciement dans une conversation connue : conversation close")
	case !joined:
		c.Category, c.Priority, c.Status = string(plan.Category), plan.Priority, plan.Status
		if !plan.SessionDate.IsZero() {
			c.SessionDate = plan.SessionDate.Format("2006-01-02")
		}
		c.Misrouted = c.Misrouted || plan.Misrouted
	}
	if joined && !stranger && !plan.Category.Automated() && plan.Category != classify.Acknowledgement {
		// Our replies invite the centre to answer for a human: a follow-up
		// in a known conversation goes to an agent, not to another template.
		plan.Action, plan.SendAt, plan.Template, plan.AckTemplate = workflow.Escalate, time.Time{}, "", ""
		plan.Task, plan.Status = "Nouveau message du centre dans une conversation en cours", state.StatusNeedsHuman
		if c.Status != state.StatusWaitingEngineer {
			c.Status = state.StatusNeedsHuman
		}
		t.event.Decision.Reply = nil
		d.Reply = nil
		t.note("suite d'une conversation en cours : pour un agent")
	}
	var outs []state.Outgoing
	if d.Reply != nil {
		o, err := t.centreMail(d)
		if err != nil {
			return err
		}
		if o != nil {
			outs = append(outs, *o)
		}
	}
	if plan.Action == workflow.Forward {
		if o := t.forward(d); o != nil {
			outs = append(outs, *o)
		}
	}
	t.holdIfUnsure(d, outs)
	if plan.Task != "" {
		t.task(plan.Priority, plan.Task)
	}
	if plan.Misrouted {
		t.note("mal aiguillé")
	}
	t.record(&state.Entry{
		Kind: "decision", Category: string(plan.Category), Confidence: plan.Confidence,
		Action: string(plan.Action), Template: plan.Template, Reasons: plan.Reasons,
	}, outs...)
	return nil
}

// thirdParty attaches a follow-up that neither the centre nor a verified
// engineer wrote (a reference token or a threading header is easy to
// copy): it changes nothing in the conversation and sends nothing; an
// agent reads it unless a machine sent it.
func (t *turn) thirdParty(d engine.Decision) {
	plan := &t.event.Decision.Plan
	plan.Action, plan.SendAt, plan.Template, plan.AckTemplate, plan.Task = workflow.Ignore, time.Time{}, "", "", ""
	t.event.Decision.Reply = nil
	why := "écrit par " + t.m.From.Address + " et non par le centre " + t.conv.CentreAddress + " : rattaché, la conversation reste inchangée"
	plan.Reasons = append(plan.Reasons, why)
	t.note(why)
	if d.Result.Automated || plan.Category.Automated() {
		return
	}
	plan.Action = workflow.Escalate
	priority := state.PriorityNormal
	if t.conv.Status == state.StatusWaitingEngineer {
		priority = state.PriorityHigh
	}
	t.task(priority, "Message d'un expéditeur non reconnu dans la conversation (état inchangé)")
}

// centreMail queues the reply (or a forward's acknowledgement) to the
// centre, unless the loop rules forbid answering this sender.
func (t *turn) centreMail(d engine.Decision) (*state.Outgoing, error) {
	plan := &t.event.Decision.Plan
	to := replyAddress(t.m, t.rules().ReplyToDomains)
	ok, why, err := t.rules().Guard.MayAnswer(t.m, to, t.now)
	if err != nil {
		return nil, fmt.Errorf("loop guard: %w", err)
	}
	if !ok {
		plan.Reasons = append(plan.Reasons, "aucun envoi automatique : "+why)
		t.note("aucun envoi automatique : " + why)
		if plan.Action == workflow.Reply {
			plan.Action, plan.SendAt = workflow.Escalate, time.Time{}
			if plan.Task == "" {
				plan.Action = workflow.Ignore
			}
		}
		t.event.Decision.Reply = nil
		return nil, nil
	}
	kind, name, at := "reply", plan.Template, plan.SendAt
	if plan.Action == workflow.Forward {
		kind, name, at = "ack", plan.AckTemplate, plan.AckAt
	}
	o := t.outgoing(kind, name, to, d.Reply.Subject, d.Reply.Text, d.Reply.HTML)
	o.SendAt = at
	o.InReplyTo = t.m.MessageID
	o.References = appendID(slices.Clone(t.m.References), t.m.MessageID)
	t.commit.RepliedTo, t.commit.ReplyLimit = to, t.bot.opts.Guard.MaxPerDay()
	return &o, nil
}

// forward queues the question for the sector's engineers at the opening
// of the engineering window (plan.SendAt).
func (t *turn) forward(d engine.Decision) *state.Outgoing {
	plan := &t.event.Decision.Plan
	engineers := t.rules().Engineers[t.mailbox]
	if len(engineers) == 0 {
		plan.Action = workflow.Escalate
		plan.Reasons = append(plan.Reasons, "aucun ingénieur configuré pour le secteur "+t.mailbox)
		t.task(state.PriorityHigh, "Question d'ingénierie : aucun ingénieur configuré pour le secteur "+t.mailbox)
		return nil
	}
	r, err := t.rules().Engine.Render(templates.EngineeringForward, d.Data)
	if err != nil {
		plan.Action = workflow.Escalate
		t.task(state.PriorityHigh, "Question d'ingénierie à transmettre (modèle en erreur)")
		return nil
	}
	o := t.outgoing("forward", templates.EngineeringForward, "", r.Subject, r.Text, r.HTML)
	o.To = slices.Clone(engineers)
	o.SendAt = plan.SendAt
	o.AutoSubmitted = "auto-generated"
	return &o
}

func appendID(ids []string, id string) []string {
	if id == "" || slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

// holdIfUnsure holds for an agent's approval the mail of a decision the
// model took below its automatic threshold (classify.ActsAlone): sure
// enough to sort the message, not to answer for the GEV alone. An agent's
// own reclassification is never held.
func (t *turn) holdIfUnsure(d engine.Decision, outs []state.Outgoing) {
	if t.replay || len(outs) == 0 || t.bot.opts.Engine.Classifier.ActsAlone(d.Result) {
		return
	}
	held := false
	for i := range outs {
		if outs[i].Status == state.OutPending {
			outs[i].Status, held = state.OutHeld, true
		}
	}
	if held {
		plan := &t.event.Decision.Plan
		plan.Reasons = append(plan.Reasons, strings.ReplaceAll(fmt.Sprintf("confiance %.2f sous le seuil d'envoi automatique %.2f : envoi à valider par un agent",
			d.Result.Confidence, t.bot.opts.Engine.Classifier.AutoThreshold()), ".", ","))
	}
}
