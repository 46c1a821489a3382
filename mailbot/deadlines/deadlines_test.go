package deadlines

import (
	"testing"
	"time"

	"mailbot/mailbot/calendar"
)

var d = calendar.Date

func paris(y int, m time.Month, dd, hh, mm int) time.Time {
	return time.Date(y, m, dd, hh, mm, 0, 0, calendar.Paris)
}

func newCal(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(calendar.Options{})
	if err != nil {
		t.Fatalf("calendar.New: %v", err)
	}
	return c
}

func TestSubMonths(t *testing.T) {
	tests := []struct {
		name string
		date time.Time
		n    int
		want time.Time
	}{
		{"31 May clamps to 28 Feb", d(2027, 5, 31), 3, d(2027, 2, 28)},
		{"30 May clamps to 28 Feb", d(2027, 5, 30), 3, d(2027, 2, 28)},
		{"29 May clamps to 28 Feb", d(2027, 5, 29), 3, d(2027, 2, 28)},
		{"28 May is 28 Feb", d(2027, 5, 28), 3, d(2027, 2, 28)},
		{"31 May 2028 leap year", d(2028, 5, 31), 3, d(2028, 2, 29)},
		{"31 March goes to 31 Dec of previous year", d(2027, 3, 31), 3, d(2026, 12, 31)},
		{"31 July clamps to 30 April", d(2027, 7, 31), 3, d(2027, 4, 30)},
		{"15 January to October of previous year", d(2027, 1, 15), 3, d(2026, 10, 15)},
		{"negative adds and clamps", d(2027, 11, 30), -3, d(2028, 2, 29)},
		{"zero keeps the date", d(2027, 5, 31), 0, d(2027, 5, 31)},
		{"Paris-local input keeps its date", paris(2027, 5, 31, 23, 30), 3, d(2027, 2, 28)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SubMonths(tc.date, tc.n); !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got.Format("2006-01-02"), tc.want.Format("2006-01-02"))
			}
		})
	}
}

func TestRequestDeadline(t *testing.T) {
	tests := []struct {
		name    string
		session time.Time
		want    time.Time
	}{
		{"seed example: 28 May 2027", d(2027, 5, 28), d(2027, 2, 27)},
		{"12 April 2027 → 11 January", d(2027, 4, 12), d(2027, 1, 11)},
		{"31 May clamps then minus a day", d(2027, 5, 31), d(2027, 2, 27)},
		{"30 May clamps then minus a day", d(2027, 5, 30), d(2027, 2, 27)},
		{"31 May 2028 leap year", d(2028, 5, 31), d(2028, 2, 28)},
		{"31 March → 30 December", d(2027, 3, 31), d(2026, 12, 30)},
		{"1 April → 31 December", d(2027, 4, 1), d(2026, 12, 31)},
		{"1 March → 30 November", d(2027, 3, 1), d(2026, 11, 30)},
		{"31 December 2027 clamps to 30 September, then 29", d(2027, 12, 31), d(2027, 9, 29)},
		{"31 August 2028 → 31 May, then 30", d(2028, 8, 31), d(2028, 5, 30)},
		{"29 May 2028 reaches 29 February of a leap year", d(2028, 5, 29), d(2028, 2, 28)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := RequestDeadline(tc.session); !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got.Format("2006-01-02"), tc.want.Format("2006-01-02"))
			}
		})
	}
}

