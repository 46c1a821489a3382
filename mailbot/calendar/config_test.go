package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestParseWeek(t *testing.T) {
	tests := []struct {
		name    string
		days    map[string]string
		wantErr string // "" for none
		// fri is Friday's hours when there is no error.
		fri string
	}{
		{"defaults", map[string]string{}, "", "08:30-15:00"},
		{"summer Friday", map[string]string{"fri": "08:30-12:00"}, "", "08:30-12:00"},
		{"lunch break", map[string]string{"fri": "13:30-17:00, 08:30-12:00"}, "", "08:30-12:00, 13:30-17:00"},
		{"closed Friday", map[string]string{"fri": ""}, "", "closed"},
		{"until midnight", map[string]string{"fri": "20:00-24:00"}, "", "20:00-24:00"},
		{"reversed", map[string]string{"mon": "17:30-08:30"}, "mon: hours \"17:30-08:30\": opening must be before closing", ""},
		{"empty range", map[string]string{"mon": "08:30-08:30"}, "mon: hours \"08:30-08:30\": opening must be before closing", ""},
		{"overlapping", map[string]string{"tue": "08:30-12:00, 11:00-14:00"}, "tue: \"08:30-12:00, 11:00-14:00\": ranges 08:30-12:00 and 11:00-14:00 overlap", ""},
		{"malformed", map[string]string{"wed": "8h30-17h30"}, "wed: hours \"8h30-17h30\": opening: want a 24-hour HH:MM time", ""},
		{"no dash", map[string]string{"thu": "08:30"}, "thu: hours \"08:30\": want HH:MM-HH:MM", ""},
		{"dangling comma", map[string]string{"thu": "08:30-12:00,"}, "thu: \"08:30-12:00,\": empty range between commas", ""},
		{"past midnight", map[string]string{"fri": "22:00-25:00"}, "fri: hours \"22:00-25:00\": closing", ""},
		{"unknown day", map[string]string{"friday": "08:30-12:00"}, "friday: not a day", ""},
		{"closed all week", map[string]string{"mon": "", "tue": "", "wed": "", "thu": "", "fri": ""}, "closed every day of the week", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := ParseWeek(GEVHours, tc.days)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if w == nil {
				if len(tc.days) != 0 {
					t.Fatal("no week")
				}
				w = &defaultGEV
			}
			if got := w[time.Friday].String(); got != tc.fri {
				t.Errorf("Friday: got %s, want %s", got, tc.fri)
			}
			if got := w[time.Monday].String(); got != "08:30-17:30" {
				t.Errorf("Monday changed: %s", got)
			}
		})
	}
}

func TestWeekFrench(t *testing.T) {
	lunch, _ := ParseWeek(GEVHours, map[string]string{"fri": "08:30-12:00, 13:30-16:00", "sat": "09:00-12:00"})
	tests := []struct {
		week Week
		want string
	}{
		{defaultGEV, "du lundi au jeudi de 8h30 à 17h30 et le vendredi de 8h30 à 15h"},
		{defaultEngineering, "du lundi au jeudi de 8h30 à 17h30 et le vendredi de 8h30 à 12h"},
		{*lunch, "du lundi au jeudi de 8h30 à 17h30, le vendredi de 8h30 à 12h et de 13h30 à 16h et le samedi de 9h à 12h"},
	}
	for _, tc := range tests {
		if got := tc.week.French(); got != tc.want {
			t.Errorf("got %q\nwant %q", got, tc.want)
		}
	}
}

func TestInAndNextWithABreak(t *testing.T) {
	week, err := ParseWeek(Engineering, map[string]string{"mon": "08:30-12:00, 13:30-17:30"})
	if err != nil {
		t.Fatal(err)
	}
	c := mustNew(t, Options{EngineeringHours: week})
	lunch := paris(2027, 6, 7, 12, 30) // a Monday
	if c.In(Engineering, lunch) {
		t.Error("open during the lunch break")
	}
	if got, want := c.Next(Engineering, lunch), paris(2027, 6, 7, 13, 30); !got.Equal(want) {
		t.Errorf("Next: got %v, want %v", got, want)
	}
}
