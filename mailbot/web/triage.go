package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/state"
)

// pageRows is the size of a page of the triage list.
const pageRows = 100

// statusOrder is the order of the triage list: what needs an agent
// first, then each status most recently active first.
var statusOrder = []string{state.StatusNeedsHuman, state.StatusWaitingEngineer, state.StatusOpen, state.StatusClosed}

// filter is the triage list's query, read from the URL.
type filter struct {
	Sector, Category, Status, Priority string
	From, To                           string // YYYY-MM-DD, last activity
	Query                              string
	Held                               bool
	// After is where the page starts (state.Page.Next of the previous one).
	After string
}

func readFilter(q url.Values) filter {
	return filter{
		Sector: q.Get("secteur"), Category: q.Get("categorie"), Status: q.Get("statut"), Priority: q.Get("priorite"),
		From: q.Get("du"), To: q.Get("au"), Query: strings.TrimSpace(q.Get("q")), Held: q.Get("attente") == "1",
		After: q.Get("apres"),
	}
}

// next is the URL of the page after one that ended at key.
func (f filter) next(key string) string {
	q := url.Values{}
	for k, v := range map[string]string{"secteur": f.Sector, "categorie": f.Category, "statut": f.Status,
		"priorite": f.Priority, "du": f.From, "au": f.To, "q": f.Query, "apres": key} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Held {
		q.Set("attente", "1")
	}
	return "/?" + q.Encode()
}

// row is one conversation of the list.
type row struct {
	state.Conversation
	Held, Tasks int
}

type triagePage struct {
	F    filter
	Rows []row
	// Next is the URL of the following page ("" on the last).
	Next       string
	HeldTotal  int
	Now        time.Time
	Sectors    []string
	Categories []classify.Category
	Statuses   []string
	Priorities []string
}

func (s *Server) triage(w http.ResponseWriter, r *http.Request, sess *session) {
	f := readFilter(r.URL.Query())
	held, tasks, err := s.counts()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// One page, read through the status index: its cost does not grow
	// with the conversations kept.
	q := state.PageQuery{Statuses: statusOrder, After: f.After, Limit: pageRows,
		Match: func(c *state.Conversation) bool { return f.match(c, held[c.ID] > 0) }}
	if f.Status != "" {
		q.Statuses = []string{f.Status}
	}
	page, err := s.o.Store.ConversationPage(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := triagePage{F: f, Now: s.o.Clock(), Sectors: s.o.Sectors, Categories: classify.Categories,
		Statuses:   statusOrder,
		Priorities: []string{state.PriorityUrgent, state.PriorityHigh, state.PriorityNormal}}
	for _, n := range held {
		d.HeldTotal += n
	}
	for _, c := range page.Conversations {
		d.Rows = append(d.Rows, row{Conversation: c, Held: held[c.ID], Tasks: tasks[c.ID]})
	}
	if page.Next != "" {
		d.Next = f.next(page.Next)
	}
	s.render(w, r, sess, http.StatusOK, "triage", view{Title: "Tri du courrier", Nav: "tri", Data: d})
}

// counts are the held mails and open tasks per conversation, read from
// the hot outbox and the open-task index.
func (s *Server) counts() (held, tasks map[string]int, err error) {
	out, err := s.o.Store.Unsent()
	if err != nil {
		return nil, nil, err
	}
	if tasks, err = s.o.Store.OpenTasks(); err != nil {
		return nil, nil, err
	}
	held = map[string]int{}
	for _, o := range out {
		if o.Status == state.OutHeld {
			held[o.ConversationID]++
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
