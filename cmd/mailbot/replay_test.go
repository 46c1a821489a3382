package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/mailbot/testutil"
)

// `mailbot replay --json` prints one line per message with the keys of
// `mailbot classify`, and the summary on stderr.
func TestReplayJSON(t *testing.T) {
	raw, err := os.ReadFile("testdata/ccp-links.eml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"a.eml", "b.eml"} { // the same mail twice: the second is a duplicate
		if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	conf := testutil.NewConfig(t, testutil.ClosedPort(t), testutil.ClosedPort(t)).Mailbox("ccp").Write()
	var out, errOut bytes.Buffer
	if err := dispatch(context.Background(), "replay", []string{"--config", conf, "--json", dir}, &out, &errOut); err != nil {
		t.Fatalf("replay: %v\n%s", err, errOut.String())
	}
	var lines []map[string]any
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("not a JSON line: %v\n%s", err, sc.Text())
		}
		checkKeys(t, line, classifyKeys)
		checkKeys(t, line, map[string]string{"status": "string", "conversation": "string"})
		lines = append(lines, line)
	}
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), out.String())
	}
	first, second := lines[0], lines[1]
	if first["status"] != "decided" || first["category"] != "missing_envelopes" || first["action"] != "reply" ||
		first["file"] != "a.eml" || first["message_id"] != "<ccp-links-1@cfp-exemple.test>" || !strings.HasPrefix(first["conversation"].(string), "GEV-") {
		t.Errorf("first line: got %v", first)
	}
	// Decided as of the message's Date.
	if first["send_at"] != "2027-03-01T09:40:00+01:00" {
		t.Errorf("send_at: got %v, want the message's Date", first["send_at"])
	}
	if second["status"] != "duplicate" || second["action"] != "ignore" {
		t.Errorf("second line: got %v, want a duplicate, ignored", second)
	}
	if !strings.Contains(errOut.String(), "replayed 2 messages") || !strings.Contains(errOut.String(), "missing_envelopes 1") {
		t.Errorf("no summary on stderr:\n%s", errOut.String())
	}
}

func TestReplayUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"--config", "x.toml"}, {"dir"}} {
		if err := dispatch(context.Background(), "replay", args, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("%v: got %v, want a usage error", args, err)
		}
	}
}
