package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/testutil"
)

func TestClassifyContract(t *testing.T) {
	var out bytes.Buffer
	err := dispatch(context.Background(), "classify", []string{"testdata/ccp-links.eml", "--render", "--now", "2027-03-01T10:00:00+01:00"}, &out, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	var line map[string]any
	if err := json.Unmarshal(out.Bytes(), &line); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out.String())
	}
	checkKeys(t, line, classifyKeys)
	checkKeys(t, line, map[string]string{"reply_subject": "string", "reply_text": "string"})
	checks := map[string]any{
		"file": "ccp-links.eml", "mailbox": "ccp", "category": "missing_envelopes", "action": "reply",
		"template": "missing_envelopes_ccp_not_yet_open", "session_date": "2027-06-14", "send_at": "2027-03-01T10:00:00+01:00",
		"message_id": "<ccp-links-1@cfp-exemple.test>",
	}
	for k, v := range checks {
		if line[k] != v {
			t.Errorf("%s: got %v, want %v", k, line[k], v)
		}
	}
	// The CCP organiser link opens 60 days before 14/06/2027: 15/04/2027.
	if text, _ := line["reply_text"].(string); !strings.Contains(text, "15/04/2027") {
		t.Errorf("reply_text does not name the opening date 15/04/2027:\n%s", text)
	}
}

// classifyKeys are the keys of SPEC section 7, with their JSON type
// ("null" allowed where the contract says so).
var classifyKeys = map[string]string{
	"file": "string", "message_id": "string", "mailbox": "string", "category": "string",
	"confidence": "number", "action": "string", "template": "string|null", "send_at": "string|null",
	"priority": "string", "session_date": "string|null", "envelopes_received": "bool|null",
	"misrouted": "bool", "reasons": "array",
}

// checkKeys checks that line has each key of want with its type.
func checkKeys(t *testing.T, line map[string]any, want map[string]string) {
	t.Helper()
	for k, types := range want {
		v, ok := line[k]
		if !ok {
			t.Errorf("key %q missing", k)
			continue
		}
		if got := jsonType(v); !strings.Contains(types, got) {
			t.Errorf("%s: got JSON %s, want %s", k, got, types)
		}
	}
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	}
	return "object"
}

func TestCheckConfigNamesTheKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.toml")
	bad := "[[mailbox]]\nsector = \"btpp\"\naddress = \"epreuves-btp@afpa.fr\"\npassword_env = \"X\"\n[imap]\naddress = \"127.0.0.1:143\"\n[smtp]\naddress = \"127.0.0.1:25\"\ntls = \"none\"\n"
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	err := dispatch(context.Background(), "check-config", []string{"--config", path}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "mailbox[0].sector") {
		t.Errorf("got %v, want an error naming mailbox[0].sector", err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"nosuchcommand"}, {"classify"}, {"run"}, {"eval"}, {"classify", "--now", "yesterday", "x.eml"}} {
		err := dispatch(context.Background(), args[0], args[1:], &bytes.Buffer{}, &bytes.Buffer{})
		if !errors.Is(err, errUsage) {
			t.Errorf("%v: got %v, want a usage error", args, err)
		}
	}
}

// `mailbot run` stops with an error, at once, when a part of the daemon
// cannot work (here the dashboard's TLS certificate is missing).
func TestRunStopsOnAFatalError(t *testing.T) {
	conf := testutil.NewConfig(t, "127.0.0.1:1", "127.0.0.1:1").Mailbox("btp")
	conf.Set("web.tls_cert_file", filepath.Join(conf.Dir(), "missing.pem")).Set("web.tls_key_file", filepath.Join(conf.Dir(), "missing.key"))
	done := make(chan error, 1)
	go func() {
		done <- dispatch(t.Context(), "run", []string{"--config", conf.Write()}, &bytes.Buffer{}, &bytes.Buffer{})
	}()
	select {
	case err := <-done:
		if err == nil || errors.Is(err, errUsage) || !strings.Contains(err.Error(), "missing.pem") {
			t.Errorf("got %v, want the dashboard's error (exit status 1)", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("mailbot run goes on without its dashboard")
	}
}
