// Package sharedtest lets tests find what lives outside the repository —
// the shared corpus next to it, a Dovecot or a Chromium on the machine —
// with one rule: missing is a skip on a developer's machine and a failure
// under CI=true, where everything the suite needs must be there.
package sharedtest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Missing skips the test, or fails it under CI=true.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and %s", msg)
	}
	t.Skip(msg)
}

// Dir returns ../shared/rel next to the repository root (the directory
// holding go.mod), or calls Missing when it does not exist.
func Dir(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above %s", dir)
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", rel)
	if _, err := os.Stat(p); err != nil {
		Missing(t, "%s is missing: %v", p, err)
	}
	return p
}
