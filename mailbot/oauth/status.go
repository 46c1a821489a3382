package oauth

import "time"

// Status is what a dashboard shows of the token source.
type Status struct {
	// TokenURL is Config.TokenURL.
	TokenURL string
	// Expiry is when the current token expires; zero before the first.
	Expiry time.Time
	// LastRefresh is when the current token was obtained.
	LastRefresh time.Time
	// Refreshes counts the tokens obtained since the start.
	Refreshes int
	// Failing is true from a failed refresh until the next success: then
	// IMAP and SMTP stop working once Expiry passes.
	Failing bool
	// LastError describes the last failed refresh, and LastErrorAt tells
	// when it happened; they stay after a recovery.
	LastError   string
	LastErrorAt time.Time
}

// Status returns a copy of the current status.
func (s *Source) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}
