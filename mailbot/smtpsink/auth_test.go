package smtpsink

import (
	"testing"

	"github.com/emersion/go-sasl"
)

func TestAuthAndTLS(t *testing.T) {
	tlsCfg, err := SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	const user, pass = "bot", "s3cret"
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
