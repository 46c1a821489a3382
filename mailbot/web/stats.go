package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/digest"
	"mailbot/state"
)

type statsPage struct {
	Days                           int
	Periods                        []int
	ByCategory, BySector, Handling chart
	Answers                        chart
	Answered, Waiting              int
	MedianDays                     string
	Agreement                      agreement
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request, sess *session) {
	n, err := strconv.Atoi(r.URL.Query().Get("jours"))
	if err != nil || n < 1 || n > 366 {
		n = 30
	}
	convs, err := s.o.Store.Conversations()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, tasks, err := s.counts()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	verdicts, err := s.o.Store.Verdicts()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today := calendar.DateOf(s.o.Clock())
	var days []time.Time
	for i := n - 1; i >= 0; i-- {
		days = append(days, today.AddDate(0, 0, -i))
	}
	d := statsPage{Days: n, Periods: []int{7, 30, 90, 365}}
	d.ByCategory = stacked("Courrier reçu par jour et par catégorie", dayColumns(days), perDay(convs, days, categoryOf))
	d.BySector = stacked("Courrier reçu par jour et par secteur", dayColumns(days), perDay(convs, days, sectorOf))
	d.Handling = share("Conversations traitées par le bot seul ou avec un agent", handling(convs, tasks, days[0]))
	s.answerTimes(&d, convs, days[0])
	d.Agreement = agreementOf(verdicts, days[0])
	s.render(w, r, sess, http.StatusOK, "stats", view{Title: "Statistiques", Nav: "stats", Data: d})
}

func categoryOf(c *state.Conversation) (string, string) {
	return c.Category, digest.CategoryLabel(c.Category)
}
func sectorOf(c *state.Conversation) (string, string) { return c.Sector, digest.SectorLabel(c.Sector) }

// perDay counts incoming mail per day, split by key.
func perDay(convs []state.Conversation, days []time.Time, key func(*state.Conversation) (string, string)) []series {
	index := map[time.Time]int{}
	for i, d := range days {
		index[d] = i
	}
	byKey := map[string]*series{}
	var order []string
	for i := range convs {
		c := &convs[i]
		k, label := key(c)
		for _, e := range c.Entries {
			j, ok := index[calendar.DateOf(e.At)]
			if e.Kind != "in" || !ok {
				continue
			}
			if byKey[k] == nil {
				byKey[k] = &series{Label: label, Values: make([]int, len(days))}
				order = append(order, k)
			}
			byKey[k].Values[j]++
		}
	}
	slices.SortFunc(order, func(a, b string) int { return rankKey(a) - rankKey(b) })
	out := make([]series, len(order))
	for i, k := range order {
		out[i] = *byKey[k]
	}
	return out
}

// rankKey keeps series in a stable order: categories, then sectors.
func rankKey(k string) int {
	if i := slices.Index(classify.Categories, classify.Category(k)); i >= 0 {
		return i
	}
	return 100 + int(k[0])
}

// handling splits the period's conversations between those the bot
// handled alone and those an agent had to touch (a task, a note, or a
// conversation waiting for one).
func handling(convs []state.Conversation, tasks map[string]int, from time.Time) []series {
	auto, human := 0, 0
	for _, c := range convs {
		if calendar.DateOf(c.Created).Before(from) {
			continue
		}
		touched := tasks[c.ID] > 0 || c.Status == state.StatusNeedsHuman ||
			slices.ContainsFunc(c.Entries, func(e state.Entry) bool { return e.Kind == "note" && e.From != "" })
		if touched {
			human++
		} else {
			auto++
		}
	}
	return []series{{Label: "Bot seul", Values: []int{auto}}, {Label: "Avec un agent", Values: []int{human}}}
}

// answerBuckets group the engineers' answer times in working days.
var answerBuckets = []string{"Le jour même", "1 jour ouvré", "2 jours", "3 jours", "4 à 5 jours", "Plus de 5 jours"}

func bucket(days int) int {
	switch {
	case days <= 3:
		return max(days, 0)
	case days <= 5:
		return 4
	}
	return 5
}

// answerTimes measures, for the questions forwarded in the period, the
// working days from the forward to the relayed answer.
func (s *Server) answerTimes(d *statsPage, convs []state.Conversation, from time.Time) {
	counts := make([]int, len(answerBuckets))
	var all []int
	for _, c := range convs {
		if c.ForwardedAt.IsZero() || calendar.DateOf(c.ForwardedAt).Before(from) {
			continue
		}
		i := slices.IndexFunc(c.Entries, func(e state.Entry) bool {
			return e.Kind == "out" && e.Action == "relay" && !e.At.Before(c.ForwardedAt)
		})
		if i < 0 {
			if c.Status == state.StatusWaitingEngineer {
				d.Waiting++
			}
			continue
		}
		n := s.o.Calendar.WorkingDaysBetween(calendar.DateOf(c.ForwardedAt), calendar.DateOf(c.Entries[i].At))
		counts[bucket(n)]++
		all = append(all, n)
	}
	d.Answered = len(all)
	if len(all) > 0 {
		slices.Sort(all)
		d.MedianDays = strconv.Itoa(all[len(all)/2])
	}
	data := make([]series, 1)
	data[0] = series{Label: "Réponses", Values: counts}
	d.Answers = stacked("Délai de réponse des ingénieurs (jours ouvrés)", answerBuckets, data)
}
