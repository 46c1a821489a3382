// Package workflow turns a classification into what the bot does: the
// action, the template, when it goes out, its priority, the agent tasks and
// the dates the reply names (SPEC sections 2 to 4). It is pure: no I/O, no
// clock, so `mailbot classify`, the running bot and the tests share it.
package workflow

import (
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/templates"
)

// Action is the main thing done with a message (SPEC section 7).
type Action string

// The actions of the command-line contract.
const (
	Reply    Action = "reply"    // a template reply to the centre
	Forward  Action = "forward"  // to the sector's engineers (with an acknowledgement)
	Escalate Action = "escalate" // an agent task only
	Relay    Action = "relay"    // an engineer's answer passed on unchanged
	Ignore   Action = "ignore"   // nothing is sent
)

// Policy holds what the configuration decides about every plan.
type Policy struct {
	Calendar *calendar.Calendar
	// RepliesInBusinessHours holds template replies to GEV hours.
	RepliesInBusinessHours bool
	// GenericAck answers "other" with a generic acknowledgement.
	GenericAck bool
}

// Input is one classified message.
type Input struct {
	Result  classify.Result
	Mailbox string // sector the message arrived in
	Now     time.Time
}

// Plan is the outcome for one message.
type Plan struct {
	Category    classify.Category
	Confidence  float64
	Action      Action
	Template    string    // the reply (or, for a forward, the forward) template
	AckTemplate string    // acknowledgement sent at once along a forward
	SendAt      time.Time // zero for Ignore and Escalate
	// AckAt is when a forward's acknowledgement goes to the centre.
	AckAt       time.Time
	Priority    string    // state.PriorityNormal, High or Urgent
	SessionDate time.Time // civil date, zero when unknown
	// EnvelopesReceived is the `envelopes_received` of SPEC section 7:
	// for cancellations only, nil when the centre does not say.
	EnvelopesReceived *bool
	// Plis is what the centre says about its plis, in every category.
	Plis      classify.PlisStatus
	Misrouted bool
	Reasons   []string
	// Task is the agent task title, "" when none.
	Task string
	// Status is the conversation's status after this message (state.Status…).
	Status string
	// Dates are the computed dates for the templates.
	Dates Dates
}

// Dates are the dates of SPEC section 4 for the message's session.
type Dates struct {
	// IsCCP: the session is a DTE CCP one, by the text's words or, when
	// they do not tell, by the mailbox.
	IsCCP bool
	// Link is the CCP link the centre names (classify.Link…), "" for none.
	Link string
	// OrganiserOpen and JuryOpen tell whether each CCP link should already
	// work: at or after its opening run.
	OrganiserOpen, JuryOpen bool
	RequestDeadline         time.Time
	RequestTooLate          bool
	ShipFrom, ShipTo        time.Time
	OrganiserLinkOpens      time.Time
	JuryLinkOpens           time.Time
	WriteAgainFrom          time.Time
	// Urgent: for a TP, within two weeks of the session; for a CCP, the
	// link the centre names (every link when it names none) should
	// already work.
	Urgent bool
}

// Fill copies the dates into template data.
func (d Dates) Fill(td *templates.Data) {
	td.IsCCP, td.Link = d.IsCCP, d.Link
	td.OrganiserLinkOpen, td.JuryLinkOpen = d.OrganiserOpen, d.JuryOpen
	td.RequestDeadline, td.RequestTooLate = d.RequestDeadline, d.RequestTooLate
	td.ShipFrom, td.ShipTo = d.ShipFrom, d.ShipTo
	td.OrganiserLinkOpens, td.JuryLinkOpens = d.OrganiserLinkOpens, d.JuryLinkOpens
	td.WriteAgainFrom = d.WriteAgainFrom
}
