package web

import (
	"net/http"
	"net/netip"
	"strings"
)

// client is the address a request comes from: the peer, or, when the peer
// is a trusted proxy, the rightmost X-Forwarded-For address that is not a
// proxy itself (the leftmost ones are whatever the browser claimed). ok is
// false when a trusted proxy names no client.
func (s *Server) client(r *http.Request) (addr netip.Addr, ok bool) {
	p := peer(r)
	if !s.isProxy(p) {
		return p, p.IsValid()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return netip.Addr{}, false
		}
		if a = a.Unmap(); !s.isProxy(a) {
			return a, true
		}
	}
	return netip.Addr{}, false
}

// knownClient refuses a request whose client is unknown: one that came
// through the trusted proxy without X-Forwarded-For would otherwise pass
// for the proxy's own (often loopback) address.
func (s *Server) knownClient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.client(r); !ok {
			s.log.Warn("dashboard: request without a client address refused", "peer", r.RemoteAddr, "path", r.URL.Path)
			http.Error(w, "Requête relayée sans adresse de client (X-Forwarded-For) : refusée.", http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}
