package memimap

import (
	"errors"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"

	"mailbot/mailbot/oauth"
)

func TestAuthenticateWithToken(t *testing.T) {
	const good = "jeton-valide"
	check := func(username, token string) error {
		if username != "btp" || token != good {
			return errors.New("refused")
		}
		return nil
	}
	bearer := func(mech oauth.Mechanism, user, token string) sasl.Client {
		c, err := oauth.NewClient(mech, user, token)
		if err != nil {
			t.Fatalf("NewClient: %v", err)
		}
		return c
	}
	tests := []struct {
		name   string
		check  func(string, string) error
		client sasl.Client
		ok     bool
	}{
		{"xoauth2 good token", check, bearer(oauth.XOAUTH2, "btp", good), true},
		{"xoauth2 wrong token", check, bearer(oauth.XOAUTH2, "btp", "autre"), false},
		{"xoauth2 unknown user", check, bearer(oauth.XOAUTH2, "ccp", good), false},
		{"oauthbearer good token", check, bearer(oauth.OAUTHBEARER, "btp", good), true},
		{"oauthbearer wrong token", check, bearer(oauth.OAUTHBEARER, "btp", "autre"), false},
		{"plain still works", check, sasl.NewPlainClient("", "btp", "secret"), true},
		{"xoauth2 without CheckToken", nil, bearer(oauth.XOAUTH2, "btp", good), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startTest(t, Options{CheckToken: tt.check})
			c, err := imapclient.DialInsecure(s.Addr(), nil)
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			defer c.Close()
			err = c.Authenticate(tt.client)
			if got := err == nil; got != tt.ok {
				t.Fatalf("authenticated: got %v, want %v (err %v)", got, tt.ok, err)
			}
			if !tt.ok {
				return
			}
			if _, err := c.Select(Inbox, nil).Wait(); err != nil {
				t.Errorf("select after AUTHENTICATE: got %v, want nil", err)
			}
		})
	}
}

func TestTokenMechanismsAdvertised(t *testing.T) {
	tests := []struct {
		name  string
		check func(string, string) error
		want  bool
	}{
		{"with CheckToken", func(string, string) error { return nil }, true},
		{"without", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startTest(t, Options{CheckToken: tt.check})
			c, err := imapclient.DialInsecure(s.Addr(), nil)
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			defer c.Close()
			caps, err := c.Capability().Wait()
			if err != nil {
				t.Fatalf("CAPABILITY: %v", err)
			}
			for _, mech := range []string{"AUTH=XOAUTH2", "AUTH=OAUTHBEARER"} {
				if got := caps.Has(imap.Cap(mech)); got != tt.want {
					t.Errorf("%s offered: got %v, want %v", mech, got, tt.want)
				}
			}
			if !caps.Has("AUTH=PLAIN") {
				t.Errorf("AUTH=PLAIN offered: got false, want true")
			}
		})
	}
}
