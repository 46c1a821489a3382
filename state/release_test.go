//go:build linux

package state

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
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

// fillConversations commits n conversations of text that compresses poorly, as mail
// does (see codec.go), and waits until they are durable.
func fillConversations(t *testing.T, s *Store, n int) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(1, 2))
	waits := make([]func() error, 0, n)
	for i := range n {
		var b strings.Builder
		for b.Len() < 2000 {
			b.WriteString(strconv.FormatUint(rnd.Uint64(), 36) + " ")
		}
		c := Conversation{ID: fmt.Sprintf("GEV-%08d", i), Status: StatusOpen, Subject: b.String(), Created: time.Unix(int64(i), 0)}
		waits = append(waits, s.Submit(Commit{Conversation: &c}))
	}
	for _, wait := range waits {
		if err := wait(); err != nil {
			t.Fatal(err)
		}
	}
}

// readAll maps every page of the conversations, and checks it did.
func readAll(t *testing.T, s *Store, path string, n int) {
	t.Helper()
	if got, err := s.Conversations(); err != nil || len(got) != n {
		t.Fatalf("%d conversations, %v; want %d", len(got), err, n)
	}
	if kb := mappedKB(t, path); kb < 1024 {
		t.Fatalf("only %d KiB mapped after reading %d conversations: the test reads nothing", kb, n)
	}
}

// waitReleased waits until almost nothing of the file at path is mapped,
// and fails if that takes over 15 s after what.
func waitReleased(t *testing.T, path, what string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for kb := mappedKB(t, path); kb > 64; kb = mappedKB(t, path) {
		if time.Now().After(deadline) {
			t.Fatalf("%d KiB of the state file still mapped 15 s after %s, want almost none", kb, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The pages of the state file that reads mapped into the process are given
// back: what stays resident does not grow with what was read.
func TestReleaseGivesBackMappedPages(t *testing.T) {
	s, path := openTemp(t)
	s.w.idle, s.w.budget = time.Hour, 1<<40 // this test releases by itself
	const n = 2000
	fillConversations(t, s, n)
	readAll(t, s, path, n)
	if err := release(s.db); err != nil {
		t.Fatal(err)
	}
	if after := mappedKB(t, path); after > 64 {
		t.Errorf("%d KiB still mapped after release, want almost none", after)
	}
	readAll(t, s, path, n) // the data is all there
}

// The writer gives the pages back by itself after a burst of writes, with
// no write to follow: the burst does not stay resident. (That reads map
// pages at all is TestReleaseGivesBackMappedPages's to show.)
func TestWriterGivesPagesBackAfterABurst(t *testing.T) {
	s, path := openTemp(t)
	const n = 1000
	fillConversations(t, s, n)
	if got, err := s.Conversations(); err != nil || len(got) != n {
		t.Fatalf("%d conversations, %v; want %d", len(got), err, n)
	}
	// The last write comes after the reads: a release it arms or finds
	// armed comes after them too.
	last := Conversation{ID: "GEV-LAST0000", Status: StatusOpen}
	if err := s.Commit(Commit{Conversation: &last}); err != nil {
		t.Fatal(err)
	}
	waitReleased(t, path, "the last write")
}

// A writer whose writes keep coming gives the pages back once the process
// has mapped its budget of them, without waiting for the burst to end, and
// keeps them below the budget while it is not reached.
func TestWriterGivesPagesBackAtItsBudget(t *testing.T) {
	r := openResidency()
	if r == nil {
		t.Skip("no /proc/self/statm")
	}
	r.close()
	for _, tc := range []struct {
		name   string
		budget int64
		given  bool
	}{
		{"budget reached", 256 << 10, true},
		{"budget not reached", 1 << 40, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, path := openTemp(t)
			// Set before the writer reads them, at its first commit. No
			// release for want of commits: the burst never ends.
			s.w.idle, s.w.budget = time.Hour, tc.budget
			const n = 2000
			fillConversations(t, s, n)
			readAll(t, s, path, n)
			last := Conversation{ID: "GEV-LAST0000", Status: StatusOpen}
			if err := s.Commit(Commit{Conversation: &last}); err != nil {
				t.Fatal(err)
			}
			// The writer decides on a release after the commit has
			// returned. Past the budget, only that release can come (no
			// idle one): wait for it. Within it, a second write, taken
			// once the decision is carried out, shows there was none.
			if tc.given {
				waitReleased(t, path, "a commit past the budget")
				return
			}
			after := Conversation{ID: "GEV-LAST0001", Status: StatusOpen}
			if err := s.Commit(Commit{Conversation: &after}); err != nil {
				t.Fatal(err)
			}
			if kb := mappedKB(t, path); kb < 1024 {
				t.Errorf("only %d KiB mapped after commits within the budget: the writer gave pages back early", kb)
			}
		})
	}
}
