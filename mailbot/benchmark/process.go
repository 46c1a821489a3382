package benchmark

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// status reads sizes in kB from /proc/self/status, in bytes; 0 for a
// field that is missing, or where /proc is.
func status(fields ...string) []int64 {
	out := make([]int64, len(fields))
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		for i, want := range fields {
			if name == want {
				kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
				out[i] = kb << 10
			}
		}
	}
	return out
}

// peakRSS is the process's peak resident set (VmHWM).
func peakRSS() int64 { return status("VmHWM")[0] }

// residentParts samples, every 100 ms until ctx ends, the anonymous part
// of the resident set (heap, stacks) and its file part (the state file's
// pages that bbolt reads through its memory map, the binary), and
// returns a function giving the largest of each seen.
func residentParts(ctx context.Context) func() (anon, file int64) {
	type peak struct{ anon, file int64 }
	last := make(chan peak, 1)
	go func() {
		var p peak
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			v := status("RssAnon", "RssFile")
			p.anon, p.file = max(p.anon, v[0]), max(p.file, v[1])
			select {
			case <-ctx.Done():
				last <- p
				return
			case <-t.C:
			}
		}
	}()
	return func() (int64, int64) {
		p := <-last
		return p.anon, p.file
	}
}

// cpuTime is the user and system CPU time the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
