package state

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// mappedBudget is how much the process's file-backed resident memory may
// grow before the writer gives back the state file's pages (see release
// and writer.run). It bounds what a burst keeps mapped whatever the
// machine's speed; a time bound would let a faster machine map more per
// interval. Each release costs the next reads their faults again (minor
// ones: the pages stay in the page cache), so a smaller budget costs CPU.
const mappedBudget = 4 << 20

// idleRelease is how long after its last commit the writer gives the pages
// back when no budget is reached (the end of a burst), and, where the
// process's resident memory cannot be read, how often it gives them back
// during a burst.
const idleRelease = 25 * time.Millisecond

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
