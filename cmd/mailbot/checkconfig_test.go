package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"mailbot/mailbot/dovecottest"
	"mailbot/mailbot/smtpsink"
	"mailbot/mailbot/testutil"
)

// dialCheck runs `mailbot check-config --config FILE --dial` and returns
// its output and error.
func dialCheck(t *testing.T, conf *testutil.Config) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := dispatch(context.Background(), "check-config", []string{"--config", conf.Write(), "--dial"}, &out, &bytes.Buffer{})
	return out.String(), err
}

func TestCheckConfigDial(t *testing.T) {
	const smtpUser, smtpPassword = "gev-bot", "smtp-pw"
	imapSrv := testutil.IMAP(t, "epreuves-btp@afpa.fr", "epreuves-ccp@afpa.fr")
	sink, err := smtpsink.Start(smtpsink.Options{Username: smtpUser, Password: smtpPassword})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	t.Setenv("MAILBOT_TEST_SMTP_PASSWORD", smtpPassword)
	llm := testutil.NewLLM(t, nil)
	base := func(imapAddr string) *testutil.Config {
		c := testutil.NewConfig(t, imapAddr, sink.Addr()).Mailbox("btp").Mailbox("ccp").
			Set("smtp.username", smtpUser).Set("smtp.password_env", "MAILBOT_TEST_SMTP_PASSWORD")
		return llm.Configure(c)
	}
	tests := []struct {
		name string
		conf *testutil.Config
		// want are lines, or starts of lines, the output must hold.
		want []string
	}{
		{"all ok", base(imapSrv.Addr()), []string{
			"btp: connect to " + imapSrv.Addr() + ": ok",
			"btp: TLS (none): ok",
			`btp: login as "epreuves-btp@afpa.fr" (password): ok`,
			`btp: select folder "INBOX": ok`,
			`btp: Sent folder "Sent" exists: ok`,
			`ccp: Sent folder "Sent" exists: ok`,
			"SMTP: connect to " + sink.Addr() + ": ok",
			"SMTP: EHLO, TLS (none): ok",
			`SMTP: AUTH plain as "gev-bot": ok`,
			"LLM: models list at ",
		}},
		{"closed port", base(testutil.ClosedPort(t)), []string{
			"btp: connect to 127.0.0.1:",
			"FAILED: connect to 127.0.0.1:",
			"check mailbox[0].server or imap.address",
		}},
		{"wrong password", base(imapSrv.Addr()).Password("not-the-password"), []string{
			`btp: login as "epreuves-btp@afpa.fr" (password): FAILED: `,
			"check the user name and the password (mailbox[0].password_env or password_file)",
		}},
		{"missing Sent folder", base(imapSrv.Addr()).Set("imap.sent_folder", "Envoyés"), []string{
			`btp: select folder "INBOX": ok`,
			`btp: Sent folder "Envoyés" exists: FAILED: no such folder: create it, or set imap.sent_folder`,
		}},
		{"wrong SMTP password", base(imapSrv.Addr()).Set("smtp.username", "someone-else"), []string{
			"SMTP: EHLO, TLS (none): ok",
			`SMTP: AUTH plain as "someone-else": FAILED: `,
			"check smtp.username, smtp.auth and the password",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := dialCheck(t, tt.conf)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			failed := strings.Contains(out, "FAILED")
			if failed != errors.Is(err, errChecksFailed) {
				t.Errorf("FAILED lines: %v, but the error is %v:\n%s", failed, err, out)
			}
			if wantFail := tt.name != "all ok"; failed != wantFail {
				t.Errorf("a check failed: %v, want %v:\n%s", failed, wantFail, out)
			}
		})
	}
	if n := len(sink.Messages()); n != 0 {
		t.Errorf("the checks sent %d mails, want none", n)
	}
}

// TestCheckConfigDialDovecot dials the real Dovecot the suite starts: its
// output is what an operator sees, given in the report of Step 11.
func TestCheckConfigDialDovecot(t *testing.T) {
	dove := dovecottest.Start(t, dovecottest.Options{})
	sink := testutil.Sink(t)
	conf := testutil.NewConfig(t, dove.IMAPAddr(), sink.Addr()).Password(dovecottest.Password).
		Mailbox("btp", "username", "epreuves-btp").Mailbox("ccp", "username", "epreuves-ccp")
	out, err := dialCheck(t, conf)
	t.Logf("before the Sent folders exist:\n%s", out)
	if !errors.Is(err, errChecksFailed) || !strings.Contains(out, `btp: Sent folder "Sent" exists: FAILED`) {
		t.Fatalf("a new Dovecot account has no Sent folder, yet: err %v\n%s", err, out)
	}
	for _, user := range []string{"epreuves-btp", "epreuves-ccp"} {
		c, err := dove.Dial(t.Context(), user)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Create("Sent", nil).Wait(); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	out, err = dialCheck(t, conf)
	t.Logf("once they exist:\n%s", out)
	if err != nil || strings.Contains(out, "FAILED") || strings.Count(out, ": ok\n") != 12 {
		t.Errorf("want 12 checks ok and no error, got %v:\n%s", err, out)
	}
}
