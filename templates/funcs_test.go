package templates

import (
	"testing"
	"time"
)

func TestDateFuncs(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		fn   func(time.Time) string
		in   time.Time
		want string
	}{
		{"date", formatDate, time.Date(2027, time.March, 14, 0, 0, 0, 0, time.UTC), "14/03/2027"},
		{"date keeps the civil day", formatDate, time.Date(2027, time.March, 14, 23, 30, 0, 0, paris), "14/03/2027"},
		{"date zero", formatDate, time.Time{}, ""},
		{"datetime", formatDateTime, time.Date(2027, time.March, 1, 9, 5, 0, 0, paris), "01/03/2027 à 09h05"},
		{"datetime zero", formatDateTime, time.Time{}, ""},
		{"weekday sunday", weekday, time.Date(2027, time.March, 14, 0, 0, 0, 0, time.UTC), "dimanche"},
		{"weekday monday", weekday, time.Date(2027, time.March, 1, 0, 0, 0, 0, time.UTC), "lundi"},
		{"weekday zero", weekday, time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReplySubject(t *testing.T) {
	tests := []struct{ subject, ref, want string }{
		{"Plis non reçus", "GEV-7K2Q", "Re: Plis non reçus [GEV-7K2Q]"},
		{"RE: Plis non reçus", "GEV-7K2Q", "RE: Plis non reçus [GEV-7K2Q]"},
		{"Re : Plis non reçus [GEV-7K2Q]", "GEV-7K2Q", "Re : Plis non reçus [GEV-7K2Q]"},
		{"TR: Plis", "", "Re: TR: Plis"},
		{"  ", "GEV-7K2Q", "Re: [GEV-7K2Q]"},
		{"Reprographie", "", "Re: Reprographie"},
	}
	for _, tt := range tests {
		t.Run(tt.subject, func(t *testing.T) {
			if got := replySubject(tt.subject, tt.ref); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLines(t *testing.T) {
	got := lines("a\r\nb\n\nc\n")
	want := []string{"a", "b", "", "c"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestTidyText(t *testing.T) {
	got := tidyText("\n\nBonjour,  \n\n\n\nTexte\t\n")
	if want := "Bonjour,\n\nTexte\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
