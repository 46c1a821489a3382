package sessiondate_test

import (
	"mailbot/mailbot/sharedtest"

	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"mailbot/classify/clean"
	"mailbot/classify/sessiondate"
	"mailbot/mailbot/mailmsg"
)

type label struct {
	File        string  `json:"file"`
	Received    string  `json:"received"`
	SessionDate *string `json:"session_date"`
}

func readLabels(t *testing.T, path string) []label {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("labels: %v", err)
	}
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l label
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("labels line %d: %v", len(out)+1, err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("labels: %v", err)
	}
	return out
}

// TestDevCorpus measures the session dates read from the labelled dev mail.
// A message whose date the parser cannot see (it sits only inside a
// returned message/rfc822 part) counts as a miss.
func TestDevCorpus(t *testing.T) {
	dir := sharedtest.Dir(t, "corpus/dev")
	labels := readLabels(t, filepath.Join(dir, "labels.jsonl"))
	var dated, right, nulls, falseDates int
	for _, l := range labels {
		raw, err := os.Open(filepath.Join(dir, l.File))
		if err != nil {
			t.Fatalf("%s: %v", l.File, err)
		}
		msg := mailmsg.Parse(raw)
		raw.Close()
		ref, err := time.Parse(time.RFC3339, l.Received)
		if err != nil {
			t.Fatalf("%s: received: %v", l.File, err)
		}
		newText, quoted := clean.Split(msg.Text)
		got, reason, ok := sessiondate.Find(msg.Subject, newText, quoted, ref)
		gotS := ""
		if ok {
			gotS = got.Format("2006-01-02")
		}
		switch {
		case l.SessionDate == nil:
			nulls++
			if ok {
				falseDates++
				t.Logf("%s: got %s (%s), want none", l.File, gotS, reason)
			}
		default:
			dated++
			if gotS == *l.SessionDate {
				right++
			} else {
				t.Logf("%s: got %q (%s), want %s", l.File, gotS, reason, *l.SessionDate)
			}
		}
	}
	acc := float64(right) / float64(dated)
	t.Logf("session dates right: %d/%d (%.1f %%); dates read where none is labelled: %d/%d",
		right, dated, 100*acc, falseDates, nulls)
	if acc < 0.95 {
		t.Errorf("got accuracy %.3f, want at least 0.95", acc)
	}
	if falseDates > 1 {
		t.Errorf("got %d dates on messages labelled without one, want at most 1", falseDates)
	}
}
