//go:build !linux

package state

// dropMapped does nothing where MADV_DONTNEED is not known to keep a
// shared mapping's data.
func dropMapped(addr, n uintptr) error { return nil }
