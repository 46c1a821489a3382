package digest

import (
	"fmt"
	"time"

	"mailbot/mailbot/calendar"
)

// searchDays bounds the search for a working day (a year of closures
// would be a configuration mistake, not a schedule).
const searchDays = 366

// ParseClock reads "08:15" as the time of day it names.
func ParseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("digest time %q: want HH:MM: %w", s, err)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// NextRun is the first digest time strictly after t: the clock time on a
// day the GEV works (not a weekend, holiday or closure), in Paris time.
func NextRun(cal *calendar.Calendar, clock time.Duration, t time.Time) time.Time {
	day := calendar.DateOf(t)
	for range searchDays {
		if run := at(day, clock); run.After(t) && !cal.Hours(calendar.GEVHours, day).IsClosed() {
			return run
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}
}

// PrevRun is the last digest time at or before t (the start of the
// period of a first digest).
func PrevRun(cal *calendar.Calendar, clock time.Duration, t time.Time) time.Time {
	day := calendar.DateOf(t)
	for range searchDays {
		if run := at(day, clock); !run.After(t) && !cal.Hours(calendar.GEVHours, day).IsClosed() {
			return run
		}
		day = day.AddDate(0, 0, -1)
	}
	return t.Add(-24 * time.Hour)
}

// at is the civil day (00:00 UTC, as calendar uses) at clock, Paris time.
func at(day time.Time, clock time.Duration) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, int(clock/time.Hour), int(clock%time.Hour/time.Minute), 0, 0, calendar.Paris)
}
