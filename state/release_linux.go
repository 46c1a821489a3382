package state

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// dropMapped unmaps n bytes at addr from the process (MADV_DONTNEED): on a
// shared file mapping the data stays in the file and the page cache.
func dropMapped(addr, n uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, n, syscall.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}

// residency reads how many bytes of files the process has resident
// through its mappings: the third field of /proc/self/statm (RssFile and
// RssShmem, the binary's pages included). The file stays open, so a
// reading is one read, no path lookup.
type residency struct {
	f    *os.File
	page int64
	buf  [128]byte
}

// openResidency returns nil where /proc/self/statm cannot be read.
func openResidency() *residency {
	f, err := os.Open("/proc/self/statm")
	if err != nil {
		return nil
	}
	return &residency{f: f, page: int64(os.Getpagesize())}
}

// fileBytes is the reading, and false if there is none.
func (r *residency) fileBytes() (int64, bool) {
	if r == nil {
		return 0, false
	}
	n, err := r.f.ReadAt(r.buf[:], 0)
	if n == 0 && err != nil {
		return 0, false
	}
	fields := bytes.Fields(r.buf[:n])
	if len(fields) < 3 {
		return 0, false
	}
	pages, err := strconv.ParseInt(string(fields[2]), 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * r.page, true
}

func (r *residency) close() {
	if r != nil {
		r.f.Close()
	}
}
