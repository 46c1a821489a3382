package calendar

import (
	"fmt"
	"time"
)

// Window names a set of opening hours.
type Window int

// The windows of SPEC section 3.
const (
	// GEVHours is when the GEV desk works: agent tasks, digests and, when so
	// configured, template replies.
	GEVHours Window = iota + 1
	// Engineering is when questions are forwarded to the training engineers.
	Engineering
)

// String names the window as the configuration and logs do.
func (w Window) String() string {
	switch w {
	case GEVHours:
		return "gev"
	case Engineering:
		return "engineering"
	}
	return fmt.Sprintf("window(%d)", int(w))
}

// Default hours from the seed: "Lundi au jeudi: 8h30 à 17h30, Vendredi: 8h30
// à 15h" and "Pour les demandes liées à Ingénierie vendredi 8h30 à 12h".
var (
	defaultGEV         = weekdays(Hours{8*time.Hour + 30*time.Minute, 17*time.Hour + 30*time.Minute}, Hours{8*time.Hour + 30*time.Minute, 15 * time.Hour})
	defaultEngineering = weekdays(Hours{8*time.Hour + 30*time.Minute, 17*time.Hour + 30*time.Minute}, Hours{8*time.Hour + 30*time.Minute, 12 * time.Hour})
)

// weekdays builds a week open Monday to Thursday with monThu and Friday
// with fri.
func weekdays(monThu, fri Hours) Week {
	var w Week
	for d := time.Monday; d <= time.Thursday; d++ {
		w[d] = Day{monThu}
	}
	if !fri.IsClosed() {
		w[time.Friday] = Day{fri}
	}
	return w
}

// DefaultWeek is the seed's week of window w; an unknown window is closed
// every day.
func DefaultWeek(w Window) Week {
	switch w {
	case GEVHours:
		return defaultGEV
	case Engineering:
		return defaultEngineering
	}
	return Week{}
}

// Options configures a Calendar. The zero Options gives SPEC's defaults.
type Options struct {
	// Closures are extra days GEV is closed (bridges, Christmas week), as
	// civil dates; their time of day is ignored. They close both windows
	// but are still working days.
	Closures []time.Time
	// GEVHours replaces the default GEV hours (Monday–Thursday 08:30–17:30,
	// Friday 08:30–15:00) when non-nil.
	GEVHours *Week
	// EngineeringHours replaces the default engineering window
	// (Monday–Thursday 08:30–17:30, Friday 08:30–12:00) when non-nil.
	EngineeringHours *Week
}

// Calendar answers business-time questions. It is immutable once built and
// safe for concurrent use.
type Calendar struct {
	hours    map[Window]Week
	closures map[time.Time]bool
}

// New builds a Calendar from opts, checking any hours it overrides.
func New(opts Options) (*Calendar, error) {
	c := &Calendar{
		hours:    map[Window]Week{GEVHours: defaultGEV, Engineering: defaultEngineering},
		closures: make(map[time.Time]bool, len(opts.Closures)),
	}
	for w, week := range map[Window]*Week{GEVHours: opts.GEVHours, Engineering: opts.EngineeringHours} {
		if week == nil {
			continue
		}
		if err := week.validate(); err != nil {
			return nil, fmt.Errorf("calendar: %s hours: %w", w, err)
		}
		c.hours[w] = *week
	}
	for _, d := range opts.Closures {
		c.closures[civil(d)] = true
	}
	return c, nil
}

// Hours returns the opening hours of w on date: closed on weekends as the
// week says, on public holidays and on configured closures.
func (c *Calendar) Hours(w Window, date time.Time) Day {
	d := civil(date)
	if c.closures[d] {
		return nil
	}
	if _, holiday := Holiday(d); holiday {
		return nil
	}
	return c.hours[w][d.Weekday()]
}

// Week returns the weekly hours of w, before holidays and closures.
func (c *Calendar) Week(w Window) Week { return c.hours[w] }

// In reports whether the instant t falls inside window w.
func (c *Calendar) In(w Window, t time.Time) bool {
	local := t.In(Paris)
	since := wallClock(local)
	for _, h := range c.Hours(w, local) {
		if since >= h.Open && since < h.Close {
			return true
		}
	}
	return false
}

// maxSearchDays bounds Next's search; a calendar closed for longer than
// this has a configuration fault rather than a holiday.
const maxSearchDays = 366

// Next returns the first instant at or after t inside window w: t itself
// when t is inside, otherwise the next opening in Paris local time. Openings
// are wall-clock times, so a Monday after a DST change still opens at 08:30.
// It returns the zero time when closures keep w shut for a whole year, or
// when w is not a known window.
func (c *Calendar) Next(w Window, t time.Time) time.Time {
	if c.In(w, t) {
		return t
	}
	first := DateOf(t)
	for i := 0; i <= maxSearchDays; i++ {
		day := first.AddDate(0, 0, i)
		for _, h := range c.Hours(w, day) {
			if open := at(day, h.Open); !open.Before(t) {
				return open
			}
		}
	}
	return time.Time{}
}

// wallClock is the Paris wall-clock time of local since its midnight, read
// from the clock face so DST days do not shift it.
func wallClock(local time.Time) time.Duration {
	h, m, s := local.Clock()
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(local.Nanosecond())
}

// at returns the Paris instant at wall-clock offset off on day's date.
// Building it from clock fields (not midnight plus a duration) keeps 08:30
// at 08:30 on the days the clocks change.
func at(day time.Time, off time.Duration) time.Time {
	y, m, d := day.Date()
	h := int(off / time.Hour)
	mi := int(off % time.Hour / time.Minute)
	sec := int(off % time.Minute / time.Second)
	return time.Date(y, m, d, h, mi, sec, int(off%time.Second), Paris)
}
