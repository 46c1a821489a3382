package app

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/mailbot/testutil"
)

// TestDialCheckOAuth2: --dial signs in with a token where the mailbox and
// SMTP are configured for XOAUTH2, and says so when the token is refused.
func TestDialCheckOAuth2(t *testing.T) {
	_, endpoint, imapSrv, sink := oauthServers(t)
	check := func(smtpUser string) string {
		conf := testutil.NewConfig(t, imapSrv.Addr(), sink.Addr()).Mailbox("btp", "auth", "xoauth2").
			Set("smtp.username", smtpUser).Set("smtp.auth", "xoauth2").
			Set("oauth2.token_url", endpoint.URL).Set("oauth2.client_id", "mailbot-test")
		secret := filepath.Join(conf.Dir(), "client-secret")
		if err := os.WriteFile(secret, []byte("s3cret\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		DialCheck(context.Background(), conf.Set("oauth2.client_secret_file", secret).Parse(), slog.New(slog.DiscardHandler), func(c Check) {
			out.WriteString(c.String() + "\n")
		})
		return out.String()
	}
	out := check(btpBox)
	for _, want := range []string{
		`btp: login as "epreuves-btp@afpa.fr" (xoauth2): ok`,
		`btp: Sent folder "Sent" exists: ok`,
		`SMTP: AUTH xoauth2 as "epreuves-btp@afpa.fr": ok`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out = check("someone-else@afpa.fr")
	if want := `SMTP: AUTH xoauth2 as "someone-else@afpa.fr": FAILED: `; !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}
