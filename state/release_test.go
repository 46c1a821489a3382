//go:build linux

package state

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// mappedKB is how much of the file at path the process has resident
// through its memory maps (/proc/self/smaps).
func mappedKB(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	kb, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) > 0 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			in = len(fields) >= 6 && fields[5] == path
		case in && len(fields) >= 2 && fields[0] == "Rss:":
			n, _ := strconv.Atoi(fields[1])
			kb += n
		}
	}
	return kb
}

// The pages of the state file that reads mapped into the process are given
// back: what stays resident does not grow with what was read.
func TestReleaseGivesBackMappedPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	text := strings.Repeat("Bonjour, le DTE de la session est arrivé incomplet. ", 40)
	const n = 2000
	waits := make([]func() error, 0, n)
	for i := range n {
		c := Conversation{ID: fmt.Sprintf("GEV-%08d", i), Status: StatusOpen, Subject: text + strconv.Itoa(i), Created: time.Unix(int64(i), 0)}
		waits = append(waits, s.Submit(Commit{Conversation: &c}))
	}
	for _, wait := range waits {
		if err := wait(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Conversations(); err != nil { // reads every page
		t.Fatal(err)
	}
	before := mappedKB(t, path)
	if before < 1024 {
		t.Fatalf("only %d KiB mapped after reading 2,000 conversations: the test reads nothing", before)
	}
	if err := release(s.db); err != nil {
		t.Fatal(err)
	}
	if after := mappedKB(t, path); after > 64 {
		t.Errorf("%d KiB still mapped after release (%d before), want almost none", after, before)
	}
	if got, err := s.Conversations(); err != nil || len(got) != n {
		t.Errorf("after release: %d conversations, %v; want %d", len(got), err, n)
	}
}
