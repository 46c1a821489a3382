package calendar

import (
	"time"
	// The zone database is embedded so that machines without tzdata
	// (minimal containers) still compute Paris time.
	_ "time/tzdata"
)

// Paris is the Europe/Paris location every GEV time is read in.
var Paris = mustLoad("Europe/Paris")

// mustLoad panics only if the embedded zone database lacks name, which is a
// build defect, not bad input.
func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("calendar: embedded tzdata has no " + name + ": " + err.Error())
	}
	return loc
}
