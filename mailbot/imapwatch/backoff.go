package imapwatch

import (
	"math/rand/v2"
	"time"
)

// backoff is the wait before reconnecting: the ceiling doubles from min at
// each failed attempt up to max, and the wait is drawn uniformly below it
// ("full jitter"), so that four mailboxes on one server that failed
// together do not reconnect together.
type backoff struct {
	min, max time.Duration
}

func (b backoff) delay(attempt int) time.Duration {
	ceil := b.max
	if attempt < 62 {
		if c := b.min << attempt; c > 0 && c < b.max {
			ceil = c
		}
	}
	if ceil <= 0 {
		return 0
	}
	return rand.N(ceil)
}
