package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/state"
)

// maxRows bounds the triage list; filters narrow it down.
const maxRows = 300

// filter is the triage list's query, read from the URL.
type filter struct {
	Sector, Category, Status, Priority string
	From, To                           string // YYYY-MM-DD, last activity
	Query                              string
	Held                               bool
}

func readFilter(q url.Values) filter {
	return filter{
		Sector: q.Get("secteur"), Category: q.Get("categorie"), Status: q.Get("statut"), Priority: q.Get("priorite"),
		From: q.Get("du"), To: q.Get("au"), Query: strings.TrimSpace(q.Get("q")), Held: q.Get("attente") == "1",
	}
}

// row is one conversation of the list.
type row struct {
	state.Conversation
	Held, Tasks int
}

type triagePage struct {
	F          filter
	Rows       []row
	Total      int
	Truncated  bool
	HeldTotal  int
	Now        time.Time
	Sectors    []string
	Categories []classify.Category
	Statuses   []string
	Priorities []string
}

func (s *Server) triage(w http.ResponseWriter, r *http.Request, sess *session) {
	f := readFilter(r.URL.Query())
	convs, err := s.o.Store.Conversations()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	held, tasks, err := s.counts()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := triagePage{F: f, Now: s.o.Clock(), Sectors: s.o.Sectors, Categories: classify.Categories,
		Statuses:   []string{state.StatusNeedsHuman, state.StatusWaitingEngineer, state.StatusOpen, state.StatusClosed},
		Priorities: []string{state.PriorityUrgent, state.PriorityHigh, state.PriorityNormal}}
	for _, n := range held {
		d.HeldTotal += n
	}
	for _, c := range convs {
		if f.match(&c, held[c.ID] > 0) {
			d.Rows = append(d.Rows, row{Conversation: c, Held: held[c.ID], Tasks: tasks[c.ID]})
		}
	}
	slices.SortStableFunc(d.Rows, func(a, b row) int {
		return cmp.Or(cmp.Compare(statusRank(a.Status), statusRank(b.Status)),
			cmp.Compare(priorityRank(a.Priority), priorityRank(b.Priority)),
			b.Updated.Compare(a.Updated))
	})
	d.Total = len(d.Rows)
	if len(d.Rows) > maxRows {
		d.Rows, d.Truncated = d.Rows[:maxRows], true
	}
	s.render(w, r, sess, http.StatusOK, "triage", view{Title: "Tri du courrier", Nav: "tri", Data: d})
}

// counts are the held mails and open tasks per conversation.
func (s *Server) counts() (held, tasks map[string]int, err error) {
	out, err := s.o.Store.Outbox()
	if err != nil {
		return nil, nil, err
	}
	all, err := s.o.Store.Tasks()
	if err != nil {
		return nil, nil, err
	}
	held, tasks = map[string]int{}, map[string]int{}
	for _, o := range out {
		if o.Status == state.OutHeld {
			held[o.ConversationID]++
		}
	}
	for _, t := range all {
		if !t.Done {
			tasks[t.ConversationID]++
		}
	}
	return held, tasks, nil
}

func (f filter) match(c *state.Conversation, held bool) bool {
	day := calendar.DateOf(c.Updated).Format(time.DateOnly)
	switch {
	case f.Sector != "" && c.Sector != f.Sector,
		f.Category != "" && c.Category != f.Category,
		f.Status != "" && c.Status != f.Status,
		f.Priority != "" && c.Priority != f.Priority,
		f.From != "" && day < f.From,
		f.To != "" && day > f.To,
		f.Held && !held:
		return false
	}
	return f.Query == "" || contains(c, strings.ToLower(f.Query))
}

// contains searches the reference, the centre, the subject and every
// mail's text, sender and attachment names.
func contains(c *state.Conversation, q string) bool {
	fields := []string{c.ID, c.CentreName, c.CentreAddress, c.Subject}
	for _, e := range c.Entries {
		fields = append(fields, e.Subject, e.Text, e.From)
		fields = append(fields, e.Attachments...)
	}
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), q) {
			return true
		}
	}
	return false
}

func statusRank(s string) int {
	switch s {
	case state.StatusNeedsHuman:
		return 0
	case state.StatusWaitingEngineer:
		return 1
	case state.StatusOpen:
		return 2
	}
	return 3
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
