package sessiondate_test

import (
	"fmt"
	"time"

	"mailbot/classify/sessiondate"
	"mailbot/mailbot/calendar"
)

// A moved session: the new date is the one the centre means.
func ExampleFind() {
	received := time.Date(2027, time.March, 23, 14, 20, 0, 0, calendar.Paris)
	d, reason, ok := sessiondate.Find("Modification date session",
		"Notre session prévue le 11 mai est décalée d'une semaine, au mardi 18 mai.", "", received)
	fmt.Println(d.Format("2006-01-02"), ok)
	fmt.Println(reason)
	// Output:
	// 2027-05-18 true
	// nouvelle date de session 18/05/2027 lue dans « session prévue le 11 mai est décalée d'une semaine, au mardi 18 mai » (texte du message)
}
