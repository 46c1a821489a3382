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
	"unicode/utf8"

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
	return e.ApplyAs(res, m, mailbox, now, Reference(m))
}

// ApplyAs is Apply under the reference ref: the bot's choice when the
// derived one is already a conversation's (see OtherReference).
func (e *Engine) ApplyAs(res classify.Result, m *mailmsg.Message, mailbox string, now time.Time, ref string) Decision {
	plan := e.Policy.Decide(workflow.Input{Result: res, Mailbox: mailbox, Now: now})
	newText, _ := clean.Split(m.Text)
	if plan.Template == templates.OtherAck && !classify.HasTopic(m.Subject, newText) {
		// Phishing and advertising land in "other": an agent still reads
		// them, but AFPA does not thank their senders.
		plan.Action, plan.Template, plan.SendAt = workflow.Escalate, "", time.Time{}
		plan.Reasons = append(plan.Reasons, "rien sur le travail de la GEV : pas d'accusé de réception générique")
	}
	d := Decision{Result: res, Plan: plan, Reference: ref}
	d.Data = e.data(m, newText, mailbox, d.Reference, plan, now)
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
	// The hours the replies state are those the calendar keeps.
	if cal := e.Policy.Calendar; cal != nil {
		data.OfficeHours = cal.Week(calendar.GEVHours).French()
		data.EngineeringHours = cal.Week(calendar.Engineering).French()
	}
	r, err := e.Templates.Render(name, data)
	if err != nil {
		return r, fmt.Errorf("render %s: %w", name, err)
	}
	if r.Subject == "" {
		r.Subject = ReplySubject(data.OriginalSubject)
	}
	return r, nil
}

// data gathers what the templates may show about m, whose new text (the
// centre's question) is question.
func (e *Engine) data(m *mailmsg.Message, question, mailbox, ref string, plan workflow.Plan, now time.Time) templates.Data {
	d := templates.Data{
		Sector:          mailbox,
		SectorLabel:     SectorLabel(mailbox),
		MailboxAddress:  e.SectorAddress(mailbox),
		CentreName:      m.From.Name,
		CentreAddress:   m.From.Address,
		OriginalSubject: Echo(m.Subject),
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

// ReplySubject is "Re: " and the subject without its own reply prefixes,
// cut as Echo cuts.
func ReplySubject(subject string) string {
	core := clean.Subject(Echo(subject))
	if core == "" {
		return "Re: votre message"
	}
	return "Re: " + core
}

// MaxEcho is the most of a centre's subject, in characters, that our mail
// repeats: enough to recognise it, too few to carry someone's advertising,
// and a subject of a megabyte must not make a reply that servers refuse.
const MaxEcho = 150

// Echo is a sender's subject as our mail may repeat it: on one line, cut
// to MaxEcho characters, "…" marking the cut.
func Echo(subject string) string {
	s := strings.Join(strings.Fields(subject), " ")
	n := 0
	for i := range s {
		if n == MaxEcho-1 {
			if utf8.RuneCountInString(s[i:]) > 1 {
				return s[:i] + "…"
			}
			return s
		}
		n++
	}
	return s
}

var refEncoding = base32.NewEncoding("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").WithPadding(base32.NoPadding)

// Reference derives a conversation reference (GEV-XXXXXXXX, 40 bits: even
// odds of a collision only after about a million conversations) from the
// message, so that the same message always gets the same reference: in
// `mailbot classify`, and when the bot processes it again after a crash.
// References made before kept 6 characters (30 bits); they still name
// their conversations.
func Reference(m *mailmsg.Message) string { return OtherReference(m, 0) }

// OtherReference is the n-th alternative to Reference(m) (n = 0 is
// Reference itself), for when a conversation already holds it: derived
// the same way, so that a message processed again after a crash gets the
// same one.
func OtherReference(m *mailmsg.Message, n int) string {
	key := m.MessageID + "\x00" + m.Digest
	if n > 0 {
		key += fmt.Sprintf("\x00%d", n)
	}
	sum := sha256.Sum256([]byte(key))
	return "GEV-" + refEncoding.EncodeToString(sum[:])[:8]
}

// Now is the moment a message is decided at when no clock is given: its
// Date header, or fallback when it has none.
func Now(m *mailmsg.Message, fallback time.Time) time.Time {
	if m.Date.IsZero() {
		return fallback
	}
	return m.Date.In(calendar.Paris)
}
