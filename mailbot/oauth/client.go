package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
)

// Mechanism is a SASL mechanism that carries a bearer token.
type Mechanism string

const (
	// XOAUTH2 is the mechanism of Google and Microsoft: the initial response
	// is "user=NAME^Aauth=Bearer TOKEN^A^A".
	XOAUTH2 Mechanism = "XOAUTH2"
	// OAUTHBEARER is the standard mechanism of RFC 7628.
	OAUTHBEARER Mechanism = "OAUTHBEARER"
)

// ErrMechanism is returned for a mechanism other than XOAUTH2 and OAUTHBEARER.
var ErrMechanism = errors.New("unsupported SASL mechanism (want XOAUTH2 or OAUTHBEARER)")

// Client is the client side of a bearer-token mechanism.
type Client interface {
	sasl.Client
	// Refusal is the reason the server gave in its error challenge, as a
	// *ChallengeError, or nil when it sent none.
	Refusal() error
}

// ChallengeError is why a server refused a token, as it said in its error
// challenge: JSON with "status", "schemes" and "scope" (RFC 7628 section
// 3.2.2; XOAUTH2 servers send the same fields, status being an HTTP code).
type ChallengeError struct {
	Mechanism Mechanism `json:"-"`
	Status    string    `json:"status"`
	Schemes   string    `json:"schemes"`
	Scope     string    `json:"scope"`
}

func (e *ChallengeError) Error() string {
	msg := fmt.Sprintf("%s: the server refused the token: status %q", e.Mechanism, e.Status)
	if e.Scope != "" {
		msg += fmt.Sprintf(", scope %q", e.Scope)
	}
	return msg
}

// NewClient returns a client that signs in as username with token. It
// fails on a mechanism it does not know and on a username or token that
// would break the message format.
func NewClient(mech Mechanism, username, token string) (Client, error) {
	if err := checkToken(token); err != nil {
		return nil, err
	}
	if username == "" || strings.ContainsAny(username, "\x01") {
		return nil, fmt.Errorf("username %q: want a non-empty name without control characters", username)
	}
	switch mech {
	case XOAUTH2:
		ir := "user=" + username + "\x01auth=Bearer " + token + "\x01\x01"
		return &bearerClient{mech: mech, ir: []byte(ir), ack: []byte{}}, nil
	case OAUTHBEARER:
		_, ir, err := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{
			Username: saslName.Replace(username),
			Token:    token,
		}).Start()
		if err != nil {
			return nil, fmt.Errorf("OAUTHBEARER initial response: %w", err)
		}
		// RFC 7628 section 3.2.3: a single %x01 ends a failed exchange.
		return &bearerClient{mech: mech, ir: ir, ack: []byte{0x01}}, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrMechanism, mech)
}

// saslName escapes the authzid of the GS2 header (RFC 5801 section 4).
var saslName = strings.NewReplacer("=", "=3D", ",", "=2C")

// checkToken accepts the b64token characters of RFC 6750 section 2.1, so
// that a token cannot inject fields into the message.
func checkToken(token string) error {
	if token == "" {
		return errors.New("empty access token")
	}
	if i := strings.IndexFunc(token, func(r rune) bool { return !isB64TokenChar(r) }); i >= 0 {
		return fmt.Errorf("access token has a character outside RFC 6750's b64token at byte %d", i)
	}
	return nil
}

func isB64TokenChar(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-._~+/=", r)
}

// bearerClient sends the token in the initial response and answers the
// server's one possible challenge, an error, with ack.
type bearerClient struct {
	mech    Mechanism
	ir      []byte
	ack     []byte
	refusal *ChallengeError
}

func (c *bearerClient) Start() (string, []byte, error) {
	return string(c.mech), c.ir, nil
}

// Next answers the error challenge; the server then fails the command
// (tagged NO in IMAP, 535 in SMTP), which is the error the caller sees.
func (c *bearerClient) Next(challenge []byte) ([]byte, error) {
	if c.refusal != nil {
		return nil, fmt.Errorf("%s: second challenge after an error: %w", c.mech, sasl.ErrUnexpectedServerChallenge)
	}
	c.refusal = parseChallenge(c.mech, challenge)
	return c.ack, nil
}

func (c *bearerClient) Refusal() error {
	if c.refusal == nil {
		return nil
	}
	return c.refusal
}

// parseChallenge reads an error challenge; one that is not the expected
// JSON is kept whole, cut short, as the status.
func parseChallenge(mech Mechanism, challenge []byte) *ChallengeError {
	e := &ChallengeError{Mechanism: mech}
	if err := json.Unmarshal(challenge, e); err != nil || e.Status == "" {
		const limit = 200
		e.Status = string(challenge[:min(len(challenge), limit)])
	}
	return e
}
