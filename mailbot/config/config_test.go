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

[classify]
model = "/var/lib/mailbot/model.json"
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
		{"command timeout", c.IMAP.CommandTimeout, time.Minute},
		{"max message size", c.IMAP.MaxMessageSize, int64(64 << 20)},
		{"threshold: the model's", c.Policy.Threshold, 0.0},
		{"classify model", c.Classify.Model, "/var/lib/mailbot/model.json"},
		{"generic ack", *c.Policy.GenericAck, true},
		{"engineers", c.Engineers["btp"][0], "ingenierie-btp@afpa.fr"},
		{"sector address", c.SectorAddress("btp"), "epreuves-btp@afpa.fr"},
		{"smtp connections", c.SMTP.Connections, 2},
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
		{"tiny max message size", [2]string{`tls = "implicit"`, `tls = "implicit"` + "\nmax_message_size = -1"}, "imap.max_message_size"},
		{"inline password", [2]string{`password_env = "MAILBOT_BTP_PASSWORD"`, `password = "hunter2"`}, "mailbox[0].password"},
		{"no secret", [2]string{`password_env = "MAILBOT_BTP_PASSWORD"`, ``}, "mailbox[0].password_env"},
		{"bad tls", [2]string{`tls = "starttls"`, `tls = "ssl"`}, "smtp.tls"},
		{"none tls off loopback", [2]string{`tls = "starttls"`, `tls = "none"`}, "smtp.tls"},
		{"too many smtp connections", [2]string{`tls = "starttls"`, `tls = "starttls"` + "\nconnections = 9"}, "smtp.connections"},
		{"negative smtp connections", [2]string{`tls = "starttls"`, `tls = "starttls"` + "\nconnections = -1"}, "smtp.connections"},
		{"bad engineer", [2]string{`"ingenierie-btp@afpa.fr"`, `"not an address"`}, "engineers.btp[0]"},
		{"unknown engineer sector", [2]string{`btp = ["ingenierie`, `batiment = ["ingenierie`}, "engineers.batiment"},
		{"bad listen", [2]string{`listen = "127.0.0.1:8025"`, `listen = "8025"`}, "web.listen"},
		{"bad duration", [2]string{`tls = "implicit"`, `tls = "implicit"` + "\nidle_restart = \"soon\""}, "idle_restart"},
		{"syntax", [2]string{`[web]`, `[web`}, "line"},
		{"keep not a span", [2]string{`path = "/var/lib/mailbot/mailbot.db"`, `path = "/var/lib/mailbot/mailbot.db"` + "\nkeep = \"two years\""}, "keep"},
		{"keep too short", [2]string{`path = "/var/lib/mailbot/mailbot.db"`, `path = "/var/lib/mailbot/mailbot.db"` + "\nkeep = \"1h\""}, "state.keep"},
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

func TestModes(t *testing.T) {
	c, err := Parse(valid + "\n[modes]\ndefault = \"shadow\"\ncomplaint = \"approve\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Modes["complaint"] != "approve" || c.Modes["default"] != "shadow" {
		t.Errorf("got %v", c.Modes)
	}
	for _, bad := range []string{"complaints = \"auto\"", "complaint = \"later\""} {
		if _, err := Parse(valid + "\n[modes]\n" + bad + "\n"); err == nil || !strings.Contains(err.Error(), "modes.complaint") {
			t.Errorf("%s: got %v, want an error naming modes.complaint…", bad, err)
		}
	}
}

// demoHash is the bcrypt hash (cost 4) of "demo".
const demoHash = "$2a$04$UGwojmXLiqpwydAgc7XnZuGrSqqzv6s2MqdPwjAV54AY1nEjrll5S"

