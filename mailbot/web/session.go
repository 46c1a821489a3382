package web

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
)

const cookieName = "mailbot_session"

// session is one browser's sign-in, with the CSRF token of its forms.
type session struct {
	id, user, csrf string
	expires        time.Time
	flash          string // one message shown on the next page
}

// sessions live in memory: a restart signs everyone out, and no secret
// key has to be kept.
type sessions struct {
	mu       sync.Mutex
	m        map[string]*session
	lifetime time.Duration
	now      func() time.Time
}

func newSessions(lifetime time.Duration, now func() time.Time) *sessions {
	return &sessions{m: map[string]*session{}, lifetime: lifetime, now: now}
}

func token() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// get returns the live session named by the request's cookie, extending
// it, or nil.
func (ss *sessions) get(r *http.Request) *session {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.m[c.Value]
	now := ss.now()
	if s == nil || now.After(s.expires) {
		delete(ss.m, c.Value)
		return nil
	}
	s.expires = now.Add(ss.lifetime)
	return s
}

// Sessions are swept a few at a time, never in one pass under the lock,
// and capped: a signed-in session costs a valid password (or the trusted
// proxy's word), and the sign-in form makes none.
const (
	sessionSweep = 8     // sessions checked for expiry per new session
	maxSessions  = 10000 // beyond, the session closest to expiring goes
)

// start opens a new session for user (replacing old, so a sign-in never
// keeps an id chosen before it) and sets its cookie.
func (ss *sessions) start(w http.ResponseWriter, old *session, user string, secure bool) *session {
	now := ss.now()
	s := &session{id: token(), user: user, csrf: token(), expires: now.Add(ss.lifetime)}
	ss.mu.Lock()
	if old != nil {
		delete(ss.m, old.id)
	}
	ss.sweep(now)
	ss.m[s.id] = s
	ss.mu.Unlock()
	http.SetCookie(w, &http.Cookie{
		Name: cookieName, Value: s.id, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteStrictMode, // no MaxAge: the server ends idle sessions
	})
	return s
}

// sweep drops expired sessions among a few (map iteration starts at a
// random place) and, at the cap, the one of them closest to expiring.
func (ss *sessions) sweep(now time.Time) {
	var soonest *session
	n := 0
	for id, x := range ss.m {
		if now.After(x.expires) {
			delete(ss.m, id)
		} else if soonest == nil || x.expires.Before(soonest.expires) {
			soonest = x
		}
		if n++; n >= sessionSweep {
			break
		}
	}
	if len(ss.m) >= maxSessions && soonest != nil {
		delete(ss.m, soonest.id)
	}
}

// count is the number of sessions held.
func (ss *sessions) count() int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.m)
}

func (ss *sessions) end(w http.ResponseWriter, s *session, secure bool) {
	ss.mu.Lock()
	delete(ss.m, s.id)
	ss.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

func (ss *sessions) setFlash(s *session, msg string) {
	ss.mu.Lock()
	s.flash = msg
	ss.mu.Unlock()
}

func (ss *sessions) takeFlash(s *session) string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	msg := s.flash
	s.flash = ""
	return msg
}
