package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mailbot/mailbot/memimap"
	"mailbot/mailbot/smtpsink"
	"mailbot/mailbot/testutil"
)

// tokenIssuer is a token endpoint granting any client hour-long tokens,
// and the check a resource server makes of them.
type tokenIssuer struct {
	mu      sync.Mutex
	issued  map[string]bool
	refused int
}

func (ti *tokenIssuer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ti.mu.Lock()
	token := fmt.Sprintf("jeton-%d", len(ti.issued)+1)
	ti.issued[token] = true
	ti.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": 3600})
}

func (ti *tokenIssuer) check(user, token string) error {
	ti.mu.Lock()
	defer ti.mu.Unlock()
	if user != btpBox || !ti.issued[token] {
		ti.refused++
		return errors.New("invalid token")
	}
	return nil
}

// TestBotSignsInWithOAuth2 runs the bot with auth = "xoauth2" for its
// mailbox and SMTP: it reads, answers and files the copy with tokens only.
func TestBotSignsInWithOAuth2(t *testing.T) {
	ti, endpoint, imapSrv, sink := oauthServers(t)
	conf := testutil.NewConfig(t, imapSrv.Addr(), sink.Addr()).Mailbox("btp", "auth", "xoauth2").
		Set("smtp.username", btpBox).Set("smtp.auth", "xoauth2").
		Set("oauth2.token_url", endpoint.URL).Set("oauth2.client_id", "mailbot-test")
	secret := filepath.Join(conf.Dir(), "client-secret")
	if err := os.WriteFile(secret, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := conf.Set("oauth2.client_secret_file", secret).Parse()
	a, err := New(cfg, Options{
		Clock:  func() time.Time { return paris(2027, time.March, 1, 10, 0) },
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; a.Close() })

	if _, err := imapSrv.Append(ctx, btpBox, memimap.Inbox, []byte(mail(centre, btpBox, "Problème de connexion CERES",
		"<oauth1@cfp-exemple.test>", "Mon, 1 Mar 2027 09:55:00 +0100",
		"Bonjour,\r\n\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé.\r\nComment faire ?\r\n"))); err != nil {
		t.Fatal(err)
	}
	waitCtx, stop := context.WithTimeout(ctx, 20*time.Second)
	defer stop()
	got, err := sink.WaitFor(waitCtx, 1)
	if err != nil {
		t.Fatalf("waiting for the reply: %v", err)
	}
	if got[0].Header.Get("In-Reply-To") != "<oauth1@cfp-exemple.test>" {
		t.Errorf("In-Reply-To: got %q, want the centre's Message-ID", got[0].Header.Get("In-Reply-To"))
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		copies, err := imapSrv.Flags(ctx, btpBox, memimap.Sent)
		if err != nil {
			t.Fatal(err)
		}
		if len(copies) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Sent folder: got %d copies, want 1", len(copies))
		}
		time.Sleep(20 * time.Millisecond)
	}
	st := a.OAuth.Status()
	ti.mu.Lock()
	refused := ti.refused
	ti.mu.Unlock()
	if st.Refreshes != 1 || st.Failing || refused != 0 {
		t.Errorf("token source: got %d tokens (failing %v), %d refused, want 1 shared token, none refused",
			st.Refreshes, st.Failing, refused)
	}
}

// oauthServers starts a token endpoint and the embedded IMAP and SMTP
// servers that accept only its tokens.
func oauthServers(t *testing.T) (*tokenIssuer, *httptest.Server, *memimap.Server, *smtpsink.Sink) {
	t.Helper()
	ti := &tokenIssuer{issued: map[string]bool{}}
	endpoint := httptest.NewServer(ti)
	t.Cleanup(endpoint.Close)
	imapSrv, err := memimap.Start(memimap.Options{Users: []memimap.User{{Username: btpBox, Password: "pw"}}, CheckToken: ti.check})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { imapSrv.Close() })
	sink, err := smtpsink.Start(smtpsink.Options{CheckToken: ti.check})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	return ti, endpoint, imapSrv, sink
}
