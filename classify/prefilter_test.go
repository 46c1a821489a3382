package classify

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"mailbot/classify/clean"
	"mailbot/mailbot/mailmsg"
)

func TestLiteralFilter(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string
	}{
		{`\b(?:annulation|supprimee)\b`, []string{"annulation", "supprimee"}},
		{`\bsession\b[^.]{0,60}\bannulee\b`, []string{"session"}},
		{`\b(?:ab|cd)`, nil},   // literals too short to help
		{`\b(?:foo|\w+)`, nil}, // one branch has no literal
		{`x?annulation`, []string{"annulation"}},
		{`(?:grille )*entretien`, []string{"entretien"}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got := literalFilter(compile(tt.pattern))
			if !slices.Equal(got, tt.want) {
				t.Errorf("literalFilter(%q) = %q, want %q", tt.pattern, got, tt.want)
			}
		})
	}
}

// TestFilterNeverHidesAMatch checks, over every message of the project's
// corpus, that no cue's filter rejects a text its regexp matches.
func TestFilterNeverHidesAMatch(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*.eml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	filtered := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		m := mailmsg.Parse(f)
		f.Close()
		for _, text := range []string{clean.Normalize(clean.Cut(m.Text, maxScanBytes)), clean.Normalize(m.Subject)} {
			for _, k := range cues {
				if k.filter != nil {
					filtered++
				}
				if k.re.MatchString(text) && !mayMatch(k.filter, text) {
					t.Errorf("%s: filter %q hides a match of %q", filepath.Base(p), k.filter, k.label)
				}
			}
		}
	}
	if filtered == 0 {
		t.Errorf("no cue has a filter, want most to")
	}
}
