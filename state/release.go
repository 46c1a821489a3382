package state

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// releaseEvery is how often the writer gives back the state file's pages
// that the process has mapped (see release and writer.run).
const releaseEvery = 25 * time.Millisecond

// release unmaps from the process the pages of the state file it has
// read, leaving them in the kernel's page cache. bbolt reads the file
// through a memory map and writes copy-on-write, so the live pages move
// about the file as it is written: without this, every page read once
// stays counted in the process's resident memory, which then grows with
// the file however little of it is in use. A page read again comes back
// from the page cache (a minor fault, no I/O). It runs in a read
// transaction, during which bbolt cannot remap the file.
func release(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error {
		return dropMapped(db.Info().Data, uintptr(tx.Size()))
	})
}
