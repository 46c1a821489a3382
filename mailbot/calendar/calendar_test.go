package calendar

import (
	"strings"
	"testing"
	"time"
)

// paris builds a Paris wall-clock instant.
func paris(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, Paris)
}

func mustNew(t *testing.T, opts Options) *Calendar {
	t.Helper()
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestNext(t *testing.T) {
	c := mustNew(t, Options{Closures: []time.Time{Date(2027, time.December, 24)}})
	tests := []struct {
		name string
		w    Window
		t    time.Time
		want time.Time
	}{
		{"engineering Friday 11:59 goes at once", Engineering, paris(2027, 6, 11, 11, 59), paris(2027, 6, 11, 11, 59)},
		{"engineering Friday 12:00 waits for Monday", Engineering, paris(2027, 6, 11, 12, 0), paris(2027, 6, 14, 8, 30)},
		{"forward queued Friday 12:05 goes Monday 08:30", Engineering, paris(2027, 3, 19, 12, 5), paris(2027, 3, 22, 8, 30)},
		{"forward queued Friday 12:05 before Easter Monday goes Tuesday", Engineering, paris(2027, 3, 26, 12, 5), paris(2027, 3, 30, 8, 30)},
		{"GEV Friday 14:59 inside", GEVHours, paris(2027, 6, 11, 14, 59), paris(2027, 6, 11, 14, 59)},
		{"GEV Friday 15:00 closed", GEVHours, paris(2027, 6, 11, 15, 0), paris(2027, 6, 14, 8, 30)},
		{"engineering Friday 14:00 closed though GEV is open", Engineering, paris(2027, 6, 11, 14, 0), paris(2027, 6, 14, 8, 30)},
		{"Thursday 17:29 inside", GEVHours, paris(2027, 6, 10, 17, 29), paris(2027, 6, 10, 17, 29)},
		{"Thursday 17:30 goes Friday", GEVHours, paris(2027, 6, 10, 17, 30), paris(2027, 6, 11, 8, 30)},
		{"before opening on a working day", GEVHours, paris(2027, 6, 9, 7, 15), paris(2027, 6, 9, 8, 30)},
		{"exactly at opening", GEVHours, paris(2027, 6, 9, 8, 30), paris(2027, 6, 9, 8, 30)},
		{"night goes next morning", GEVHours, paris(2027, 6, 9, 23, 40), paris(2027, 6, 10, 8, 30)},
		{"Saturday goes Monday", GEVHours, paris(2027, 6, 12, 10, 0), paris(2027, 6, 14, 8, 30)},
		{"Sunday goes Monday", Engineering, paris(2027, 6, 13, 20, 0), paris(2027, 6, 14, 8, 30)},
		{"Easter Monday 2027 goes Tuesday", GEVHours, paris(2027, 3, 29, 9, 0), paris(2027, 3, 30, 8, 30)},
		{"Ascension Thursday 2027 goes Friday", GEVHours, paris(2027, 5, 6, 10, 0), paris(2027, 5, 7, 8, 30)},
		{"Wednesday evening before Ascension goes Friday", Engineering, paris(2027, 5, 5, 18, 0), paris(2027, 5, 7, 8, 30)},
		{"Whit Monday 2027 goes Tuesday", GEVHours, paris(2027, 5, 17, 9, 0), paris(2027, 5, 18, 8, 30)},
		{"14 July on a Wednesday goes Thursday", GEVHours, paris(2027, 7, 14, 11, 0), paris(2027, 7, 15, 8, 30)},
		{"1 May on a Saturday: Monday 3 May opens", GEVHours, paris(2027, 5, 1, 9, 0), paris(2027, 5, 3, 8, 30)},
		{"8 May on a Saturday: Monday 10 May opens", GEVHours, paris(2027, 5, 8, 9, 0), paris(2027, 5, 10, 8, 30)},
		{"1 Nov 2024 Friday: Thursday evening goes Monday", GEVHours, paris(2024, 10, 31, 18, 0), paris(2024, 11, 4, 8, 30)},
		{"1 Nov 2027 Monday: Friday afternoon goes Tuesday", Engineering, paris(2027, 10, 29, 13, 0), paris(2027, 11, 2, 8, 30)},
		{"DST start Sunday 28 March 2027 goes Tuesday 08:30 CEST", GEVHours, paris(2027, 3, 28, 1, 30), paris(2027, 3, 30, 8, 30)},
		{"DST end Sunday 31 October 2027 goes Tuesday 08:30 CET", GEVHours, paris(2027, 10, 31, 2, 30), paris(2027, 11, 2, 8, 30)},
		{"engineering Friday 12:00 before DST end and Toussaint goes Tuesday", Engineering, paris(2027, 10, 29, 12, 0), paris(2027, 11, 2, 8, 30)},
		{"DST start weekend 2026 goes Monday 08:30", GEVHours, paris(2026, 3, 28, 12, 0), paris(2026, 3, 30, 8, 30)},
		{"configured closure 24 Dec 2027 (Friday) goes Monday 27", GEVHours, paris(2027, 12, 24, 9, 0), paris(2027, 12, 27, 8, 30)},
		{"Christmas Eve evening before closure", Engineering, paris(2027, 12, 23, 18, 0), paris(2027, 12, 27, 8, 30)},
		{"New Year 2027 is a Friday", GEVHours, paris(2026, 12, 31, 17, 45), paris(2027, 1, 4, 8, 30)},
		{"UTC input is read in Paris", GEVHours, time.Date(2027, 6, 9, 6, 45, 0, 0, time.UTC), paris(2027, 6, 9, 8, 45)},
		{"UTC+4 sender before Paris opening", GEVHours, time.Date(2027, 4, 21, 9, 0, 0, 0, time.FixedZone("RE", 4*3600)), paris(2027, 4, 21, 8, 30)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Next(tc.w, tc.t)
			if !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got.In(Paris), tc.want)
			}
			if got.In(Paris).Format("15:04") != tc.want.Format("15:04") {
				t.Errorf("got wall clock %s, want %s", got.In(Paris).Format("15:04"), tc.want.Format("15:04"))
			}
		})
	}
}

