package imapwatch

import (
	"maps"
	"slices"
	"sync"
)

// Position is what the watcher keeps of a mailbox between runs, in the
// Cursors: how far it got, and which messages it was handling when it
// last saved, so that a message that crashes the whole process is found
// after the restart (see the package documentation, "Poison mail").
type Position struct {
	// UIDValidity and LastUID: every message up to LastUID was handled
	// (RFC 9051 section 2.3.1.1).
	UIDValidity uint32
	LastUID     uint32
	// InFlight are the UIDs of the batch being handled when the position
	// was saved; those still unmarked after a restart are suspects.
	InFlight []uint32
	// Failures counts, per UID, the attempts that crashed the process,
	// panicked the handler or failed with ErrBadMessage.
	Failures map[uint32]int
	// Next, when not zero, says that the first unmarked messages from
	// this UID on, up to a batch of them, may be in flight too: the
	// handler saved the position with the outcome of message Next-1, and
	// the next batch may have been handed out without another save
	// (Options.HandlerSavesPosition). After a crash they are suspects.
	Next uint32
}

func (p Position) clone() Position {
	p.InFlight = slices.Clone(p.InFlight)
	p.Failures = maps.Clone(p.Failures)
	return p
}

// Cursors keeps each mailbox's Position (the mailbox key is Options.Name).
// The watcher saves it once per batch of messages, before handing them
// out, and when Run returns: it may lag behind the messages handled, as
// the done keyword and the handler's idempotence keep a message from
// counting twice.
type Cursors interface {
	// Position returns the saved position, zero when there is none.
	Position(mailbox string) (Position, error)
	// SavePosition saves the position durably.
	SavePosition(mailbox string, p Position) error
}

// MemCursors keeps positions in memory, for tests. The zero value is
// ready to use; it is safe for concurrent use.
type MemCursors struct {
	mu sync.Mutex
	m  map[string]Position
}

// Position implements Cursors.
func (c *MemCursors) Position(mailbox string) (Position, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[mailbox].clone(), nil
}

// SavePosition implements Cursors.
func (c *MemCursors) SavePosition(mailbox string, p Position) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string]Position)
	}
	c.m[mailbox] = p.clone()
	return nil
}
