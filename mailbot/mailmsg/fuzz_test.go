package mailmsg

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic (the recover in Parse
// would turn a panic into an "internal parser error" problem) or lose count
// of the bytes read. Seeds are the samples under testdata.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil {
		f.Fatalf("list seeds: %v", err)
	}
	for _, name := range seeds {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatalf("read seed: %v", err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := Parse(bytes.NewReader(raw))
		if m == nil {
			t.Fatal("got nil, want a message")
		}
		if m.Size != int64(len(raw)) {
			t.Errorf("got size %d, want %d", m.Size, len(raw))
		}
		for _, p := range m.Problems {
			if strings.HasPrefix(p, "internal parser error") {
				t.Errorf("got %q, want no panic", p)
			}
		}
	})
}
