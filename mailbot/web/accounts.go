package web

import "mailbot/mailbot/config"

// accounts are the local sign-in accounts ([[web.user]]), swapped whole
// by SetUsers on a reload; never changed once in force.
type accounts struct {
	hashes map[string][]byte
	dummy  []byte // see dummyHash
}

func newAccounts(users []config.WebUser) *accounts {
	a := &accounts{hashes: make(map[string][]byte, len(users))}
	for _, u := range users {
		a.hashes[u.Name] = []byte(u.PasswordHash)
	}
	if len(a.hashes) > 0 { // without accounts there is no name to hide
		a.dummy = dummyHash(a.hashes)
	}
	return a
}

// SetUsers puts a new list of local accounts in force (a reload). Signed-in
// sessions stay until they expire or sign out.
func (s *Server) SetUsers(users []config.WebUser) {
	s.users.Store(newAccounts(users))
}
