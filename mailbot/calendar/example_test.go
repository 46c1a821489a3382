package calendar_test

import (
	"fmt"
	"time"

	"mailbot/mailbot/calendar"
)

// A question that reaches GEV on the Friday before Easter Monday 2027, after
// the engineering window has closed, is forwarded on Tuesday morning.
func ExampleCalendar_Next() {
	c, err := calendar.New(calendar.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	queued := time.Date(2027, time.March, 26, 12, 5, 0, 0, calendar.Paris)
	fmt.Println(c.Next(calendar.Engineering, queued).Format("Mon 02/01/2006 15:04 MST"))
	// Output: Tue 30/03/2027 08:30 CEST
}
