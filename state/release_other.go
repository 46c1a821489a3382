//go:build !linux

package state

// dropMapped does nothing where MADV_DONTNEED is not known to keep a
// shared mapping's data.
func dropMapped(addr, n uintptr) error { return nil }

// residency has no reading here: the writer then gives pages back by
// time alone (which does nothing here, see dropMapped).
type residency struct{}

func openResidency() *residency { return nil }

func (*residency) fileBytes() (int64, bool) { return 0, false }

func (*residency) close() {}