// TestDue: a link is due from its opening run, never before: at 07:30 on
// its opening day it is not, at 08:00 it is.
func TestDue(t *testing.T) {
	cal := newCal(t)
	session := d(2027, 6, 21) // organiser 22/04 08:00, jury and candidates 14/06 08:00
	tests := []struct {
		name      string
		now       time.Time
		organiser bool
		jury      bool
	}{
		{"day before the organiser opening", paris(2027, 4, 21, 21, 0), false, false},
		{"07:30 on the organiser opening day", paris(2027, 4, 22, 7, 30), false, false},
		{"08:00 on the organiser opening day", paris(2027, 4, 22, 8, 0), true, false},
		{"07:59 on the jury opening day", paris(2027, 6, 14, 7, 59), true, false},
		{"08:00 on the jury opening day", paris(2027, 6, 14, 8, 0), true, true},
		{"after the session", paris(2027, 6, 25, 10, 0), true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := Assess(CCP, session, tc.now, cal)
			if got := a.Due(Organiser); got != tc.organiser {
				t.Errorf("organiser: got %v, want %v", got, tc.organiser)
			}
			for _, l := range []Link{JuryAndCandidates, AllLinks} {
				if got := a.Due(l); got != tc.jury {
					t.Errorf("link %d: got %v, want %v", l, got, tc.jury)
				}
			}
		})
	}
	if Assess(TP, session, paris(2027, 6, 20, 9, 0), cal).Due(Organiser) {
		t.Error("a TP session has no CCP link to be due")
	}
}

func TestShippingWindow(t *testing.T) {
	from, to := ShippingWindow(d(2027, 4, 19))
	if want := d(2027, 3, 8); !from.Equal(want) {
		t.Errorf("from: got %v, want %v", from, want)
	}
	if want := d(2027, 3, 15); !to.Equal(want) {
		t.Errorf("to: got %v, want %v", to, want)
	}
}

func TestLinkOpenings(t *testing.T) {
	cal := newCal(t)
	tests := []struct {
		name      string
		session   time.Time
		organiser time.Time
		jury      time.Time
	}{
		{"plain week", d(2027, 6, 21), paris(2027, 4, 22, 8, 0), paris(2027, 6, 14, 8, 0)},
		{"across Easter Monday 2027", d(2027, 4, 2), paris(2027, 2, 1, 8, 0), paris(2027, 3, 25, 8, 0)},
		{"across Ascension 2027", d(2027, 5, 11), paris(2027, 3, 12, 8, 0), paris(2027, 5, 3, 8, 0)},
		{"across Whit Monday 2027", d(2027, 5, 21), paris(2027, 3, 22, 8, 0), paris(2027, 5, 13, 8, 0)},
		{"across Ascension and 8 May on a Saturday", d(2027, 5, 10), paris(2027, 3, 11, 8, 0), paris(2027, 4, 30, 8, 0)},
		{"Monday session after 1 Nov 2027", d(2027, 11, 8), paris(2027, 9, 9, 8, 0), paris(2027, 10, 29, 8, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := OrganiserOpens(tc.session); !got.Equal(tc.organiser) {
				t.Errorf("organiser: got %v, want %v", got, tc.organiser)
			}
			if got := JuryOpens(tc.session, cal); !got.Equal(tc.jury) {
				t.Errorf("jury: got %v, want %v", got, tc.jury)
			}
		})
	}
}

