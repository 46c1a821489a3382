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

// sharedDir returns ../shared next to the repository root (the directory
// holding go.mod). It skips the test when the folder is missing, except
// under CI=true where a missing corpus is a failure.
func sharedDir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the test directory")
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", sub)
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared corpus missing under CI: %v", err)
		}
		t.Skipf("shared corpus missing: %v", err)
	}
	return path
}
