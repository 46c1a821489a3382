package calendar

import (
	"testing"
	"time"
)

func TestHolidays(t *testing.T) {
	tests := []struct {
		date time.Time
		want string
	}{
		{Date(2027, 1, 1), "Nouvel an"},
		{Date(2027, 3, 29), "Lundi de Pâques"},
		{Date(2027, 5, 1), "Fête du Travail"},
		{Date(2027, 5, 8), "Fête de la Victoire"},
		{Date(2027, 5, 6), "Ascension"},
		{Date(2027, 5, 17), "Lundi de Pentecôte"},
		{Date(2027, 7, 14), "Fête Nationale"},
		{Date(2027, 8, 15), "Assomption"},
		{Date(2027, 11, 1), "Toussaint"},
		{Date(2027, 11, 11), "Armistice de 1918"},
		{Date(2027, 12, 25), "Noël"},
		{Date(2028, 4, 17), "Lundi de Pâques"},
		{Date(2028, 5, 25), "Ascension"},
		{Date(2028, 6, 5), "Lundi de Pentecôte"},
		{Date(2027, 3, 28), ""}, // Easter Sunday is a Sunday, not an extra holiday
		{Date(2027, 12, 24), ""},
		{Date(2027, 12, 26), ""},
	}
	for _, tc := range tests {
		t.Run(tc.date.Format("2006-01-02"), func(t *testing.T) {
			got, ok := Holiday(tc.date)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("got %q %v, want %q", got, ok, tc.want)
			}
		})
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := mustNew(t, Options{Closures: []time.Time{Date(2027, 12, 24)}})
	tests := []struct {
		name string
		date time.Time
		want bool
	}{
		{"Monday", Date(2027, 6, 7), true},
		{"Friday", Date(2027, 6, 11), true},
		{"Saturday", Date(2027, 6, 12), false},
		{"Sunday", Date(2027, 6, 13), false},
		{"Easter Monday", Date(2027, 3, 29), false},
		{"Whit Monday", Date(2027, 5, 17), false},
		{"closure is still a working day", Date(2027, 12, 24), true},
		{"Paris-local time reads its own date", paris(2027, 3, 29, 23, 59), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.IsWorkingDay(tc.date); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	c := mustNew(t, Options{})
	tests := []struct {
		name string
		date time.Time
		n    int
		want time.Time
	}{
		{"zero keeps the date", Date(2027, 6, 12), 0, Date(2027, 6, 12)},
		{"one from Friday is Monday", Date(2027, 6, 11), 1, Date(2027, 6, 14)},
		{"five back from Monday 21 June", Date(2027, 6, 21), -5, Date(2027, 6, 14)},
		{"five back across Easter Monday 2027", Date(2027, 4, 2), -5, Date(2027, 3, 25)},
		{"five back across Ascension 2027", Date(2027, 5, 11), -5, Date(2027, 5, 3)},
		{"five back across Whit Monday", Date(2027, 5, 21), -5, Date(2027, 5, 13)},
		{"forward from Saturday", Date(2027, 5, 1), 1, Date(2027, 5, 3)},
		{"forward across Ascension", Date(2027, 5, 5), 1, Date(2027, 5, 7)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.AddWorkingDays(tc.date, tc.n); !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got.Format("Mon 2006-01-02"), tc.want.Format("Mon 2006-01-02"))
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := mustNew(t, Options{})
	tests := []struct {
		name string
		a, b time.Time
		want int
	}{
		{"same day", Date(2027, 6, 9), Date(2027, 6, 9), 0},
		{"Friday to Monday", Date(2027, 6, 11), Date(2027, 6, 14), 1},
		{"a week", Date(2027, 6, 7), Date(2027, 6, 14), 5},
		{"Easter week", Date(2027, 3, 26), Date(2027, 4, 2), 4},
		{"backwards", Date(2027, 6, 14), Date(2027, 6, 7), -5},
		{"backwards from a Saturday", Date(2027, 6, 12), Date(2027, 6, 10), -2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.WorkingDaysBetween(tc.a, tc.b); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

// TestWorkingDaysRoundTrip checks AddWorkingDays undoes WorkingDaysBetween
// for pairs of dates around Easter, 1 and 8 May, Ascension and Whit Monday.
func TestWorkingDaysRoundTrip(t *testing.T) {
	c := mustNew(t, Options{})
	start := Date(2027, 3, 20)
	for i := 0; i < 70; i += 3 {
		a := start.AddDate(0, 0, i)
		for j := 0; j < 70; j++ {
			b := start.AddDate(0, 0, j)
			if !c.IsWorkingDay(b) {
				continue
			}
			if got := c.AddWorkingDays(a, c.WorkingDaysBetween(a, b)); !got.Equal(b) {
				t.Fatalf("from %v to %v: got %v, want %v", a, b, got, b)
			}
		}
	}
}

func TestDateOf(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want time.Time
	}{
		{"late UTC evening is next day in Paris", time.Date(2027, 6, 30, 22, 30, 0, 0, time.UTC), Date(2027, 7, 1)},
		{"Réunion morning is previous day in Paris", time.Date(2027, 4, 22, 1, 0, 0, 0, time.FixedZone("RE", 4*3600)), Date(2027, 4, 21)},
		{"winter UTC 23:30 is next day in Paris", time.Date(2027, 1, 4, 23, 30, 0, 0, time.UTC), Date(2027, 1, 5)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DateOf(tc.t); !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
