package oauth_test

import (
	"errors"
	"testing"

	"github.com/emersion/go-sasl"

	"mailbot/mailbot/oauth"
)

func TestInitialResponse(t *testing.T) {
	tests := []struct {
		name           string
		mech           oauth.Mechanism
		user, token    string
		wantMech, want string
	}{
		{"xoauth2", oauth.XOAUTH2, "epreuves-btp@afpa.fr", "eyJ0.eXAi-_~+/=",
			"XOAUTH2", "user=epreuves-btp@afpa.fr\x01auth=Bearer eyJ0.eXAi-_~+/=\x01\x01"},
		{"oauthbearer", oauth.OAUTHBEARER, "epreuves-btp@afpa.fr", "eyJ0",
			"OAUTHBEARER", "n,a=epreuves-btp@afpa.fr,\x01auth=Bearer eyJ0\x01\x01"},
		{"oauthbearer escapes the authzid", oauth.OAUTHBEARER, "a,b=c@afpa.fr", "eyJ0",
			"OAUTHBEARER", "n,a=a=2Cb=3Dc@afpa.fr,\x01auth=Bearer eyJ0\x01\x01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := oauth.NewClient(tt.mech, tt.user, tt.token)
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			mech, ir, err := c.Start()
			if err != nil || mech != tt.wantMech || string(ir) != tt.want {
				t.Errorf("Start: got %q, %q, %v, want %q, %q, nil", mech, ir, err, tt.wantMech, tt.want)
			}
		})
	}
}

func TestErrorChallengeIsAcknowledged(t *testing.T) {
	tests := []struct {
		name       string
		mech       oauth.Mechanism
		challenge  string
		wantAck    []byte
		wantStatus string
		wantScope  string
	}{
		{"xoauth2 answers empty", oauth.XOAUTH2,
			`{"status":"401","schemes":"bearer","scope":"https://outlook.office365.com/.default"}`,
			[]byte{}, "401", "https://outlook.office365.com/.default"},
		{"oauthbearer answers ^A", oauth.OAUTHBEARER,
			`{"status":"invalid_token","schemes":"bearer"}`, []byte{0x01}, "invalid_token", ""},
		{"challenge that is not JSON", oauth.XOAUTH2, "AccessTokenExpired", []byte{}, "AccessTokenExpired", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := oauth.NewClient(tt.mech, "btp@afpa.fr", "jeton")
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			if c.Refusal() != nil {
				t.Errorf("Refusal before any challenge: got %v, want nil", c.Refusal())
			}
			resp, err := c.Next([]byte(tt.challenge))
			if err != nil || resp == nil || string(resp) != string(tt.wantAck) {
				t.Fatalf("Next: got %q (nil: %v), %v, want %q, nil", resp, resp == nil, err, tt.wantAck)
			}
			var ce *oauth.ChallengeError
			if !errors.As(c.Refusal(), &ce) || ce.Status != tt.wantStatus || ce.Scope != tt.wantScope || ce.Mechanism != tt.mech {
				t.Errorf("Refusal: got %#v, want status %q scope %q for %s", c.Refusal(), tt.wantStatus, tt.wantScope, tt.mech)
			}
			if _, err := c.Next([]byte(tt.challenge)); !errors.Is(err, sasl.ErrUnexpectedServerChallenge) {
				t.Errorf("second Next: got %v, want ErrUnexpectedServerChallenge", err)
			}
		})
	}
}

func TestNewClientRefusesBadInput(t *testing.T) {
	tests := []struct {
		name        string
		mech        oauth.Mechanism
		user, token string
	}{
		{"unknown mechanism", "PLAIN", "btp@afpa.fr", "jeton"},
		{"empty token", oauth.XOAUTH2, "btp@afpa.fr", ""},
		{"token with ^A", oauth.XOAUTH2, "btp@afpa.fr", "a\x01user=eve"},
		{"token with a space", oauth.OAUTHBEARER, "btp@afpa.fr", "a b"},
		{"empty username", oauth.XOAUTH2, "", "jeton"},
		{"username with ^A", oauth.XOAUTH2, "btp\x01auth=x", "jeton"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := oauth.NewClient(tt.mech, tt.user, tt.token); err == nil {
				t.Errorf("got client %v, want an error", c)
			}
		})
	}
}

