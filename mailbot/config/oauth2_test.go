package config

import (
	"strings"
	"testing"
	"time"
)

// withOAuth2 is the valid config with the mailbox and SMTP on tokens.
var withOAuth2 = strings.NewReplacer(
	`password_env = "MAILBOT_BTP_PASSWORD"`, `auth = "xoauth2"`,
	`tls = "starttls"`, "tls = \"starttls\"\nusername = \"epreuves-btp@afpa.fr\"\nauth = \"xoauth2\"",
).Replace(valid) + `
[oauth2]
tenant_id = "afpa.onmicrosoft.com"
client_id = "3f1c7a52-0000-4000-8000-000000000001"
client_secret_env = "MAILBOT_OAUTH2_SECRET"
`

func TestOAuth2Defaults(t *testing.T) {
	c, err := Parse(withOAuth2)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	plain, err := Parse(valid)
	if err != nil {
		t.Fatalf("Parse valid: %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"token URL from the tenant", c.OAuth2.Endpoint(), "https://login.microsoftonline.com/afpa.onmicrosoft.com/oauth2/v2.0/token"},
		{"scopes", strings.Join(c.OAuth2.Scopes, " "), "https://outlook.office365.com/.default"},
		{"refresh before", c.OAuth2.RefreshBefore, 5 * time.Minute},
		{"mailbox auth", c.Mailboxes[0].Auth, AuthXOAUTH2},
		{"smtp auth", c.SMTP.Auth, AuthXOAUTH2},
		{"uses oauth2", c.UsesOAuth2(), true},
		{"password mailbox auth defaults to login", plain.Mailboxes[0].Auth, AuthLogin},
		{"password config does not use oauth2", plain.UsesOAuth2(), false},
	}
	for _, tc := range checks {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestOAuth2ErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		name    string
		config  string
		replace [2]string
		wantKey string
	}{
		{"unknown mailbox auth", withOAuth2, [2]string{`auth = "xoauth2"`, `auth = "kerberos"`}, "mailbox[0].auth"},
		{"unknown smtp auth", withOAuth2, [2]string{`auth = "xoauth2"` + "\n\n[engineers]", `auth = "cram-md5"` + "\n\n[engineers]"}, "smtp.auth"},
		{"password beside a token", withOAuth2, [2]string{`auth = "xoauth2"`, "auth = \"xoauth2\"\npassword_env = \"X\""}, "mailbox[0].password_env"},
		{"no tenant nor token url", withOAuth2, [2]string{`tenant_id = "afpa.onmicrosoft.com"`, ``}, "oauth2.tenant_id"},
		{"tenant and token url", withOAuth2, [2]string{`tenant_id = "afpa.onmicrosoft.com"`,
			"tenant_id = \"afpa.onmicrosoft.com\"\ntoken_url = \"https://login.example.org/token\""}, "oauth2.tenant_id"},
		{"tenant with a slash", withOAuth2, [2]string{`"afpa.onmicrosoft.com"`, `"afpa/../x"`}, "oauth2.tenant_id"},
		{"token url in clear text", withOAuth2, [2]string{`tenant_id = "afpa.onmicrosoft.com"`, `token_url = "http://login.example.org/token"`}, "oauth2.token_url"},
		{"no client id", withOAuth2, [2]string{`client_id = "3f1c7a52-0000-4000-8000-000000000001"`, ``}, "oauth2.client_id"},
		{"inline client secret", withOAuth2, [2]string{`client_secret_env = "MAILBOT_OAUTH2_SECRET"`, `client_secret = "s3cret"`}, "oauth2.client_secret"},
		{"no client secret", withOAuth2, [2]string{`client_secret_env = "MAILBOT_OAUTH2_SECRET"`, ``}, "oauth2.client_secret_env"},
		{"empty scopes", withOAuth2, [2]string{`client_id =`, "scopes = []\nclient_id ="}, "oauth2.scopes"},
		{"negative refresh", withOAuth2, [2]string{`client_id =`, "refresh_before = \"-1m\"\nclient_id ="}, "oauth2.refresh_before"},
		{"smtp token without username", withOAuth2, [2]string{`username = "epreuves-btp@afpa.fr"` + "\nauth = \"xoauth2\"" + "\n\n[engineers]", `auth = "xoauth2"` + "\n\n[engineers]"}, "smtp.username"},
		{"oauth2 missing for a mailbox", valid, [2]string{`password_env = "MAILBOT_BTP_PASSWORD"`, `auth = "oauthbearer"`}, "oauth2.client_id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Replace(tc.config, tc.replace[0], tc.replace[1], 1)
			if text == tc.config {
				t.Fatalf("replacement %q not found", tc.replace[0])
			}
			_, err := Parse(text)
			if err == nil || !strings.Contains(err.Error(), tc.wantKey) {
				t.Errorf("got %v, want an error naming %s", err, tc.wantKey)
			}
		})
	}
}

func TestOAuth2LoopbackTokenURL(t *testing.T) {
	text := strings.Replace(withOAuth2, `tenant_id = "afpa.onmicrosoft.com"`, `token_url = "http://127.0.0.1:8080/token"`, 1)
	c, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := c.OAuth2.Endpoint(), "http://127.0.0.1:8080/token"; got != want {
		t.Errorf("Endpoint: got %q, want %q", got, want)
	}
}

func TestResolveClientSecret(t *testing.T) {
	t.Setenv("MAILBOT_TEST_OAUTH2", "s3cret")
	got, err := OAuth2{ClientSecretEnv: "MAILBOT_TEST_OAUTH2"}.ResolveSecret()
	if err != nil || got != "s3cret" {
		t.Fatalf("got %q, %v; want s3cret", got, err)
	}
	_, err = OAuth2{ClientSecretEnv: "MAILBOT_TEST_UNSET_OAUTH2"}.ResolveSecret()
	if err == nil || !strings.Contains(err.Error(), "client_secret_env") {
		t.Errorf("got %v, want an error naming client_secret_env", err)
	}
}
