// Package engine is the decision path shared by `mailbot classify` and the
// running bot: classify a parsed message, plan what to do (workflow) and
// render the French mail that plan sends. It holds no state and does no I/O
// beyond what the optional LLM adviser does.
package engine

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"mailbot/classify"
	"mailbot/classify/clean"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/workflow"
	"mailbot/templates"
)

// Engine decides and renders. It is safe for concurrent use.
type Engine struct {
	Classifier *classify.Classifier
	Policy     workflow.Policy
	Templates  *templates.Set
	// Addresses maps a sector to its mailbox address (the From of replies).
	Addresses map[string]string
}

// Decision is the plan for one message and the mail it sends the centre.
type Decision struct {
	Result classify.Result
	Plan   workflow.Plan
	// Reference identifies the conversation the message starts.
	Reference string
	// Reply is the mail to the centre (the acknowledgement for a forward),
	// nil when nothing is sent to the centre.
	Reply *templates.Rendered
	// Data is what the templates were given.
	Data templates.Data
}

// Decide classifies m, which arrived in mailbox (a sector), plans at now
// and renders the reply. A template that fails to render (only possible
// with a broken override, which Load refuses) degrades the plan to an agent
// task, never to a crash.
func (e *Engine) Decide(ctx context.Context, m *mailmsg.Message, mailbox string, now time.Time) Decision {
	return e.Apply(e.Classifier.Classify(ctx, m, mailbox), m, mailbox, now)
}

// Apply plans and renders for a given classification: Decide's second
// half, also used when an agent reclassifies a message.
func (e *Engine) Apply(res classify.Result, m *mailmsg.Message, mailbox string, now time.Time) Decision {
	plan := e.Policy.Decide(workflow.Input{Result: res, Mailbox: mailbox, Now: now})
	d := Decision{Result: res, Plan: plan, Reference: Reference(m)}
	d.Data = e.Data(m, mailbox, d.Reference, plan, now)
	name := plan.Template
	if plan.Action == workflow.Forward {
		name = plan.AckTemplate
	}
	if name == "" {
		return d
	}
	r, err := e.Render(name, d.Data)
	if err != nil {
		d.Plan.Action, d.Plan.Template, d.Plan.AckTemplate = workflow.Escalate, "", ""
		d.Plan.Reasons = append(d.Plan.Reasons, "échec du modèle de réponse, pour un agent : "+err.Error())
		return d
	}
	d.Reply = &r
	return d
}

// Render renders one template, giving it the reply subject "Re: …" when
// the template defines none.
func (e *Engine) Render(name string, data templates.Data) (templates.Rendered, error) {
	r, err := e.Templates.Render(name, data)
	if err != nil {
		return r, fmt.Errorf("render %s: %w", name, err)
	}
	if r.Subject == "" {
		r.Subject = ReplySubject(data.OriginalSubject)
	}
	return r, nil
}

// Data gathers what the templates may show about m.
func (e *Engine) Data(m *mailmsg.Message, mailbox, ref string, plan workflow.Plan, now time.Time) templates.Data {
	question, _ := clean.Split(m.Text)
	d := templates.Data{
		Sector:          mailbox,
		SectorLabel:     SectorLabel(mailbox),
		MailboxAddress:  e.SectorAddress(mailbox),
		CentreName:      m.From.Name,
		CentreAddress:   m.From.Address,
		OriginalSubject: m.Subject,
		Reference:       ref,
		Received:        m.Date,
		SessionDate:     plan.SessionDate,
		Plis:            string(plan.Plis),
		Question:        question,
		Now:             now,
	}
	plan.Dates.Fill(&d)
	return d
}

// SectorAddress is the configured mailbox of a sector, or AFPA's public
// address for it when none is configured (the classify command).
func (e *Engine) SectorAddress(sector string) string {
	if a := e.Addresses[sector]; a != "" {
		return a
	}
	return "epreuves-" + sector + "@afpa.fr"
}

// SectorLabel names a sector as people say it.
func SectorLabel(sector string) string {
	switch sector {
	case "btp":
		return "BTP"
	case "ccp":
		return "CCP"
	case "":
		return ""
	}
	return strings.ToUpper(sector[:1]) + sector[1:]
}

// ReplySubject is "Re: " and the subject without its own reply prefixes.
func ReplySubject(subject string) string {
	core := clean.Subject(subject)
	if core == "" {
		return "Re: votre message"
	}
	return "Re: " + core
}

var refEncoding = base32.NewEncoding("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").WithPadding(base32.NoPadding)

// Reference derives a conversation reference (GEV-XXXXXX) from the
// message, so that the same message always gets the same reference: in
// `mailbot classify`, and when the bot processes it again after a crash.
func Reference(m *mailmsg.Message) string {
	sum := sha256.Sum256([]byte(m.MessageID + "\x00" + m.Digest))
	return "GEV-" + refEncoding.EncodeToString(sum[:])[:6]
}

// Now is the moment a message is decided at when no clock is given: its
// Date header, or fallback when it has none.
func Now(m *mailmsg.Message, fallback time.Time) time.Time {
	if m.Date.IsZero() {
		return fallback
	}
	return m.Date.In(calendar.Paris)
}
