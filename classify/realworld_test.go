package classify_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"mailbot/classify"
	"mailbot/mailbot/mailmsg"
)

// machineSample names the sisimai files that are bounces (lhost-, rhost-,
// rfc3464-), automatic replies (rfc3834-) or abuse reports (arf-).
var machineSample = regexp.MustCompile(`^(?:lhost|rhost|rfc3464|rfc3834|arf)-`)

// TestRealWorld classifies every real-world message: each one must get a
// decision without panicking, and every machine-sent sisimai sample must
// be classified as never answerable.
func TestRealWorld(t *testing.T) {
	root := sharedDir(t, filepath.Join("corpus", "realworld"))
	c := classify.New(classify.Options{})
	counts := map[classify.Category]int{}
	files, machine := 0, 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "LICENSE" || filepath.Ext(d.Name()) == ".md" {
			return err
		}
		files++
		res := classifyPath(t, c, path)
		counts[res.Category]++
		if !res.Category.Valid() {
			t.Errorf("%s: invalid category %q", path, res.Category)
		}
		if filepath.Base(filepath.Dir(path)) == "sisimai" && machineSample.MatchString(d.Name()) {
			machine++
			if !res.Automated || (res.Category != classify.Bounce && res.Category != classify.AutoReply && res.Category != classify.Bulk) {
				t.Errorf("%s: got %s (automated %v), want bounce, auto_reply or bulk; reasons %q", d.Name(), res.Category, res.Automated, res.Reasons)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", root, err)
	}
	if files == 0 || machine == 0 {
		t.Fatalf("found %d files and %d machine samples under %s, want some", files, machine, root)
	}
	t.Logf("%d files, %d machine-sent sisimai samples; categories %v", files, machine, counts)
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
