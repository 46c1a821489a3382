package deadlines

import (
	"time"

	"mailbot/mailbot/calendar"
)

// SubMonths returns the civil date n months before date (after it when n is
// negative), clamped to the end of the target month: 3 months before 31 May
// is 28 February (29 in a leap year), never 3 March as time.AddDate would
// give.
func SubMonths(date time.Time, n int) time.Time {
	y, m, d := calendar.DateOf(date).Date()
	first := calendar.Date(y, m-time.Month(n), 1) // normalises the year
	last := first.AddDate(0, 1, -1).Day()
	return calendar.Date(first.Year(), first.Month(), min(d, last))
}
