package web

import (
	"net/netip"
	"sync"
	"time"
)

// limiter slows password guessing down without locking anyone out:
// failures are counted per client address and user name, and per client
// address alone. After a few free failures each key must wait, and the
// wait doubles with every further failure. A guesser elsewhere never
// delays the real agent, who signs in from another address.
type limiter struct {
	mu   sync.Mutex
	keys map[string]*strikes
	now  func() time.Time
}

// strikes are the failures counted against one key.
type strikes struct {
	n    int
	last time.Time
}

const (
	pairFree  = 3  // failures of one name from one address before any wait
	addrFree  = 20 // failures from one address, all names, before any wait
	baseDelay = time.Second
	maxDelay  = 15 * time.Minute
	// forgetAfter drops a key that has not failed for that long.
	forgetAfter = time.Hour
	// maxKeys bounds the limiter's memory whatever the number of
	// addresses and names tried (a key is at most about 120 bytes).
	maxKeys = 20000
	// sweepBatch keys are checked for age on each failure, so that the
	// map never needs one long pass under the lock.
	sweepBatch = 4
)

func newLimiter(now func() time.Time) *limiter {
	return &limiter{keys: map[string]*strikes{}, now: now}
}

func limiterKeys(addr netip.Addr, user string) [2]string {
	a := addr.String()
	return [2]string{"a " + a, "u " + a + " " + user}
}

// delay is how long a key with n failures must wait after its last one.
func delay(n, free int) time.Duration {
	if n < free {
		return 0
	}
	return min(baseDelay<<min(n-free, 20), maxDelay)
}

// wait tells how long the client must still wait before a password from
// it for user is checked (0: now).
func (l *limiter) wait(addr netip.Addr, user string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var longest time.Duration
	for i, k := range limiterKeys(addr, user) {
		s := l.keys[k]
		if s == nil {
			continue
		}
		free := addrFree
		if i == 1 {
			free = pairFree
		}
		longest = max(longest, s.last.Add(delay(s.n, free)).Sub(now))
	}
	return longest
}

func (l *limiter) failed(addr netip.Addr, user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	for _, k := range limiterKeys(addr, user) {
		s := l.keys[k]
		if s == nil {
			if len(l.keys) >= maxKeys {
				l.evictOne()
			}
			s = &strikes{}
			l.keys[k] = s
		}
		s.n++
		s.last = now
	}
}

// succeeded forgets the name's failures from that address; the address's
// own count stays, so that one good account cannot reset a guesser.
func (l *limiter) succeeded(addr netip.Addr, user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, limiterKeys(addr, user)[1])
}

// sweep drops up to sweepBatch keys that have not failed for forgetAfter
// (map iteration starts at a random place).
func (l *limiter) sweep(now time.Time) {
	seen := 0
	for k, s := range l.keys {
		if now.Sub(s.last) > forgetAfter {
			delete(l.keys, k)
		}
		if seen++; seen >= sweepBatch {
			return
		}
	}
}

// evictOne makes room when the map is full of recent keys: a flood of
// names or addresses forgets someone's count rather than grow.
func (l *limiter) evictOne() {
	for k := range l.keys {
		delete(l.keys, k)
		return
	}
}

// size is the number of keys held.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}
