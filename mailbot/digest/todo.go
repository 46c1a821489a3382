package digest

import (
	"cmp"
	"slices"
	"time"

	"mailbot/state"
)

// categoryRank orders items of equal priority as SPEC's digest asks: late
// plis, cancellations whose shipment must be stopped, complaints, other,
// bounced replies, then the rest.
var categoryRank = map[string]int{
	"missing_envelopes": 0, "cancellation": 1, "complaint": 2, "other": 3, "bounce": 4,
}

func priorityRank(p string) int {
	switch p {
	case state.PriorityUrgent:
		return 0
	case state.PriorityHigh:
		return 1
	}
	return 2
}

func rankOf(category string) int {
	if r, ok := categoryRank[category]; ok {
		return r
	}
	return len(categoryRank)
}

// todo lists the open tasks, the conversations waiting for an agent
// without a task, and the mail held for approval.
func (r *Report) todo(o Options, byID map[string]*state.Conversation, tasks []state.Task, out []state.Outgoing) {
	covered := map[string]bool{}
	for _, t := range tasks {
		c := byID[t.ConversationID]
		if t.Done || !o.inScope(c) {
			continue
		}
		covered[t.ConversationID] = true
		r.Todo = append(r.Todo, o.item(c, t.Priority, t.Title, t.Created))
	}
	held := map[string]int{}
	for _, m := range out {
		if m.Status == state.OutHeld && o.inScope(byID[m.ConversationID]) {
			held[m.ConversationID]++
		}
	}
	for id, n := range held {
		title := "Réponse préparée par le bot, à valider"
		if n > 1 {
			title = "Réponses préparées par le bot, à valider"
		}
		c := byID[id]
		r.Todo = append(r.Todo, o.item(c, c.Priority, title, c.Updated))
		covered[id] = true
	}
	for id, c := range byID {
		if c.Status == state.StatusNeedsHuman && !covered[id] && o.inScope(c) {
			r.Todo = append(r.Todo, o.item(c, c.Priority, "Message à lire", c.Updated))
		}
	}
	slices.SortFunc(r.Todo, func(a, b Item) int {
		return cmp.Or(
			cmp.Compare(priorityRank(a.Priority), priorityRank(b.Priority)),
			cmp.Compare(rankOf(a.Category), rankOf(b.Category)),
			a.Created.Compare(b.Created),
			cmp.Compare(a.Conversation, b.Conversation),
			cmp.Compare(a.Title, b.Title))
	})
}

func (o Options) item(c *state.Conversation, priority, title string, created time.Time) Item {
	it := Item{Priority: priority, Title: title, Created: created, WorkingDays: o.workingDays(created)}
	if c != nil {
		it.Category, it.Sector, it.Conversation = c.Category, c.Sector, c.ID
		it.Subject, it.Centre, it.Link = c.Subject, centre(c), o.link(c.ID)
	}
	return it
}

func centre(c *state.Conversation) string {
	if c.CentreName != "" {
		return c.CentreName + " <" + c.CentreAddress + ">"
	}
	return c.CentreAddress
}

// waiting lists the engineering questions without an answer, oldest first.
func (r *Report) waiting(o Options, convs []state.Conversation) {
	for i := range convs {
		c := &convs[i]
		if c.Status != state.StatusWaitingEngineer || !o.inScope(c) {
			continue
		}
		from := c.ForwardedAt
		if from.IsZero() {
			from = c.Created
		}
		r.Waiting = append(r.Waiting, Question{
			Conversation: c.ID, Sector: c.Sector, Subject: c.Subject, Centre: centre(c),
			ForwardedAt: c.ForwardedAt, WorkingDays: o.workingDays(from), Link: o.link(c.ID),
		})
	}
	slices.SortFunc(r.Waiting, func(a, b Question) int {
		return cmp.Or(cmp.Compare(b.WorkingDays, a.WorkingDays), cmp.Compare(a.Conversation, b.Conversation))
	})
}
