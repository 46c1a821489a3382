package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/app"
	"mailbot/mailbot/snapshot"
	"mailbot/mailbot/testutil"
	"mailbot/state"
)

// `mailbot digest` works while `mailbot run` holds the state file (it
// asks the daemon for a copy), after it stopped (it opens the file), and
// says what is wrong when the file is held and no daemon answers.
func TestDigestWhileTheDaemonRuns(t *testing.T) {
	imapSrv := testutil.IMAP(t, "epreuves-ccp@afpa.fr")
	sink := testutil.Sink(t)
	builder := testutil.NewConfig(t, imapSrv.Addr(), sink.Addr()).Mailbox("ccp").Set("imap.poll_interval", "1s")
	conf := builder.Write()
	clock := testutil.NewClock(time.Date(2027, 3, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600)))
	a, err := app.New(builder.Parse(), app.Options{Clock: clock.Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Error(err)
			}
			a.Close()
		}
	}
	defer stop()

	raw, err := os.ReadFile("testdata/ccp-links.eml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := imapSrv.Append(ctx, "epreuves-ccp@afpa.fr", "INBOX", raw); err != nil {
		t.Fatal(err)
	}
	testutil.WaitConversations(t, a.Store, 1)
	waitSent(t, a.Store)
	waitSocket(t, builder.StatePath())

	args := []string{"--config", conf, "--now", "2027-03-01T12:00:00+01:00", "--since", "24h"}
	digest := func() (string, error) {
		var out bytes.Buffer
		err := dispatch(context.Background(), "digest", args, &out, &bytes.Buffer{})
		return out.String(), err
	}
	running, err := digest()
	if err != nil {
		t.Fatalf("digest while the daemon runs: %v", err)
	}
	for _, want := range []string{"Subject: Résumé mailbot du lundi 1 mars 2027", "ARRIVÉ DEPUIS LE DERNIER RÉSUMÉ (1)", "Plis non reçus : 1", "Réponse : 1"} {
		if !strings.Contains(running, want) {
			t.Errorf("digest while the daemon runs lacks %q:\n%s", want, running)
		}
	}

	stop()
	if _, err := os.Stat(snapshot.SocketPath(builder.StatePath())); !os.IsNotExist(err) {
		t.Errorf("socket left after the daemon stopped: %v", err)
	}
	alone, err := digest()
	if err != nil {
		t.Fatalf("digest without the daemon: %v", err)
	}
	if alone != running {
		t.Errorf("the digest read from the file differs from the daemon's copy:\n%s\n---\n%s", alone, running)
	}

	// Another process holds the file and no daemon answers.
	st, err := state.Open(builder.StatePath())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := digest(); err == nil || !strings.Contains(err.Error(), "locked") || !strings.Contains(err.Error(), "no running mailbot answers on") {
		t.Errorf("got %v, want an error saying the file is locked and no daemon answers", err)
	}
}

// waitSocket waits until the daemon listens on its socket.
func waitSocket(t *testing.T, statePath string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(snapshot.SocketPath(statePath)); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the daemon does not listen on its socket")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitSent waits until the bot has sent its reply, so that both digests
// see the same state.
func waitSent(t *testing.T, st *state.Store) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := st.Outbox()
		if err != nil {
			t.Fatal(err)
		}
		if len(out) > 0 && out[0].Status == state.OutSent {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reply is not sent: %+v", out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
