package config

import (
	"strings"
	"testing"
	"time"
)

const valid = `
[state]
path = "/var/lib/mailbot/mailbot.db"

[imap]
address = "imap.example.org:993"
tls = "implicit"

[[mailbox]]
sector = "btp"
address = "epreuves-btp@afpa.fr"
username = "epreuves-btp@afpa.fr"
password_env = "MAILBOT_BTP_PASSWORD"
folder = "INBOX"

[smtp]
address = "smtp.example.org:587"
tls = "starttls"

[engineers]
btp = ["ingenierie-btp@afpa.fr"]

[agents]
digest_to = ["gev@afpa.fr"]

[web]
listen = "127.0.0.1:8025"
`

func TestParseValidAppliesDefaults(t *testing.T) {
	c, err := Parse(valid)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	m := c.Mailboxes[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"mailbox server inherits imap.address", m.Server, "imap.example.org:993"},
		{"mailbox tls inherits imap.tls", m.TLS, "implicit"},
		{"password env", m.PasswordEnv, "MAILBOT_BTP_PASSWORD"},
		{"done keyword", c.IMAP.DoneKeyword, "$MailbotDone"},
		{"idle restart", c.IMAP.IdleRestart, 4 * time.Minute},
		{"threshold", c.Policy.Threshold, DefaultThreshold},
		{"generic ack", *c.Policy.GenericAck, true},
		{"engineers", c.Engineers["btp"][0], "ingenierie-btp@afpa.fr"},
		{"sector address", c.SectorAddress("btp"), "epreuves-btp@afpa.fr"},
	}
	for _, tc := range checks {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestParseErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		name    string
		replace [2]string
		wantKey string
	}{
		{"unknown key", [2]string{`tls = "implicit"`, `tls = "implicit"` + "\nadress = \"x\""}, "imap.adress"},
		{"bad sector", [2]string{`sector = "btp"`, `sector = "btpp"`}, "mailbox[0].sector"},
		{"inline password", [2]string{`password_env = "MAILBOT_BTP_PASSWORD"`, `password = "hunter2"`}, "mailbox[0].password"},
		{"no secret", [2]string{`password_env = "MAILBOT_BTP_PASSWORD"`, ``}, "mailbox[0].password_env"},
		{"bad tls", [2]string{`tls = "starttls"`, `tls = "ssl"`}, "smtp.tls"},
		{"none tls off loopback", [2]string{`tls = "starttls"`, `tls = "none"`}, "smtp.tls"},
		{"bad engineer", [2]string{`"ingenierie-btp@afpa.fr"`, `"not an address"`}, "engineers.btp[0]"},
		{"unknown engineer sector", [2]string{`btp = ["ingenierie`, `batiment = ["ingenierie`}, "engineers.batiment"},
		{"bad listen", [2]string{`listen = "127.0.0.1:8025"`, `listen = "8025"`}, "web.listen"},
		{"bad duration", [2]string{`tls = "implicit"`, `tls = "implicit"` + "\nidle_restart = \"soon\""}, "idle_restart"},
		{"syntax", [2]string{`[web]`, `[web`}, "line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(valid, tc.replace[0], tc.replace[1], 1)
			if text == valid {
				t.Fatalf("replacement %q not found", tc.replace[0])
			}
			_, err := Parse(text)
			if err == nil {
				t.Fatalf("got no error, want one naming %q", tc.wantKey)
			}
			if !strings.Contains(err.Error(), tc.wantKey) {
				t.Errorf("got %q, want it to name %q", err, tc.wantKey)
			}
		})
	}
}

func TestSecretResolve(t *testing.T) {
	t.Setenv("MAILBOT_TEST_PW", "s3cret")
	got, err := Secret{PasswordEnv: "MAILBOT_TEST_PW"}.Resolve()
	if err != nil || got != "s3cret" {
		t.Fatalf("got %q, %v; want s3cret", got, err)
	}
	if _, err := (Secret{PasswordEnv: "MAILBOT_TEST_UNSET_PW"}).Resolve(); err == nil || !strings.Contains(err.Error(), "MAILBOT_TEST_UNSET_PW") {
		t.Errorf("got %v, want an error naming the variable", err)
	}
}
