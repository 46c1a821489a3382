package calendar

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Hours is one opening range as wall-clock offsets from local midnight.
// Open is inclusive and Close exclusive: with Close at 12:00, 11:59:59 is
// inside and 12:00 is not. The zero Hours opens never.
type Hours struct {
	Open, Close time.Duration
}

// Day is one day's opening ranges, in order and apart; an empty Day is
// closed. Several ranges make a lunch break ("08:30-12:00, 13:30-17:30").
type Day []Hours

// Week gives the opening of each weekday, indexed by time.Weekday.
type Week [7]Day

// IsClosed reports whether h opens at all.
func (h Hours) IsClosed() bool { return h == Hours{} }

// IsClosed reports whether the day opens at all.
func (d Day) IsClosed() bool { return len(d) == 0 }

// String formats h as "08:30-17:30", or "closed".
func (h Hours) String() string {
	if h.IsClosed() {
		return "closed"
	}
	return clock(h.Open) + "-" + clock(h.Close)
}

// String formats d as the configuration writes it: "08:30-12:00,
// 13:30-17:30", or "closed".
func (d Day) String() string {
	if d.IsClosed() {
		return "closed"
	}
	parts := make([]string, len(d))
	for i, h := range d {
		parts[i] = h.String()
	}
	return strings.Join(parts, ", ")
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

// ParseDay reads one day's opening as written in the configuration:
// "08:30-17:30", several such ranges separated by commas, or "" (or
// "closed") for a closed day. Ranges must not overlap.
func ParseDay(s string) (Day, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "closed") {
		return nil, nil
	}
	var d Day
	for part := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(part) == "" {
			return nil, fmt.Errorf("%q: empty range between commas", s)
		}
		h, err := ParseHours(part)
		if err != nil {
			return nil, err
		}
		d = append(d, h)
	}
	slices.SortFunc(d, func(a, b Hours) int { return int(a.Open - b.Open) })
	if err := d.validate(); err != nil {
		return nil, fmt.Errorf("%q: %w", s, err)
	}
	return d, nil
}

// ParseHours reads one opening range: "08:30-17:30", or "" / "closed".
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "closed") {
		return Hours{}, nil
	}
	open, close, ok := strings.Cut(s, "-")
	if !ok {
		return Hours{}, fmt.Errorf("hours %q: want HH:MM-HH:MM or \"closed\"", s)
	}
	o, err := parseClock(open)
	if err != nil {
		return Hours{}, fmt.Errorf("hours %q: opening: %w", s, err)
	}
	c, err := parseClock(close)
	if err != nil {
		return Hours{}, fmt.Errorf("hours %q: closing: %w", s, err)
	}
	h := Hours{Open: o, Close: c}
	if err := h.validate(); err != nil {
		return Hours{}, fmt.Errorf("hours %q: %w", s, err)
	}
	return h, nil
}

func parseClock(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "24:00" { // a day open until midnight
		return 24 * time.Hour, nil
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("want a 24-hour HH:MM time: %w", err)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// validate checks that an open range opens before it closes, within one
// day.
func (h Hours) validate() error {
	if h.IsClosed() {
		return nil
	}
	if h.Open < 0 || h.Close > 24*time.Hour || h.Open >= h.Close {
		return errors.New("opening must be before closing (reversed range?), both within 00:00-24:00")
	}
	return nil
}

// validate checks each range and that they come in order and apart.
func (d Day) validate() error {
	for i, h := range d {
		if h.IsClosed() {
			return errors.New("an empty range in an open day")
		}
		if err := h.validate(); err != nil {
			return fmt.Errorf("%s: %w", h, err)
		}
		if i > 0 && d[i-1].Close > h.Open {
			return fmt.Errorf("ranges %s and %s overlap", d[i-1], h)
		}
		if i > 0 && d[i-1].Open > h.Open {
			return fmt.Errorf("ranges %s and %s are out of order", d[i-1], h)
		}
	}
	return nil
}

// validate checks every day of w and that w opens at least once a week, so
// that Next always finds an opening.
func (w Week) validate() error {
	open := false
	for day, d := range w {
		if err := d.validate(); err != nil {
			return fmt.Errorf("%s: %w", time.Weekday(day), err)
		}
		open = open || !d.IsClosed()
	}
	if !open {
		return errors.New("closed every day of the week")
	}
	return nil
}
