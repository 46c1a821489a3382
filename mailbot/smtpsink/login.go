package smtpsink

import (
	"github.com/emersion/go-sasl"
)

// loginServer is the server side of the obsolete but widespread LOGIN
// mechanism (draft-murchison-sasl-login), which go-sasl only implements as a
// client: ask "Username:", then "Password:", then check both.
type loginServer struct {
	check func(user, pass string) error
	user  *string // nil until the client sent its username
}

var _ sasl.Server = (*loginServer)(nil)

// Next receives nil first when the client sent no initial response.
func (l *loginServer) Next(response []byte) (challenge []byte, done bool, err error) {
	switch {
	case l.user == nil && response == nil:
		return []byte("Username:"), false, nil
	case l.user == nil:
		user := string(response)
		l.user = &user
		return []byte("Password:"), false, nil
	default:
		return nil, true, l.check(*l.user, string(response))
	}
}
