package calendar

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Hours is one day's opening as wall-clock offsets from local midnight. Open
// is inclusive and Close exclusive: with Close at 12:00, 11:59:59 is inside
// and 12:00 is not. The zero Hours is a closed day.
type Hours struct {
	Open, Close time.Duration
}

// Week gives the opening hours of each weekday, indexed by time.Weekday.
type Week [7]Hours

// IsClosed reports whether h opens at all.
func (h Hours) IsClosed() bool { return h == Hours{} }

// String formats h as "08:30-17:30", or "closed".
func (h Hours) String() string {
	if h.IsClosed() {
		return "closed"
	}
	return clock(h.Open) + "-" + clock(h.Close)
}

func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

// ParseHours reads one day's opening as written in the configuration:
// "08:30-17:30", or "" / "closed" for a closed day.
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
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("want a 24-hour HH:MM time: %w", err)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// validate checks that an open day opens before it closes, within one day.
func (h Hours) validate() error {
	if h.IsClosed() {
		return nil
	}
	if h.Open < 0 || h.Close > 24*time.Hour || h.Open >= h.Close {
		return errors.New("opening must be before closing, both within 00:00-24:00")
	}
	return nil
}

// validate checks every day of w and that w opens at least once a week, so
// that Next always finds an opening.
func (w Week) validate() error {
	open := false
	for day, h := range w {
		if err := h.validate(); err != nil {
			return fmt.Errorf("%s: %w", time.Weekday(day), err)
		}
		open = open || !h.IsClosed()
	}
	if !open {
		return errors.New("closed every day of the week")
	}
	return nil
}
