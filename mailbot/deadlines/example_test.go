package deadlines_test

import (
	"fmt"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/mailbot/deadlines"
)

// A CCP session on Monday 21 June 2027, asked about ten days before.
func ExampleAssess() {
	cal, err := calendar.New(calendar.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	now := time.Date(2027, time.June, 11, 16, 33, 0, 0, calendar.Paris)
	a := deadlines.Assess(deadlines.CCP, calendar.Date(2027, time.June, 21), now, cal)
	fmt.Println("request deadline:", a.RequestDeadline.Format("02/01/2006"))
	fmt.Println("organiser link:", a.OrganiserOpens.Format("02/01/2006 15:04"), a.OrganiserLinkOpen)
	fmt.Println("jury links:", a.JuryOpens.Format("02/01/2006 15:04"), a.JuryLinksOpen)
	fmt.Println("write again from:", a.WriteAgainFrom.Format("02/01/2006"), a.WithinTwoWeeks)
	// Output:
	// request deadline: 20/03/2027
	// organiser link: 22/04/2027 08:00 true
	// jury links: 14/06/2027 08:00 false
	// write again from: 07/06/2027 true
}
