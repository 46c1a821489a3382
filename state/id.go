package state

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// NewID returns a new ID for a mail or a task: kind, then its creation
// time and four random bytes, in hex. Those records are keyed by their
// ID, so IDs in creation order put the mail queued together, sent
// together and archived together on the same few pages, which each
// commit rewrites and the process maps. A random ID put each on its own
// page among thousands: at 10,000 mails, every send read and rewrote
// pages all over outbox_done. IDs made before this format sort among the
// new ones by their first digits; nothing reads an ID's parts.
func NewID(kind string, at time.Time) string {
	var b [12]byte
	binary.BigEndian.PutUint64(b[:8], uint64(max(at.UnixMicro(), 0)))
	_, _ = rand.Read(b[8:]) // crypto/rand.Read never fails (Go 1.24+)
	return kind + "-" + hex.EncodeToString(b[:])
}

// appendFill is the fill percent of the buckets keyed by NewID: their keys
// mostly come in order, and bbolt's default (half-full pages, meant for
// keys in random order) would leave every page they fill half empty.
const appendFill = 0.9
