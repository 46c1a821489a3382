package templates

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from the current templates")

// goldenText lays out one rendering for a golden file.
func goldenText(r Rendered) string {
	return "Subject: " + r.Subject + "\n===== text =====\n" + r.Text + "===== html =====\n" + r.HTML
}

// goldenData is the Data a workflow would pass to template name. On the
// sample's day (04/03/2027) the organiser link is open, the jury link not.
func goldenData(name string) Data {
	switch {
	case strings.HasSuffix(name, "_no_date"):
		return sampleUndated()
	case name == MissingEnvelopesCCPNotYetOpen:
		d := sampleCCP()
		d.Link, d.OrganiserLinkOpen = "jury", true
		return d
	case name == MissingEnvelopesCCPUrgent:
		d := sampleCCP()
		d.Link, d.OrganiserLinkOpen = "organiser", true
		return d
	case strings.HasPrefix(name, "missing_envelopes_tp_"), name == CancellationPlisNotReceived:
		d := SampleData()
		d.Plis = "not_received"
		return d
	case name == CancellationPlisReceived:
		d := SampleData()
		d.Plis = "received"
		return d
	}
	return SampleData()
}

// TestGolden renders every template with goldenData and compares the whole
// mail with testdata/golden/NAME.golden. Run `go test -update` after an
// intended wording change, and read the diff.
func TestGolden(t *testing.T) {
	set := mustLoad(t, "")
	for _, name := range set.Names() {
		t.Run(name, func(t *testing.T) {
			r, err := set.Render(name, goldenData(name))
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			got := goldenText(r)
			file := filepath.Join("testdata", "golden", name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("read golden file (run go test -update to create it): %v", err)
			}
			if got != string(want) {
				t.Errorf("rendering differs from %s (run go test -update and review the diff)\ngot:\n%s", file, got)
			}
		})
	}
}

func mustLoad(t *testing.T, dir string) *Set {
	t.Helper()
	set, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q): %v", dir, err)
	}
	return set
}
