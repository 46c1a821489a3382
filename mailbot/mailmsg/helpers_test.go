package mailmsg

import (
	"os"
	"path/filepath"
	"testing"
)

// parseFile parses testdata/name.
func parseFile(t testing.TB, name string) *Message {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("open sample: %v", err)
	}
	defer f.Close()
	return Parse(f)
}
