package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
)

// ErrMalformed is the failure of a server given a response it cannot parse.
var ErrMalformed = errors.New("malformed bearer-token SASL response")

// NewServer returns the server side of mech. check decides on the username
// and token; its error, best a protocol error such as imapserver's
// ErrAuthFailed or go-smtp's ErrAuthFailed, is the exchange's failure.
//
// A refused token is answered with an error challenge first, and the
// failure comes after the client's acknowledgement, as RFC 7628 section
// 3.2.2 and the XOAUTH2 documentation describe.
func NewServer(mech Mechanism, check func(username, token string) error) (sasl.Server, error) {
	s := &bearerServer{mech: mech, check: check}
	switch mech {
	case XOAUTH2:
		s.parse, s.status = parseXOAUTH2, "401"
	case OAUTHBEARER:
		s.parse, s.status = parseOAUTHBEARER, "invalid_token"
	default:
		return nil, fmt.Errorf("%w: %q", ErrMechanism, mech)
	}
	return s, nil
}

type bearerServer struct {
	mech   Mechanism
	check  func(username, token string) error
	parse  func(string) (username, token string, err error)
	status string
	failed error // set once the error challenge is sent
}

func (s *bearerServer) Next(response []byte) (challenge []byte, done bool, err error) {
	switch {
	case s.failed != nil:
		// Whatever the client answered, the exchange has failed.
		return nil, true, s.failed
	case response == nil:
		// No initial response: an empty challenge asks for it.
		return []byte{}, false, nil
	}
	username, token, err := s.parse(string(response))
	if err == nil {
		err = s.check(username, token)
	}
	if err == nil {
		return nil, true, nil
	}
	s.failed = err
	challenge, _ = json.Marshal(ChallengeError{Status: s.status, Schemes: "bearer"})
	return challenge, false, nil
}

// parseXOAUTH2 reads "user=NAME^Aauth=Bearer TOKEN^A^A".
func parseXOAUTH2(resp string) (username, token string, err error) {
	kv, err := parseKV(resp)
	if err != nil {
		return "", "", err
	}
	if kv["user"] == "" {
		return "", "", fmt.Errorf("%w: no user", ErrMalformed)
	}
	token, err = bearerToken(kv["auth"])
	return kv["user"], token, err
}

// parseOAUTHBEARER reads the GS2 header "n,a=NAME," then the key-value
// pairs (RFC 7628 section 3.1).
func parseOAUTHBEARER(resp string) (username, token string, err error) {
	parts := strings.SplitN(resp, ",", 3)
	if len(parts) != 3 || parts[0] != "n" || !strings.HasPrefix(parts[2], "\x01") {
		return "", "", fmt.Errorf("%w: bad GS2 header", ErrMalformed)
	}
	if parts[1] != "" {
		name, ok := strings.CutPrefix(parts[1], "a=")
		if !ok {
			return "", "", fmt.Errorf("%w: bad authzid", ErrMalformed)
		}
		username = strings.NewReplacer("=2C", ",", "=3D", "=").Replace(name)
	}
	kv, err := parseKV(parts[2][1:])
	if err != nil {
		return "", "", err
	}
	token, err = bearerToken(kv["auth"])
	return username, token, err
}

// parseKV reads "key=value^A...^A^A".
func parseKV(s string) (map[string]string, error) {
	body, ok := strings.CutSuffix(s, "\x01\x01")
	if !ok {
		return nil, fmt.Errorf("%w: missing final ^A^A", ErrMalformed)
	}
	kv := make(map[string]string)
	for _, field := range strings.Split(body, "\x01") {
		k, v, ok := strings.Cut(field, "=")
		if !ok {
			return nil, fmt.Errorf("%w: field without '='", ErrMalformed)
		}
		kv[k] = v
	}
	return kv, nil
}

// bearerToken reads "Bearer TOKEN"; the scheme is case-insensitive (RFC
// 7235 section 2.1).
func bearerToken(auth string) (string, error) {
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", fmt.Errorf("%w: auth is not \"Bearer TOKEN\"", ErrMalformed)
	}
	return token, nil
}
