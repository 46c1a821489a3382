package imapwatch

import "time"

// Status is what a dashboard shows of one watcher.
type Status struct {
	// Name is Options.Name.
	Name string
	// Connected is true from SELECT until the connection is lost.
	Connected bool
	// Idling is true while an IDLE command waits for new mail.
	Idling bool
	// LastCheck is when the folder was last checked for new mail.
	LastCheck time.Time
	// LastFetch is when a message was last handed to the handler.
	LastFetch time.Time
	// LastError describes the last failure (connection or handler), and
	// LastErrorAt tells when it happened.
	LastError   string
	LastErrorAt time.Time
	// Reconnects counts the connections opened after the first one.
	Reconnects int
}

// reporter owns a Status and tells Options.OnStatus of each change. Only
// Run's goroutine uses it.
type reporter struct {
	s  Status
	on func(Status)
}

func (r *reporter) update(change func(*Status)) {
	change(&r.s)
	if r.on != nil {
		r.on(r.s)
	}
}

func (r *reporter) failed(err error) {
	r.update(func(s *Status) {
		s.LastError = err.Error()
		s.LastErrorAt = time.Now()
	})
}
