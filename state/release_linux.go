package state

import "syscall"

// dropMapped unmaps n bytes at addr from the process (MADV_DONTNEED): on a
// shared file mapping the data stays in the file and the page cache.
func dropMapped(addr, n uintptr) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, addr, n, syscall.MADV_DONTNEED); errno != 0 {
		return errno
	}
	return nil
}