func TestWebAndDigestDefaults(t *testing.T) {
	c, err := Parse(valid)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"session lifetime", c.Web.SessionLifetime, DefaultSessionLifetime},
		{"state kept two years", c.State.Keep, Days(730 * 24 * time.Hour)},
		{"unreachable after", c.Web.UnreachableAfter, DefaultUnreachableAfter},
		{"digest time", c.Digest.Time, "08:15"},
		{"digest to follows agents.digest_to", strings.Join(c.Digest.To, ","), "gev@afpa.fr"},
		{"digest from is the first mailbox", c.Digest.From, "epreuves-btp@afpa.fr"},
		{"per sector off", c.Digest.PerSector, false},
	}
	for _, tc := range checks {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestWebAndDigestKeys(t *testing.T) {
	text := valid + `
[[web.user]]
name = "marie"
password_hash = "` + demoHash + `"

[digest]
time = "07:45"
per_sector = true
to = ["chef-gev@afpa.fr"]
[digest.sector_to]
ccp = ["gev-ccp@afpa.fr"]
`
	text = strings.Replace(text, `path = "/var/lib/mailbot/mailbot.db"`, `path = "/var/lib/mailbot/mailbot.db"
keep = "90d"`, 1)
	text = strings.Replace(text, `listen = "127.0.0.1:8025"`, `listen = "127.0.0.1:8025"
trusted_header = "X-Remote-User"
trusted_proxies = ["127.0.0.1", "10.0.0.0/8"]
unreachable_after = "5m"
public_url = "https://gev.example.org/mailbot"`, 1)
	c, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"user", c.Web.Users[0].Name, "marie"},
		{"keep in days", c.State.Keep, Days(90 * 24 * time.Hour)},
		{"trusted header", c.Web.TrustedHeader, "X-Remote-User"},
		{"proxies", len(c.Web.TrustedProxies), 2},
		{"unreachable after", c.Web.UnreachableAfter, 5 * time.Minute},
		{"digest time", c.Digest.Time, "07:45"},
		{"digest to", c.Digest.To[0], "chef-gev@afpa.fr"},
		{"sector to", c.Digest.SectorTo["ccp"][0], "gev-ccp@afpa.fr"},
	}
	for _, tc := range checks {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestWebAndDigestErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		name    string
		extra   string
		wantKey string
	}{
		{"not loopback without TLS", `listen = "0.0.0.0:8025"`, "web.listen"},
		{"cert without key", `tls_cert_file = "/etc/mailbot/cert.pem"`, "web.tls_key_file"},
		{"header without proxies", `trusted_header = "X-Remote-User"`, "web.trusted_proxies"},
		{"bad proxy", "trusted_header = \"X-User\"\ntrusted_proxies = [\"proxy.local\"]", "web.trusted_proxies[0]"},
		{"short session", `session_lifetime = "10s"`, "web.session_lifetime"},
		{"bad public url", `public_url = "gev.example.org"`, "web.public_url"},
		{"plain password", "[[web.user]]\nname = \"marie\"\npassword_hash = \"hunter2\"", "web.user[0].password_hash"},
		{"no user name", "[[web.user]]\npassword_hash = \"" + demoHash + "\"", "web.user[0].name"},
		{"bad digest time", "[digest]\ntime = \"8h15\"", "digest.time"},
		{"bad digest to", "[digest]\nto = [\"gev\"]", "digest.to[0]"},
		{"bad digest sector", "[digest.sector_to]\nbatiment = [\"gev@afpa.fr\"]", "digest.sector_to.batiment"},
		{"bad digest from", "[digest]\nfrom = \"mailbot\"", "digest.from"},
		{"inline metrics token", `metrics_token = "s3cret"`, "web.metrics_token"},
		{"metrics token twice", "metrics_token_env = \"A\"\nmetrics_token_file = \"/b\"", "web.metrics_token_env"},
		{"huge user name", "[[web.user]]\nname = \"" + strings.Repeat("m", 65) + "\"\npassword_hash = \"" + demoHash + "\"", "web.user[0].name"},
		{"reply-to domain with @", "[security]\nreply_to_domains = [\"x@groupe.fr\"]", "security.reply_to_domains[0]"},
		{"authserv-id with a space", "[security]\ntrusted_authserv_id = \"mx afpa\"", "security.trusted_authserv_id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := valid
			if strings.HasPrefix(tc.extra, "[") {
				text += "\n" + tc.extra + "\n"
			} else {
				text = strings.Replace(text, `listen = "127.0.0.1:8025"`, tc.extra, 1)
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

func TestSecurityKeys(t *testing.T) {
	c, err := Parse(valid + "[security]\ntrusted_authserv_id = \"mx.afpa.fr\"\nreply_to_domains = [\"groupe-exemple.fr\"]\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Security.TrustedAuthservID != "mx.afpa.fr" || len(c.Security.ReplyToDomains) != 1 {
		t.Errorf("got %+v", c.Security)
	}
}

func TestCalendarHours(t *testing.T) {
	tests := []struct {
		name, section string
		wantErr       string // "" for a valid file
	}{
		{"summer hours", "[calendar.office]\nfri = \"08:30-12:00\"\n[calendar.engineering]\nfri = \"\"", ""},
		{"lunch break", "[calendar.office]\nmon = \"08:30-12:00, 13:30-17:30\"", ""},
		{"reversed", "[calendar.office]\nmon = \"17:30-08:30\"", `calendar.office: mon: hours "17:30-08:30": opening must be before closing`},
		{"overlapping", "[calendar.engineering]\ntue = \"08:30-12:00, 11:30-17:30\"", `calendar.engineering: tue: "08:30-12:00, 11:30-17:30": ranges 08:30-12:00 and 11:30-17:30 overlap`},
		{"malformed", "[calendar.office]\nwed = \"8h30 à 17h30\"", `calendar.office: wed: hours "8h30 à 17h30": want HH:MM-HH:MM`},
		{"unknown day", "[calendar.office]\nlundi = \"08:30-17:30\"", "calendar.office: lundi: not a day"},
		{"closed every day", "[calendar.engineering]\nmon = \"\"\ntue = \"\"\nwed = \"\"\nthu = \"\"\nfri = \"\"", "calendar.engineering: closed every day of the week"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(valid + tc.section)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("got %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}
