package smtpsink

import (
	"errors"
	"testing"

	"github.com/emersion/go-sasl"

	"mailbot/mailbot/oauth"
)

func TestAuthAndTLS(t *testing.T) {
	tlsCfg, err := SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	const user, pass, goodToken = "bot", "s3cret", "jeton.valide"
	checkToken := func(u, token string) error {
		if u != user || token != goodToken {
			return errors.New("refused")
		}
		return nil
	}
	tests := []struct {
		name     string
		opts     Options
		client   client
		wantCode int // 0: accepted
	}{
		{"plaintext no auth", Options{}, client{}, 0},
		{"starttls", Options{TLS: tlsCfg}, client{startTLS: true}, 0},
		{"implicit tls", Options{TLS: tlsCfg, ImplicitTLS: true}, client{implicitTLS: true}, 0},
		{"auth required, none given", Options{Username: user, Password: pass}, client{}, 502},
		{"plain good", Options{Username: user, Password: pass},
			client{auth: sasl.NewPlainClient("", user, pass)}, 0},
		{"plain wrong password", Options{Username: user, Password: pass},
			client{auth: sasl.NewPlainClient("", user, "nope")}, 535},
		{"login good", Options{Username: user, Password: pass},
			client{auth: sasl.NewLoginClient(user, pass)}, 0},
		{"login wrong user", Options{Username: user, Password: pass},
			client{auth: sasl.NewLoginClient("eve", pass)}, 535},
		{"plain over starttls", Options{TLS: tlsCfg, Username: user, Password: pass},
			client{startTLS: true, auth: sasl.NewPlainClient("", user, pass)}, 0},
		{"plain before tls refused", Options{TLS: tlsCfg, Username: user, Password: pass},
			client{auth: sasl.NewPlainClient("", user, pass)}, 523},
		{"token required, none given", Options{CheckToken: checkToken}, client{}, 502},
		{"xoauth2 good", Options{CheckToken: checkToken},
			client{auth: bearer(t, oauth.XOAUTH2, user, goodToken)}, 0},
		{"xoauth2 wrong token", Options{CheckToken: checkToken},
			client{auth: bearer(t, oauth.XOAUTH2, user, "expired")}, 535},
		{"oauthbearer good", Options{CheckToken: checkToken},
			client{auth: bearer(t, oauth.OAUTHBEARER, user, goodToken)}, 0},
		{"oauthbearer wrong user", Options{CheckToken: checkToken},
			client{auth: bearer(t, oauth.OAUTHBEARER, "eve", goodToken)}, 535},
		{"plain refused when only tokens are", Options{CheckToken: checkToken},
			client{auth: sasl.NewPlainClient("", user, pass)}, 504},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, tt.opts)
			err := tt.client.send(s.Addr(), "bot@example.org", []string{"c@example.org"}, sample)
			if got := replyCode(err); got != tt.wantCode {
				t.Fatalf("got code %d (%v), want %d", got, err, tt.wantCode)
			}
			wantKept := 0
			if tt.wantCode == 0 {
				wantKept = 1
			}
			msgs := s.Messages()
			if len(msgs) != wantKept {
				t.Fatalf("recorded: got %d, want %d", len(msgs), wantKept)
			}
			wantTLS := tt.client.startTLS || tt.client.implicitTLS
			if wantKept == 1 && msgs[0].TLS != wantTLS {
				t.Errorf("Received.TLS: got %v, want %v", msgs[0].TLS, wantTLS)
			}
		})
	}
}

func bearer(t *testing.T, mech oauth.Mechanism, user, token string) sasl.Client {
	t.Helper()
	c, err := oauth.NewClient(mech, user, token)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}
