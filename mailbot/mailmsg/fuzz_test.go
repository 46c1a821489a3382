package mailmsg

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic (the recover in Parse
// would turn a panic into an internalError problem) or lose count
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
			if strings.HasPrefix(p, internalError) {
				t.Errorf("got %q, want no panic", p)
			}
		}
	})
}

// FuzzHTMLToText checks that no HTML makes the converter panic or exceed
// its cap, and that the cut is reported. Seeds are under
// testdata/fuzz/FuzzHTMLToText, deep nesting among them.
func FuzzHTMLToText(f *testing.F) {
	f.Fuzz(func(t *testing.T, src string) {
		text, cut := htmlToText(src, 1<<10)
		if len(text) > 1<<10 {
			t.Errorf("got %d bytes, want at most %d", len(text), 1<<10)
		}
		if !cut && text != HTMLToText(src) {
			t.Errorf("text differs under a cap it did not reach: %.80q", text)
		}
	})
}
