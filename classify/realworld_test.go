package classify_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"mailbot/classify"
	"mailbot/mailbot/mailmsg"

	"mailbot/mailbot/sharedtest"
)

// machineSample names the sisimai files that are bounces (lhost-, rhost-,
// rfc3464-), automatic replies (rfc3834-) or abuse reports (arf-).
var machineSample = regexp.MustCompile(`^(?:lhost|rhost|rfc3464|rfc3834|arf)-`)

// TestRealWorld classifies every real-world message: each one must get a
// decision without panicking, and every machine-sent sisimai sample must
// be classified as never answerable.
func TestRealWorld(t *testing.T) {
	root := sharedtest.Dir(t, "corpus/realworld")
	var paths []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "LICENSE" && filepath.Ext(d.Name()) != ".md" {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil || len(paths) == 0 {
		t.Fatalf("walk %s: %d files, %v", root, len(paths), err)
	}
	c := classify.New(classify.Options{})
	var mu sync.Mutex
	counts := map[classify.Category]int{}
	machine := 0
	t.Run("files", func(t *testing.T) {
		for _, path := range paths {
			t.Run(filepath.Base(path), func(t *testing.T) {
				t.Parallel()
				res := classifyPath(t, c, path)
				isMachine := filepath.Base(filepath.Dir(path)) == "sisimai" && machineSample.MatchString(filepath.Base(path))
				mu.Lock()
				counts[res.Category]++
				if isMachine {
					machine++
				}
				mu.Unlock()
				if !res.Category.Valid() {
					t.Errorf("invalid category %q", res.Category)
				}
				if isMachine && (!res.Automated || (res.Category != classify.Bounce && res.Category != classify.AutoReply && res.Category != classify.Bulk)) {
					t.Errorf("got %s (automated %v), want bounce, auto_reply or bulk; reasons %q", res.Category, res.Automated, res.Reasons)
				}
			})
		}
	})
	if machine == 0 {
		t.Errorf("no machine-sent sisimai sample under %s, want some", root)
	}
	t.Logf("%d files, %d machine-sent sisimai samples; categories %v", len(paths), machine, counts)
}

// classifyPath parses and classifies one file, failing the test on a panic.
func classifyPath(t *testing.T, c *classify.Classifier, path string) classify.Result {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	defer func() {
		if v := recover(); v != nil {
			t.Fatalf("%s: panic: %v", path, v)
		}
	}()
	return c.Classify(context.Background(), mailmsg.Parse(f), "")
}
