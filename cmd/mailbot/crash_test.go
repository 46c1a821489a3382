package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"mailbot/mailbot/dovecottest"
	"mailbot/mailbot/smtpsink"
	"mailbot/mailbot/testutil"
	"mailbot/state"
)

// TestCrashSafety starts the real binary against Dovecot and an SMTP sink,
// delivers a backlog, kills the process with SIGKILL at random moments,
// restarts it each time, and checks that every mail that deserves an
// answer got exactly one, that nothing was lost and that the state file
// opens cleanly. Then SIGTERM must drain and exit promptly.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("long: real binary, Dovecot, a few hundred mails")
	}
	dv := dovecottest.Start(t, dovecottest.Options{})
	sink, err := smtpsink.Start(smtpsink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	bin := buildBinary(t, t.TempDir())
	conf := crashConfig(t, dv.IMAPAddr(), sink.Addr())
	dir, cfgPath := conf.Dir(), conf.Write()

	// The backlog: questions that deserve an answer, and automatic replies
	// that must never get one, spread over two sector mailboxes.
	const answerable, automatic = 150, 50
	ctx := context.Background()
	date := time.Now().Format(time.RFC1123Z)
	for i := range answerable + automatic {
		box := []string{"epreuves-btp", "epreuves-ccp"}[i%2]
		id := fmt.Sprintf("<crash-%03d@centre.test>", i)
		extra := ""
		if i >= answerable {
			extra = "Auto-Submitted: auto-replied\r\n"
		}
		raw := fmt.Sprintf("From: Centre %d <c%03d@centre.test>\r\nTo: %s@afpa.fr\r\nSubject: Connexion CERES impossible\r\nMessage-ID: %s\r\nDate: %s\r\n%sContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé. Comment faire ?\r\nCordialement\r\n",
			i, i, box, id, date, extra)
		if err := dv.Deliver(ctx, fmt.Sprintf("c%03d@centre.test", i), []string{box + "@afpa.fr"}, []byte(raw)); err != nil {
			t.Fatal(err)
		}
	}

	seed := uint64(time.Now().UnixNano())
	t.Logf("kill schedule seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	const kills = 5
	for round := range kills {
		p := startBinary(t, bin, cfgPath, dir)
		delay := time.Duration(300+rng.IntN(3000)) * time.Millisecond
		time.Sleep(delay) // the random moment of the crash, not a synchronisation
		p.Process.Signal(syscall.SIGKILL)
		p.Wait()
		t.Logf("round %d: killed after %v with %d mails at the sink", round, delay, len(sink.Messages()))
	}

	p := startBinary(t, bin, cfgPath, dir)
	if !within(2*time.Minute, func() bool { return distinctReplies(sink) >= answerable && allMarked(t, dv) }) {
		p.Process.Signal(syscall.SIGKILL) // frees the state file for the report
		p.Wait()
		reportUnmarked(t, dv, conf.StatePath())
		t.Fatalf("not within 2 minutes: every answerable mail answered (%d of %d) and every mail marked", distinctReplies(sink), answerable)
	}
	start := time.Now()
	p.Process.Signal(syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- p.Wait() }()
	select {
	case err := <-exited:
		t.Logf("SIGTERM to exit: %v (%v)", time.Since(start), err)
		if err != nil {
			t.Errorf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		p.Process.Kill()
		t.Fatal("the bot did not stop within 30 s of SIGTERM")
	}

	// Count the distinct replies (Message-IDs) each mail got. A retry keeps
	// the Message-ID it was queued with, so the one case SMTP cannot settle
	// — a kill between the server's "250" and the removal of the copy's
	// unsent mark, a few milliseconds — can only retransmit the same mail,
	// which the recipient's mail store files once; it is logged, and at
	// most one per kill.
	replies := map[string]map[string]bool{}
	transmissions := 0
	for _, m := range sink.Messages() {
		irt := m.Header.Get("In-Reply-To")
		if replies[irt] == nil {
			replies[irt] = map[string]bool{}
		}
		replies[irt][m.Header.Get("Message-Id")] = true
		transmissions++
	}
	for i := range answerable + automatic {
		id := fmt.Sprintf("<crash-%03d@centre.test>", i)
		want := 1
		if i >= answerable {
			want = 0
		}
		if len(replies[id]) != want {
			t.Errorf("%s got %d distinct replies, want %d", id, len(replies[id]), want)
		}
	}
	retransmitted := transmissions - answerable
	t.Logf("%d SMTP transmissions for %d replies: %d retransmitted after a kill", transmissions, answerable, retransmitted)
	if retransmitted > kills {
		t.Errorf("%d retransmissions for %d kills: at most one per kill", retransmitted, kills)
	}
	st, err := state.Open(conf.StatePath())
	if err != nil {
		t.Fatalf("state file after the crashes: %v", err)
	}
	defer st.Close()
	if err := st.Check(); err != nil {
		t.Errorf("state file check: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "mailbot.log")); err == nil && os.Getenv("MAILBOT_KEEP_LOG") != "" {
		os.WriteFile(os.Getenv("MAILBOT_KEEP_LOG"), b, 0o600)
	}
	convs, _ := st.Conversations()
	if len(convs) != answerable+automatic {
		t.Errorf("got %d conversations, want %d (one per mail: nothing lost)", len(convs), answerable+automatic)
	}
}

func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "mailbot")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashConfig is the binary's configuration: the btp and ccp mailboxes of
// the Dovecot at imapAddr. It runs on the real clock, so nothing in it may
// depend on the hour: no digest, and replies go at once.
func crashConfig(t *testing.T, imapAddr, smtpAddr string) *testutil.Config {
	return testutil.NewConfig(t, imapAddr, smtpAddr).Password(dovecottest.Password).
		Mailbox("btp", "username", "epreuves-btp").Mailbox("ccp", "username", "epreuves-ccp").
		Set("imap.poll_interval", "2s")
}

func startBinary(t *testing.T, bin, cfgPath, dir string) *exec.Cmd {
	t.Helper()
	log, err := os.OpenFile(filepath.Join(dir, "mailbot.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { log.Close() })
	p := exec.Command(bin, "run", "--config", cfgPath)
	p.Stdout, p.Stderr = log, log
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Process.Kill() })
	return p
}

func distinctReplies(sink *smtpsink.Sink) int {
	seen := map[string]bool{}
	for _, m := range sink.Messages() {
		seen[m.Header.Get("In-Reply-To")] = true
	}
	return len(seen)
}

func allMarked(t *testing.T, dv *dovecottest.Server) bool {
	for _, user := range []string{"epreuves-btp", "epreuves-ccp"} {
		msgs, err := dv.Messages(context.Background(), user, "INBOX")
		if err != nil {
			t.Logf("read %s: %v", user, err)
			return false
		}
		for _, m := range msgs {
			if !m.HasFlag("$MailbotDone") {
				return false
			}
		}
	}
	return true
}

func waitUntil(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	if !within(limit, ok) {
		t.Fatalf("not within %v: %s", limit, what)
	}
}

// within polls ok until it holds (true) or limit passes (false).
func within(limit time.Duration, ok func() bool) bool {
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// reportUnmarked logs, for a failed wait, each mailbox's saved cursor and
// every unmarked message with what the state file holds of it, so that a
// failure says which message was left behind and why.
func reportUnmarked(t *testing.T, dv *dovecottest.Server, statePath string) {
	t.Helper()
	st, err := state.Open(statePath)
	if err != nil {
		t.Logf("state file: %v", err)
		return
	}
	defer st.Close()
	convs, _ := st.Conversations()
	inConv := map[string]string{}
	for _, c := range convs {
		for _, id := range c.MessageIDs {
			inConv[id] = c.ID
		}
	}
	for sector, user := range map[string]string{"btp": "epreuves-btp", "ccp": "epreuves-ccp"} {
		cur, err := st.Cursor(sector)
		t.Logf("%s: cursor %+v (err %v)", sector, cur, err)
		msgs, err := dv.Messages(context.Background(), user, "INBOX")
		if err != nil {
			t.Logf("read %s: %v", user, err)
			continue
		}
		for _, m := range msgs {
			if !m.HasFlag("$MailbotDone") {
				t.Logf("%s: uid %d (%s) unmarked; above the cursor: %v; in conversation %q", sector, m.UID, m.MessageID, m.UID > cur.LastUID, inConv["<"+m.MessageID+">"]+inConv[m.MessageID])
			}
		}
	}
}
