package web

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/digest"
	"mailbot/state"
)

// agreement is the bot–agent agreement of the period: the agents'
// verdicts (state.Verdict) on the conversations they handled, per ISO
// week of the mail's arrival and per category.
type agreement struct {
	Total      rate
	Weeks      []rate
	Categories []categoryRate
}

// rate is agreed samples out of Samples.
type rate struct {
	Label           string
	Agreed, Samples int
}

// Percent is the rate in French style ("87 %"), "—" without samples.
func (r rate) Percent() string {
	if r.Samples == 0 {
		return "—"
	}
	return fmt.Sprintf("%d\u202f%%", int(math.Round(100*float64(r.Agreed)/float64(r.Samples))))
}

func (r *rate) add(agreed bool) {
	r.Samples++
	if agreed {
		r.Agreed++
	}
}

// categoryRate splits a category's samples by the bot's choice (how often
// agents kept it) and by the agents' (how often the bot had found it).
type categoryRate struct {
	Label      string
	Bot, Agent rate
}

// agreementOf counts the verdicts on mail received from the day from on.
func agreementOf(verdicts []state.Verdict, from time.Time) agreement {
	var a agreement
	weeks := map[[2]int]*rate{}
	var order [][2]int
	cats := map[string]*categoryRate{}
	for i := range verdicts {
		v := &verdicts[i]
		day := calendar.DateOf(v.Received)
		if day.Before(from) {
			continue
		}
		ok := v.Agreed()
		a.Total.add(ok)
		y, w := day.ISOWeek()
		k := [2]int{y, w}
		if weeks[k] == nil {
			weeks[k] = &rate{Label: weekLabel(day)}
			order = append(order, k)
		}
		weeks[k].add(ok)
		for _, c := range []string{v.BotCategory, v.AgentCategory} {
			if cats[c] == nil {
				cats[c] = &categoryRate{Label: digest.CategoryLabel(c)}
			}
		}
		cats[v.BotCategory].Bot.add(ok)
		cats[v.AgentCategory].Agent.add(ok)
	}
	slices.SortFunc(order, func(x, y [2]int) int { return cmp.Or(x[0]-y[0], x[1]-y[1]) })
	for _, k := range order {
		a.Weeks = append(a.Weeks, *weeks[k])
	}
	for _, c := range classify.Categories {
		if r := cats[string(c)]; r != nil {
			a.Categories = append(a.Categories, *r)
		}
	}
	return a
}

// weekLabel names the ISO week of day with its Monday and Sunday.
func weekLabel(day time.Time) string {
	y, w := day.ISOWeek()
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return fmt.Sprintf("Semaine %d de %d (du %s au %s)", w, y, monday.Format("02/01"), monday.AddDate(0, 0, 6).Format("02/01"))
}