func TestNextWallClockAcrossDST(t *testing.T) {
	c := mustNew(t, Options{})
	tests := []struct {
		name     string
		t        time.Time
		wantZone string
	}{
		{"after spring change opens in CEST", paris(2027, 3, 27, 12, 0), "CEST"},
		{"after autumn change opens in CET", paris(2027, 10, 30, 12, 0), "CET"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Next(GEVHours, tc.t).In(Paris)
			zone, _ := got.Zone()
			if got.Format("15:04") != "08:30" || zone != tc.wantZone {
				t.Errorf("got %s %s, want 08:30 %s", got.Format("15:04"), zone, tc.wantZone)
			}
		})
	}
}

func TestIn(t *testing.T) {
	c := mustNew(t, Options{})
	tests := []struct {
		name string
		w    Window
		t    time.Time
		want bool
	}{
		{"engineering Friday 11:59", Engineering, paris(2027, 6, 11, 11, 59), true},
		{"engineering Friday 11:59:59.9", Engineering, paris(2027, 6, 11, 11, 59).Add(59900 * time.Millisecond), true},
		{"engineering Friday 12:00", Engineering, paris(2027, 6, 11, 12, 0), false},
		{"GEV Friday 12:00", GEVHours, paris(2027, 6, 11, 12, 0), true},
		{"GEV Friday 15:00", GEVHours, paris(2027, 6, 11, 15, 0), false},
		{"GEV Monday 08:29", GEVHours, paris(2027, 6, 7, 8, 29), false},
		{"GEV Monday 08:30", GEVHours, paris(2027, 6, 7, 8, 30), true},
		{"Easter Monday noon", GEVHours, paris(2027, 3, 29, 12, 0), false},
		{"Saturday noon", GEVHours, paris(2027, 6, 12, 12, 0), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.In(tc.w, tc.t); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOverriddenHours(t *testing.T) {
	sat := Week{}
	sat[time.Saturday] = Day{{Open: 9 * time.Hour, Close: 12 * time.Hour}}
	c := mustNew(t, Options{EngineeringHours: &sat})
	got := c.Next(Engineering, paris(2027, 6, 9, 10, 0))
	if want := paris(2027, 6, 12, 9, 0); !got.Equal(want) {
		t.Errorf("engineering: got %v, want %v", got, want)
	}
	got = c.Next(GEVHours, paris(2027, 6, 9, 10, 0))
	if want := paris(2027, 6, 9, 10, 0); !got.Equal(want) {
		t.Errorf("GEV keeps its default: got %v, want %v", got, want)
	}
}

func TestNewRejectsBadHours(t *testing.T) {
	backwards := weekdays(Hours{Open: 17 * time.Hour, Close: 8 * time.Hour}, Hours{})
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"closed all week", Options{GEVHours: &Week{}}, "gev hours: closed every day"},
		{"closing before opening", Options{EngineeringHours: &backwards}, "engineering hours: Monday"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("got %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestNextGivesUpOnAYearOfClosures(t *testing.T) {
	var closures []time.Time
	for d := Date(2027, 1, 1); d.Year() < 2029; d = d.AddDate(0, 0, 1) {
		closures = append(closures, d)
	}
	c := mustNew(t, Options{Closures: closures})
	if got := c.Next(GEVHours, paris(2027, 1, 4, 9, 0)); !got.IsZero() {
		t.Errorf("got %v, want the zero time", got)
	}
}

func TestParseHours(t *testing.T) {
	tests := []struct {
		in      string
		want    Hours
		wantErr bool
	}{
		{"08:30-17:30", Hours{8*time.Hour + 30*time.Minute, 17*time.Hour + 30*time.Minute}, false},
		{" 08:30 - 12:00 ", Hours{8*time.Hour + 30*time.Minute, 12 * time.Hour}, false},
		{"closed", Hours{}, false},
		{"", Hours{}, false},
		{"12:00-08:30", Hours{}, true},
		{"8h30-12h", Hours{}, true},
		{"08:30", Hours{}, true},
		{"25:00-26:00", Hours{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseHours(tc.in)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("got %v, %v; want %v, error %v", got, err, tc.want, tc.wantErr)
			}
			if err == nil && reparse(got) != got {
				t.Errorf("String() does not parse back: %q", got.String())
			}
		})
	}
}

// reparse parses h.String() back.
func reparse(h Hours) Hours {
	back, _ := ParseHours(h.String())
	return back
}
