package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// dayKeys are the configuration's names of the weekdays, by time.Weekday.
var dayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseWeek reads the hours of window w as [calendar.office] or
// [calendar.engineering] write them: keys mon … sun, each "HH:MM-HH:MM"
// (several ranges separated by commas) or "" for closed. A day not given
// keeps the seed's hours; nil days give nil (the defaults). Errors name
// the day and say what is wrong: malformed, reversed or overlapping
// ranges, an unknown key, a week closed every day.
func ParseWeek(w Window, days map[string]string) (*Week, error) {
	if len(days) == 0 {
		return nil, nil
	}
	week := DefaultWeek(w)
	var errs []error
	keys := make([]string, 0, len(days))
	for k := range days {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		i := slices.Index(dayKeys[:], strings.ToLower(k))
		if i < 0 {
			errs = append(errs, fmt.Errorf("%s: not a day (want mon, tue, wed, thu, fri, sat or sun)", k))
			continue
		}
		d, err := ParseDay(days[k])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
			continue
		}
		week[i] = d
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := week.validate(); err != nil {
		return nil, err
	}
	return &week, nil
}

// French says the week's hours as the replies do: "du lundi au jeudi de
// 8h30 à 17h30 et le vendredi de 8h30 à 15h". Consecutive days with the
// same hours are grouped; closed days are left out.
func (w Week) French() string {
	var groups []string
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	for i := 0; i < len(order); {
		d := w[order[i]]
		j := i + 1
		for j < len(order) && slices.Equal(w[order[j]], d) {
			j++
		}
		if !d.IsClosed() {
			days := "le " + frenchDays[order[i]]
			if j-i > 1 {
				days = "du " + frenchDays[order[i]] + " au " + frenchDays[order[j-1]]
			}
			groups = append(groups, days+" "+d.french())
		}
		i = j
	}
	return joinFrench(groups)
}

var frenchDays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// french says a day's ranges: "de 8h30 à 12h et de 13h30 à 17h30".
func (d Day) french() string {
	parts := make([]string, len(d))
	for i, h := range d {
		parts[i] = "de " + frenchClock(h.Open) + " à " + frenchClock(h.Close)
	}
	return joinFrench(parts)
}

// frenchClock writes 8h30, or 15h on the hour.
func frenchClock(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	if m == 0 {
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%02d", h, m)
}

// joinFrench joins "a", "b" and "c" as "a, b et c".
func joinFrench(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " et " + parts[len(parts)-1]
}
