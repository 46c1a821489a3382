package testutil

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestConfigParses(t *testing.T) {
	c := NewConfig(t, "127.0.0.1:1143", "127.0.0.1:1025").
		Mailbox("btp").Mailbox("ccp", "username", "epreuves-ccp").
		Engineer("btp", "ingenierie-btp@afpa.fr").
		WebUser("agent", "$2a$04$UGwojmXLiqpwydAgc7XnZuGrSqqzv6s2MqdPwjAV54AY1nEjrll5S").
		Set("imap.poll_interval", "2s").Set("modes.default", "approve")
	cfg := c.Parse()
	if len(cfg.Mailboxes) != 2 || cfg.Mailboxes[1].Username != "epreuves-ccp" || cfg.Mailboxes[0].Server != "127.0.0.1:1143" {
		t.Errorf("mailboxes: got %+v", cfg.Mailboxes)
	}
	if pw, err := cfg.Mailboxes[0].Secret.Resolve(); err != nil || pw != Password {
		t.Errorf("password: got %q %v, want %q", pw, err, Password)
	}
	if cfg.IMAP.PollInterval != 2*time.Second || cfg.Modes["default"] != "approve" || len(cfg.Web.Users) != 1 {
		t.Errorf("settings: got poll %v, modes %v, users %v", cfg.IMAP.PollInterval, cfg.Modes, cfg.Web.Users)
	}
	if len(cfg.Digest.To) != 0 {
		t.Errorf("a test configuration sends a digest to %v unless asked", cfg.Digest.To)
	}
	if got := c.Digest().Parse().Digest.To; len(got) != 1 {
		t.Errorf("Digest: got recipients %v, want the agents", got)
	}
	if _, err := os.Stat(c.Write()); err != nil {
		t.Error(err)
	}
}

// TestOnlyTestsImportIt keeps this package out of the shipped binary.
func TestOnlyTestsImportIt(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	const self = "mailbot/mailbot/testutil"
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == self {
				t.Errorf("%s imports %s, which is for tests only", path, self)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
