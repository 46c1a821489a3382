package web

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// dummyHash is compared when the user is unknown, so that a wrong name
// takes as long as a wrong password: it has the cost of the configured
// hashes.
func dummyHash(users map[string][]byte) []byte {
	cost := bcrypt.DefaultCost
	for _, h := range users {
		if c, err := bcrypt.Cost(h); err == nil {
			cost = c
			break
		}
	}
	h, _ := bcrypt.GenerateFromPassword([]byte("mailbot: no such user"), cost) // fails only on a bad cost
	return h
}

// peer is the address the request came from (the proxy's, behind one).
func peer(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

func (s *Server) fromProxy(r *http.Request) bool { return s.isProxy(peer(r)) }

func (s *Server) isProxy(a netip.Addr) bool {
	for _, pr := range s.proxies {
		if pr.Contains(a) {
			return true
		}
	}
	return false
}

// secure tells whether the browser reached us over TLS: directly, or
// through the trusted proxy (which terminates TLS).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || s.fromProxy(r)
}

// proxyUser is the user the trusted proxy vouches for, "" when none.
func (s *Server) proxyUser(r *http.Request) string {
	if s.o.Config.TrustedHeader == "" || !s.fromProxy(r) {
		return ""
	}
	return strings.TrimSpace(r.Header.Get(s.o.Config.TrustedHeader))
}

// signedIn returns the agent's session: the proxy's user (a session is
// opened for it, so forms have a CSRF token) or a signed-in local account.
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request) *session {
	sess := s.sessions.get(r)
	if u := s.proxyUser(r); u != "" {
		if sess == nil || sess.user != u {
			sess = s.sessions.start(w, sess, u, s.secure(r))
		}
		return sess
	}
	if sess == nil || sess.user == "" {
		return nil
	}
	return sess
}

// checkPassword compares in constant time whatever the user name.
func (s *Server) checkPassword(user, password string) bool {
	users := s.users.Load()
	hash, ok := users.hashes[user]
	if !ok {
		hash = users.dummy
	}
	err := bcrypt.CompareHashAndPassword(hash, []byte(password))
	return ok && err == nil
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
