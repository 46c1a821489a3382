package oauth

import "time"

// SetClock makes s read the time from now, so tests can move it.
func SetClock(s *Source, now func() time.Time) { s.now = now }
