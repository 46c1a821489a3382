package calendar

import (
	"sync"
	"time"

	"github.com/rickar/cal/v2/fr"
)

// byYear caches, per year, the 11 French public holidays of fr.Holidays
// (1 Jan, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 Jul,
// 15 Aug, 1 Nov, 11 Nov, 25 Dec) as civil date → French name. Computing them
// costs eleven Easter calculations, and working-day loops ask for the same
// year hundreds of times.
var byYear sync.Map // int → map[time.Time]string

func holidaysOf(year int) map[time.Time]string {
	if m, ok := byYear.Load(year); ok {
		return m.(map[time.Time]string)
	}
	m := make(map[time.Time]string, len(fr.Holidays))
	for _, h := range fr.Holidays {
		if actual, _ := h.Calc(year); !actual.IsZero() {
			m[civil(actual)] = h.Name
		}
	}
	byYear.Store(year, m)
	return m
}

// Date returns the civil date y-m-d (00:00 UTC). Out-of-range values
// normalise as in [time.Date].
func Date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DateOf returns the Paris civil date of the instant t.
func DateOf(t time.Time) time.Time {
	y, m, d := t.In(Paris).Date()
	return Date(y, m, d)
}

// civil reduces date to its civil date, read in its own location.
func civil(date time.Time) time.Time {
	y, m, d := date.Date()
	return Date(y, m, d)
}

// Holiday returns the French name of the public holiday on date
// ("Lundi de Pâques") and whether date is one.
func Holiday(date time.Time) (string, bool) {
	d := civil(date)
	name, ok := holidaysOf(d.Year())[d]
	return name, ok
}

// IsWorkingDay reports whether date is a jour ouvré: Monday to Friday and
// not a public holiday. Configured closures do not count (see the package
// documentation).
func (c *Calendar) IsWorkingDay(date time.Time) bool {
	d := civil(date)
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, holiday := Holiday(d)
	return !holiday
}

// AddWorkingDays returns the n-th working day after date (before it when n
// is negative), as a civil date. With n == 0 it returns date itself, even
// when date is not a working day.
func (c *Calendar) AddWorkingDays(date time.Time, n int) time.Time {
	d := civil(date)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after a up to and including b:
// the age in working days of something that arrived on a, seen on b. When b
// is before a it counts the working days from b up to, not including, a and
// returns that count negated. Either way AddWorkingDays(a,
// WorkingDaysBetween(a, b)) is b whenever b is a working day.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	from, to := civil(a), civil(b)
	if to.Before(from) {
		return -c.countWorkingDays(to.AddDate(0, 0, -1), from.AddDate(0, 0, -1))
	}
	return c.countWorkingDays(from, to)
}

// countWorkingDays counts the working days d with from < d <= to.
func (c *Calendar) countWorkingDays(from, to time.Time) int {
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}
