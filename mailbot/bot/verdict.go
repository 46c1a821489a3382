package bot

import (
	"time"

	"mailbot/classify"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

// botVerdict starts an agent's verdict on conversation c: the bot's
// decision on its first message (the one Reclassify replays). ok is false
// when the conversation has no such decision (nothing the bot classified).
func botVerdict(c *state.Conversation, agent string, at time.Time) (v state.Verdict, ok bool) {
	in := -1
	for i, e := range c.Entries {
		switch {
		case e.Kind == "in" && in < 0:
			in = i
			v.Mailbox, v.Received = e.Mailbox, e.At
		case e.Kind == "decision" && in >= 0:
			v.BotCategory, v.BotConfidence = e.Category, e.Confidence
			if v.Mailbox == "" {
				v.Mailbox = c.Sector
			}
			v.Conversation, v.Agent, v.At = c.ID, agent, at
			return v, true
		}
	}
	return v, false
}

// acceptance is the verdict of an agent who handled c without
// reclassifying it: the category stood (state.putVerdict keeps an earlier
// verdict instead).
func acceptance(c *state.Conversation, agent string, at time.Time) *state.Verdict {
	v, ok := botVerdict(c, agent, at)
	if !ok {
		return nil
	}
	v.AgentCategory = c.Category
	return &v
}

// correction completes v into a reclassification of m to res.Category:
// a labelled example of the message as the model reads it, with the facts
// read under the new category.
func correction(v state.Verdict, m *mailmsg.Message, res classify.Result, to string) *state.Verdict {
	v.AgentCategory, v.Reclassified = string(res.Category), true
	ex := &state.Example{
		MessageID: m.MessageID, From: m.From.Address, FromName: m.From.Name, To: to,
		Subject: m.Subject, Text: classify.NewText(m), EnvelopesReceived: res.EnvelopesReceived,
	}
	if !res.SessionDate.IsZero() {
		ex.SessionDate = res.SessionDate.Format(time.DateOnly)
	}
	v.Example = ex
	return &v
}
