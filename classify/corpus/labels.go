// Package corpus reads folders of labelled mail: .eml files and a
// labels.jsonl file, one JSON object per line (the schema of the shared
// development corpus, in testdata/corpus/README.md). Evaluation and
// training read them the same way.
package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"mailbot/classify"
)

// Label is one line of labels.jsonl (schema in corpus/dev/README.md).
type Label struct {
	File              string              `json:"file"`
	Mailbox           string              `json:"mailbox"`
	Received          string              `json:"received"`
	Category          classify.Category   `json:"category"`
	Acceptable        []classify.Category `json:"acceptable"`
	SessionDate       *string             `json:"session_date"`
	EnvelopesReceived *bool               `json:"envelopes_received"`
	Note              string              `json:"note"`
}

// maxLabelLine bounds one JSON line.
const maxLabelLine = 1 << 20

// Read reads and checks dir/labels.jsonl.
func Read(dir string) ([]Label, error) {
	path := filepath.Join(dir, "labels.jsonl")
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open the label file: %w", err)
	}
	defer f.Close()
	var labels []Label
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), maxLabelLine)
	for n := 1; sc.Scan(); n++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l Label
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		if err := l.check(); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		labels = append(labels, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return labels, nil
}

// check rejects labels the report could not score.
func (l Label) check() error {
	if l.File == "" || filepath.Base(l.File) != l.File {
		return fmt.Errorf("file %q must be a plain file name", l.File)
	}
	for _, c := range append([]classify.Category{l.Category}, l.Acceptable...) {
		if !c.Valid() {
			return fmt.Errorf("%s: unknown category %q", l.File, c)
		}
	}
	if l.SessionDate != nil {
		if _, err := time.Parse(time.DateOnly, *l.SessionDate); err != nil {
			return fmt.Errorf("%s: session_date: %w", l.File, err)
		}
	}
	return nil
}

// Accepts tells whether c is the label's category or an acceptable one.
func (l Label) Accepts(c classify.Category) bool {
	if c == l.Category {
		return true
	}
	for _, a := range l.Acceptable {
		if c == a {
			return true
		}
	}
	return false
}