// errRefused is what the test check returns for a bad token.
var errRefused = errors.New("refused by the test")

// exchange runs a SASL exchange between c and s as a protocol would,
// with or without the initial response in the first message.
func exchange(c sasl.Client, s sasl.Server, withIR bool) error {
	_, ir, err := c.Start()
	if err != nil {
		return err
	}
	var resp []byte
	if withIR {
		resp = ir
	}
	for range 4 {
		challenge, done, err := s.Next(resp)
		if err != nil || done {
			return err
		}
		if resp == nil { // the empty challenge asks for the initial response
			resp = ir
			continue
		}
		if resp, err = c.Next(challenge); err != nil {
			return err
		}
	}
	return errors.New("exchange did not end")
}

func TestClientAgainstServer(t *testing.T) {
	check := func(user, token string) error {
		if user != "btp@afpa.fr" || token != "bon.jeton" {
			return errRefused
		}
		return nil
	}
	tests := []struct {
		name       string
		mech       oauth.Mechanism
		user       string
		token      string
		withIR     bool
		wantErr    error
		wantStatus string
	}{
		{"xoauth2 accepted", oauth.XOAUTH2, "btp@afpa.fr", "bon.jeton", true, nil, ""},
		{"xoauth2 without initial response", oauth.XOAUTH2, "btp@afpa.fr", "bon.jeton", false, nil, ""},
		{"xoauth2 refused", oauth.XOAUTH2, "btp@afpa.fr", "vieux.jeton", true, errRefused, "401"},
		{"oauthbearer accepted", oauth.OAUTHBEARER, "btp@afpa.fr", "bon.jeton", true, nil, ""},
		{"oauthbearer refused", oauth.OAUTHBEARER, "eve@afpa.fr", "bon.jeton", true, errRefused, "invalid_token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := oauth.NewClient(tt.mech, tt.user, tt.token)
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			s, err := oauth.NewServer(tt.mech, check)
			if err != nil {
				t.Fatalf("NewServer: %v", err)
			}
			if err := exchange(c, s, tt.withIR); !errors.Is(err, tt.wantErr) {
				t.Fatalf("exchange: got %v, want %v", err, tt.wantErr)
			}
			var ce *oauth.ChallengeError
			if got := errors.As(c.Refusal(), &ce) && ce.Status == tt.wantStatus; tt.wantStatus != "" && !got {
				t.Errorf("Refusal: got %v, want status %q", c.Refusal(), tt.wantStatus)
			}
		})
	}
}

func TestServerRefusesMalformedResponses(t *testing.T) {
	tests := []struct {
		name string
		mech oauth.Mechanism
		resp string
	}{
		{"xoauth2 without final ^A^A", oauth.XOAUTH2, "user=a\x01auth=Bearer t"},
		{"xoauth2 without user", oauth.XOAUTH2, "auth=Bearer t\x01\x01"},
		{"xoauth2 basic scheme", oauth.XOAUTH2, "user=a\x01auth=Basic dDp0\x01\x01"},
		{"oauthbearer channel binding", oauth.OAUTHBEARER, "p=tls-unique,,\x01auth=Bearer t\x01\x01"},
		{"oauthbearer bad authzid", oauth.OAUTHBEARER, "n,u=a,\x01auth=Bearer t\x01\x01"},
		{"oauthbearer field without =", oauth.OAUTHBEARER, "n,,\x01auth\x01\x01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checked := false
			s, err := oauth.NewServer(tt.mech, func(string, string) error { checked = true; return nil })
			if err != nil {
				t.Fatalf("NewServer: %v", err)
			}
			challenge, done, err := s.Next([]byte(tt.resp))
			if done || err != nil || len(challenge) == 0 {
				t.Fatalf("first Next: got %q, %v, %v, want an error challenge", challenge, done, err)
			}
			if _, done, err = s.Next([]byte{}); !done || !errors.Is(err, oauth.ErrMalformed) {
				t.Errorf("after the acknowledgement: got done %v, %v, want done, ErrMalformed", done, err)
			}
			if checked {
				t.Errorf("check was called on a malformed response")
			}
		})
	}
}
