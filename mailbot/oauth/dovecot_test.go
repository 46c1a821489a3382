package oauth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/dovecottest"
	"mailbot/mailbot/oauth"
)

// The tests in this file sign in to a real Dovecot whose oauth2 passdb
// checks each token at an introspection endpoint on loopback (RFC 7662),
// which asks the test's token endpoint.

// oauth2Conf is appended to dovecottest's configuration: XOAUTH2 and
// OAUTHBEARER next to the passwords, checked by the oauth2 passdb.
const oauth2Conf = `
auth_mechanisms = plain login xoauth2 oauthbearer
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = %s
}
`

// oauth2Ext is the oauth2 passdb's own file: POST token=... and read
// {"active": true, "username": ...}.
const oauth2Ext = `introspection_mode = post
introspection_url = %s
username_attribute = username
active_attribute = active
active_value = true
`

// startDovecot runs Dovecot for the user of mailboxUser, its tokens
// checked by rs.
func startDovecot(t *testing.T, rs *resourceServer) *dovecottest.Server {
	t.Helper()
	intro := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || rs.check(mailboxUser, r.PostForm.Get("token")) != nil {
			writeJSON(w, http.StatusOK, map[string]any{"active": false})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"active": true, "username": mailboxUser})
	}))
	t.Cleanup(intro.Close)
	d := dovecottest.Start(t, dovecottest.Options{Users: []string{strings.Split(mailboxUser, "@")[0]}})
	d.Stop()
	ext := filepath.Join(d.Dir(), "oauth2.conf.ext")
	if err := os.WriteFile(ext, fmt.Appendf(nil, oauth2Ext, intro.URL), 0o644); err != nil {
		t.Fatal(err)
	}
	conf, err := os.OpenFile(filepath.Join(d.Dir(), "dovecot.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fmt.Fprintf(conf, oauth2Conf, ext)
	if err := errors.Join(err, conf.Close()); err != nil {
		t.Fatal(err)
	}
	d.Start()
	return d
}

func deliverTo(t *testing.T, d *dovecottest.Server, n int) {
	t.Helper()
	raw := fmt.Appendf(nil, "From: centre@example.org\r\nTo: %s\r\nSubject: Session %d\r\n"+
		"Message-ID: <dovecot-%d@example.org>\r\n\r\nBonjour.\r\n", mailboxUser, n, n)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := d.Deliver(ctx, "centre@example.org", []string{mailboxUser}, raw); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
}

func TestDovecotSessionsRenewedWithFreshTokens(t *testing.T) {
	t.Parallel()
	e := startEndpoint(t, 2)
	rs := &resourceServer{e: e}
	d := startDovecot(t, rs)
	src := realSource(t, e, time.Second)
	h, st := &handled{}, &statusLog{}
	watch(t, d.IMAPAddr(), src, oauth.XOAUTH2, h, st)

	deliverTo(t, d, 1)
	eventually(t, "message 1 handled", func() bool { return h.has(1) })
	eventually(t, "three successive tokens", func() bool { tokens, _ := rs.accepted(); return len(tokens) >= 3 })
	deliverTo(t, d, 2)
	eventually(t, "message 2 handled", func() bool { return h.has(2) })

	if _, refused := rs.accepted(); refused != 0 {
		t.Errorf("tokens refused by Dovecot: got %d, want 0", refused)
	}
	if got := st.get(); got.LastError != "" || got.Reconnects < 2 {
		t.Errorf("watcher status: got %+v, want renewals without error", got)
	}
}

// TestDovecotRefusesAnUnknownToken: the refusal reaches the status. For
// XOAUTH2 Dovecot answers BAD, not NO: imapclient sends the empty response
// to the error challenge as "=", which Dovecot takes for bad base64
// (go-imap issue 760); the server's own reason comes first in the error.
func TestDovecotRefusesAnUnknownToken(t *testing.T) {
	t.Parallel()
	for _, mech := range []oauth.Mechanism{oauth.XOAUTH2, oauth.OAUTHBEARER} {
		t.Run(string(mech), func(t *testing.T) {
			t.Parallel()
			e := startEndpoint(t, 3600)
			rs := &resourceServer{e: e, refuse: true}
			d := startDovecot(t, rs)
			st := &statusLog{}
			watch(t, d.IMAPAddr(), realSource(t, e, 0), mech, &handled{}, st)
			eventually(t, "a sign-in error", func() bool { return st.get().LastError != "" })
			got := st.get().LastError
			t.Logf("LastError: %s", got)
			want := fmt.Sprintf("AUTHENTICATE %s as %q: %s: the server refused the token", mech, mailboxUser, mech)
			if !strings.Contains(got, want) {
				t.Errorf("LastError: got %q, want it to contain %q", got, want)
			}
		})
	}
}
