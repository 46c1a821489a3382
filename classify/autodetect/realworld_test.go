package autodetect

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/sharedtest"
)

// TestRealWorldMachines reads the real mail of the shared corpus: every
// machine-sent sample (bounces, automatic replies, abuse reports, read
// receipts, mail a spam filter flagged) is never answered.
func TestRealWorldMachines(t *testing.T) {
	root := sharedtest.Dir(t, "corpus/realworld")
	machine := regexp.MustCompile(`^(?:sisimai/(?:lhost|rhost|rfc3464|rfc3834|arf)-|mimekit/UnitTests/TestData/messages/disposition-notification)`)
	spam := regexp.MustCompile(`(?m)^(?i:x-spam-flag:\s*yes|x-spam-status:\s*yes)`)
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		flagged := spam.Match(raw)
		if !machine.MatchString(filepath.ToSlash(rel)) && !flagged {
			return nil
		}
		n++
		m := mailmsg.Parse(bytes.NewReader(raw))
		if never, _ := NeverAnswer(m); !never {
			t.Errorf("%s (from %s, %q): answerable, want never answered", rel, m.From.Address, m.Subject)
		}
		if flagged && Detect(m).Kind != Bulk {
			t.Errorf("%s: the spam filter flagged it, got %v, want bulk", rel, Detect(m).Kind)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no machine-sent sample under %s", root)
	}
	t.Logf("%d machine-sent or spam-flagged samples", n)
}
