package mailmsg

import (
	"mailbot/mailbot/sharedtest"

	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestParseRealWorld parses every file of the shared real-world corpus
// (bounces, broken headers, odd encodings, TNEF, also the READMEs and
// licences, which must not break the parser either).
func TestParseRealWorld(t *testing.T) {
	root := sharedtest.Dir(t, "corpus/realworld")
	files, withProblems := 0, 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		files++
		m := Parse(f)
		if m == nil {
			t.Errorf("%s: got nil, want a message", path)
			return nil
		}
		if m.Size != info.Size() {
			t.Errorf("%s: got size %d, want %d", path, m.Size, info.Size())
		}
		if len(m.Problems) > 0 {
			withProblems++
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk corpus: %v", err)
	}
	if files == 0 {
		t.Fatalf("got no files under %s, want the corpus", root)
	}
	t.Logf("%d files parsed, %d with problems", files, withProblems)
}
