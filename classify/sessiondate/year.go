package sessiondate

import (
	"time"

	"mailbot/mailbot/calendar"
)

// recentPast is how far back a yearless date may lie from the message's
// date. A centre writing on 30 January about "la session du 28/01" means
// the session two days ago, not one a year away; beyond two months a
// yearless date is read as the next such date.
const recentPast = 61 * 24 * time.Hour

// resolve turns m into a civil date, against the Paris date of ref.
func resolve(m mention, ref time.Time) (time.Time, bool) {
	today := calendar.DateOf(ref)
	switch {
	case m.year != 0:
		return exact(m, m.year)
	case ref.IsZero():
		return time.Time{}, false // no message date: anything else would be a guess
	case m.rel != absolute:
		return resolveRelative(m, today)
	case m.week == 0 && m.month == 0:
		return nextWeekdayDay(m.day, m.weekday, today)
	}
	var options []time.Time
	for y := today.Year() - 1; y <= today.Year()+1; y++ {
		if d, ok := exact(m, y); ok && !d.Before(today.Add(-recentPast)) {
			options = append(options, d)
		}
	}
	if m.hasWeekday {
		for _, d := range options {
			if d.Weekday() == m.weekday {
				return d, true
			}
		}
	}
	if len(options) == 0 {
		return time.Time{}, false
	}
	return options[0], true // options grow by year: the recent past, else the next
}

// exact builds m's date in year y, refusing days that do not exist
// (31/02) and years outside what a session can have.
func exact(m mention, y int) (time.Time, bool) {
	if y < 2000 || y > 2099 {
		return time.Time{}, false
	}
	if m.week != 0 {
		return isoWeekMonday(y, m.week)
	}
	if m.month < 1 || m.month > 12 || m.day < 1 {
		return time.Time{}, false
	}
	d := calendar.Date(y, time.Month(m.month), m.day)
	if d.Day() != m.day {
		return time.Time{}, false
	}
	return d, true
}

// isoWeekMonday returns the Monday of ISO 8601 week w of year y: week 1 is
// the week with the year's first Thursday, so 4 January is always in it.
func isoWeekMonday(y, w int) (time.Time, bool) {
	jan4 := calendar.Date(y, time.January, 4)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
	if _, got := monday.ISOWeek(); w < 1 || got != w {
		return time.Time{}, false
	}
	return monday, true
}