func TestNextActivation(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want time.Time
	}{
		{"night waits for 08:00", paris(2027, 1, 28, 2, 0), paris(2027, 1, 28, 8, 0)},
		{"08:00 exactly is a run", paris(2027, 1, 28, 8, 0), paris(2027, 1, 28, 8, 0)},
		{"09:00 waits for 15:00", paris(2027, 1, 28, 9, 0), paris(2027, 1, 28, 15, 0)},
		{"15:01 waits for 21:00", paris(2027, 1, 28, 15, 1), paris(2027, 1, 28, 21, 0)},
		{"21:30 waits for next day", paris(2027, 1, 28, 21, 30), paris(2027, 1, 29, 8, 0)},
		{"runs on Sundays too", paris(2027, 6, 13, 10, 0), paris(2027, 6, 13, 15, 0)},
		{"DST start day 08:00 CEST", paris(2027, 3, 28, 5, 0), paris(2027, 3, 28, 8, 0)},
		{"UTC input read in Paris", time.Date(2027, 1, 28, 20, 30, 0, 0, time.UTC), paris(2027, 1, 29, 8, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NextActivation(tc.t); !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAssessTwoWeekThreshold(t *testing.T) {
	cal := newCal(t)
	session := d(2027, 6, 1) // write again from 18 May
	tests := []struct {
		name   string
		now    time.Time
		within bool
		days   int
		past   bool
	}{
		{"15 days before", paris(2027, 5, 17, 23, 59), false, 15, false},
		{"14 days before, first minute", paris(2027, 5, 18, 0, 0), true, 14, false},
		{"J-14 morning (corpus 039)", paris(2027, 5, 18, 8, 47), true, 14, false},
		{"session day", paris(2027, 6, 1, 9, 0), true, 0, false},
		{"day after", paris(2027, 6, 2, 9, 0), true, -1, true},
		{"UTC evening is already next Paris day", time.Date(2027, 5, 17, 22, 30, 0, 0, time.UTC), true, 14, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := Assess(TP, session, tc.now, cal)
			if a.WithinTwoWeeks != tc.within || a.DaysToSession != tc.days || a.Past != tc.past {
				t.Errorf("got within=%v days=%d past=%v, want within=%v days=%d past=%v",
					a.WithinTwoWeeks, a.DaysToSession, a.Past, tc.within, tc.days, tc.past)
			}
			if want := d(2027, 5, 18); !a.WriteAgainFrom.Equal(want) {
				t.Errorf("write again: got %v, want %v", a.WriteAgainFrom, want)
			}
		})
	}
}

func TestAssessTP(t *testing.T) {
	cal := newCal(t)
	// Corpus 021: ECM session 28/05/2027, asked on 02/03/2027.
	a := Assess(TP, d(2027, 5, 28), paris(2027, 3, 2, 12, 48), cal)
	checks := []struct {
		name      string
		got, want any
	}{
		{"deadline", a.RequestDeadline, d(2027, 2, 27)},
		{"too late", a.RequestTooLate, true},
		{"ship from", a.ShipFrom, d(2027, 4, 16)},
		{"ship to", a.ShipTo, d(2027, 4, 23)},
		{"ship window over", a.ShipWindowOver, false},
		{"no CCP link", a.OrganiserOpens, time.Time{}},
		{"kind", a.Kind.String(), "TP"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
	shipped := Assess(TP, d(2027, 4, 19), paris(2027, 3, 16, 9, 0), cal)
	if !shipped.ShipWindowOver {
		t.Errorf("day after ShipTo %v: got window not over, want over", shipped.ShipTo)
	}
	onDeadline := Assess(TP, d(2027, 5, 28), paris(2027, 2, 27, 23, 59), cal)
	if onDeadline.RequestTooLate {
		t.Errorf("on the deadline day: got too late, want still possible")
	}
}

func TestAssessCCP(t *testing.T) {
	cal := newCal(t)
	session := d(2027, 6, 21) // corpus 052: Monday 21 June, asked Friday 11 June
	tests := []struct {
		name           string
		now            time.Time
		organiser      bool
		jury           bool
		within         bool
		requestTooLate bool
	}{
		{"request still possible", paris(2027, 3, 20, 12, 0), false, false, false, false},
		{"before the organiser opening", paris(2027, 4, 21, 23, 0), false, false, false, true},
		{"day before write-again", paris(2027, 6, 6, 20, 0), true, false, false, true},
		{"organiser opening day 07:59", paris(2027, 4, 22, 7, 59), false, false, false, true},
		{"organiser opening day 08:00", paris(2027, 4, 22, 8, 0), true, false, false, true},
		{"ten days before: jury not yet", paris(2027, 6, 11, 16, 33), true, false, true, true},
		{"jury opening day 08:00", paris(2027, 6, 14, 8, 0), true, true, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := Assess(CCP, session, tc.now, cal)
			if a.OrganiserLinkOpen != tc.organiser || a.JuryLinksOpen != tc.jury ||
				a.WithinTwoWeeks != tc.within || a.RequestTooLate != tc.requestTooLate {
				t.Errorf("got organiser=%v jury=%v within=%v late=%v, want %v %v %v %v",
					a.OrganiserLinkOpen, a.JuryLinksOpen, a.WithinTwoWeeks, a.RequestTooLate,
					tc.organiser, tc.jury, tc.within, tc.requestTooLate)
			}
			if !a.ShipFrom.IsZero() {
				t.Errorf("CCP ship window: got %v, want zero", a.ShipFrom)
			}
		})
	}
}
