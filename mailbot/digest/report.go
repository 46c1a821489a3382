package digest

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/state"
)

// Mailbox is a watched mailbox as the digest sees it.
type Mailbox struct {
	Name string
	// DownSince is when it stopped being reachable (zero when it is).
	DownSince time.Time
	LastError string
}

// Options say what one digest covers.
type Options struct {
	Store    *state.Store
	Calendar *calendar.Calendar
	// Sector limits the digest to one sector; "" covers them all.
	Sector string
	// Since and Now bound "what arrived" and "what was sent".
	Since, Now time.Time
	// Mailboxes are the watchers' states; those down for UnreachableAfter
	// or more are listed.
	Mailboxes        []Mailbox
	UnreachableAfter time.Duration
	// DashboardURL, when set, makes every item a link to its conversation.
	DashboardURL string
}

// Report is the content of one digest, before it is rendered.
type Report struct {
	Sector     string
	Since, Now time.Time
	Arrived    []Count // incoming mail by category, most first
	ArrivedAll int
	Todo       []Item     // what needs a human, most urgent first
	Waiting    []Question // engineering questions without an answer, oldest first
	Automatic  []Count    // mail the bot sent, by kind
	Shadow     int        // mail recorded but not sent (shadow mode)
	Down       []Mailbox
}

// Count is a labelled number.
type Count struct {
	Key, Label string
	N          int
}

// Item is one thing an agent must do.
type Item struct {
	Priority, Category, Sector string
	Conversation, Subject      string
	Centre, Title              string
	Created                    time.Time
	WorkingDays                int
	Link                       string
}

// Question is an engineering question still waiting for its answer.
type Question struct {
	Conversation, Sector, Subject, Centre string
	ForwardedAt                           time.Time // zero: not forwarded yet
	WorkingDays                           int
	Link                                  string
}

// Collect reads the state file and fills a Report.
func Collect(o Options) (*Report, error) {
	convs, err := o.Store.Conversations()
	if err != nil {
		return nil, fmt.Errorf("digest: read conversations: %w", err)
	}
	out, err := o.Store.Outbox()
	if err != nil {
		return nil, fmt.Errorf("digest: read outbox: %w", err)
	}
	tasks, err := o.Store.Tasks()
	if err != nil {
		return nil, fmt.Errorf("digest: read tasks: %w", err)
	}
	byID := map[string]*state.Conversation{}
	for i := range convs {
		byID[convs[i].ID] = &convs[i]
	}
	r := &Report{Sector: o.Sector, Since: o.Since, Now: o.Now}
	r.arrivals(o, convs)
	r.todo(o, byID, tasks, out)
	r.waiting(o, convs)
	r.automatic(o, byID, out)
	r.unreachable(o)
	return r, nil
}

func (o Options) inScope(c *state.Conversation) bool {
	return c != nil && (o.Sector == "" || c.Sector == o.Sector) || c == nil && o.Sector == ""
}

func (o Options) inPeriod(t time.Time) bool {
	return !t.Before(o.Since) && t.Before(o.Now)
}

func (o Options) link(convID string) string {
	if o.DashboardURL == "" || convID == "" {
		return ""
	}
	return o.DashboardURL + "/conversation/" + convID
}

func (o Options) workingDays(since time.Time) int {
	return o.Calendar.WorkingDaysBetween(calendar.DateOf(since), calendar.DateOf(o.Now))
}

func (r *Report) arrivals(o Options, convs []state.Conversation) {
	n := map[string]int{}
	for i := range convs {
		c := &convs[i]
		if !o.inScope(c) {
			continue
		}
		for _, e := range c.Entries {
			if e.Kind == "in" && o.inPeriod(e.At) {
				n[c.Category]++
				r.ArrivedAll++
			}
		}
	}
	r.Arrived = counts(n, CategoryLabel)
}

func (r *Report) automatic(o Options, byID map[string]*state.Conversation, out []state.Outgoing) {
	n := map[string]int{}
	for _, m := range out {
		c := byID[m.ConversationID]
		if m.Kind == "digest" || !o.inScope(c) {
			continue
		}
		switch {
		case m.Status == state.OutSent && o.inPeriod(m.SentAt):
			n[m.Kind]++
		case m.Status == state.OutShadow && o.inPeriod(m.Created):
			r.Shadow++
		}
	}
	r.Automatic = counts(n, KindLabel)
}

func (r *Report) unreachable(o Options) {
	for _, m := range o.Mailboxes {
		if !m.DownSince.IsZero() && o.Now.Sub(m.DownSince) >= o.UnreachableAfter && (o.Sector == "" || m.Name == o.Sector) {
			r.Down = append(r.Down, m)
		}
	}
}

// counts turns a tally into a list, most first, then by label.
func counts(n map[string]int, label func(string) string) []Count {
	var out []Count
	for k, v := range n {
		out = append(out, Count{Key: k, Label: label(k), N: v})
	}
	slices.SortFunc(out, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Label, b.Label))
	})
	return out
}
