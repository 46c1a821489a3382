package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"mailbot/mailbot/testutil"
)

// TestRunJSONLogsAndSIGHUP runs `mailbot run --log-format json` on the
// embedded servers: every line is a JSON object, the line about a
// processed message names its mailbox, UID, Message-ID and conversation,
// and SIGHUP reloads the file.
func TestRunJSONLogsAndSIGHUP(t *testing.T) {
	imapSrv := testutil.IMAP(t, "epreuves-btp@afpa.fr")
	sink := testutil.Sink(t)
	conf := testutil.NewConfig(t, imapSrv.Addr(), sink.Addr()).Mailbox("btp").Set("imap.poll_interval", "1s")
	path := conf.Write()
	r, w := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- cmdRun(ctx, []string{"--config", path, "--log-format", "json"}, w)
		w.Close()
	}()
	defer func() {
		cancel()
		go io.Copy(io.Discard, r) // the last lines, until the pipe closes
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	}()
	lines := make(chan map[string]any)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			var line map[string]any
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				t.Errorf("a log line is not JSON: %v: %s", err, sc.Text())
				continue
			}
			lines <- line
		}
	}()
	wait := func(msg string) map[string]any {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case line := <-lines:
				for _, k := range []string{"time", "level", "msg"} {
					if _, ok := line[k]; !ok {
						t.Errorf("log line without %q: %v", k, line)
					}
				}
				if line["msg"] == msg {
					return line
				}
			case <-timeout:
				t.Fatalf("no log line %q", msg)
			}
		}
	}
	wait("mailbot started")
	raw := "From: Centre <certif@cfp-exemple.test>\r\nTo: epreuves-btp@afpa.fr\r\nSubject: Connexion CERES\r\n" +
		"Message-ID: <json-log@cfp-exemple.test>\r\nDate: Mon, 1 Mar 2027 09:55:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Bonjour,\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé.\r\n"
	uid, err := imapSrv.Append(ctx, "epreuves-btp@afpa.fr", "INBOX", []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	line := wait("processed")
	want := map[string]any{"mailbox": "btp", "uid": float64(uid), "message_id": "<json-log@cfp-exemple.test>"}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("processed line: %s = %v, want %v", k, line[k], v)
		}
	}
	if c, _ := line["conversation"].(string); !strings.HasPrefix(c, "GEV-") {
		t.Errorf("processed line: conversation = %v, want a GEV- reference", line["conversation"])
	}

	conf.Set("modes.default", "approve")
	conf.Write()
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	wait("configuration reloaded")
}
