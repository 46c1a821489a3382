package imapwatch

import "sync"

// Cursors keeps, per mailbox, how far the watcher got: the folder's
// UIDVALIDITY and the highest UID up to which every message was handled
// (RFC 9051 section 2.3.1.1). The mailbox key is Options.Name.
type Cursors interface {
	// Cursor returns the saved position, or zeros when there is none.
	Cursor(mailbox string) (uidValidity, lastUID uint32, err error)
	// SetCursor saves the position durably.
	SetCursor(mailbox string, uidValidity, lastUID uint32) error
}

// MemCursors keeps cursors in memory, for tests and `mailbot demo`. The
// zero value is ready to use; it is safe for concurrent use.
type MemCursors struct {
	mu sync.Mutex
	m  map[string][2]uint32
}

// Cursor implements Cursors.
func (c *MemCursors) Cursor(mailbox string) (uidValidity, lastUID uint32, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.m[mailbox]
	return v[0], v[1], nil
}

// SetCursor implements Cursors.
func (c *MemCursors) SetCursor(mailbox string, uidValidity, lastUID uint32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string][2]uint32)
	}
	c.m[mailbox] = [2]uint32{uidValidity, lastUID}
	return nil
}
