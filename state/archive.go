package state

import (
	"bytes"
	"encoding/binary"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// archiveChunk bounds the conversations one archiving transaction moves,
// so that the writer's other callers wait little behind it.
const archiveChunk = 500

// ArchiveClosed moves the closed conversations last updated before
// before out of the hot buckets, into conversations_archive, and drops
// their index entries and Message-ID mappings; it returns how many it
// moved. Their seen keys stay (a copy delivered again is still not
// answered), and so does their ID (HasConversation), so no new
// conversation takes it.
func (s *Store) ArchiveClosed(before time.Time) (int, error) {
	total := 0
	for {
		n := 0
		err := s.w.update(func(tx *bolt.Tx) error {
			var err error
			n, err = archiveSome(tx, before)
			return err
		})
		total += n
		if err != nil || n < archiveChunk {
			return total, err
		}
	}
}

func archiveSome(tx *bolt.Tx, before time.Time) (int, error) {
	prefix := append([]byte(StatusClosed), 0)
	from := binary.BigEndian.AppendUint64(bytes.Clone(prefix), math.MaxInt64-nanos(before)+1)
	var ids []string
	c := tx.Bucket(bStatus).Cursor()
	for k, _ := c.Seek(from); bytes.HasPrefix(k, prefix) && len(ids) < archiveChunk; k, _ = c.Next() {
		ids = append(ids, string(k[len(prefix)+8:]))
	}
	for _, id := range ids {
		var conv Conversation
		if _, err := getJSON(tx.Bucket(bConvs), id, &conv); err != nil {
			return 0, err
		}
		if err := putJSON(tx.Bucket(bArchive), id, &conv); err != nil {
			return 0, err
		}
		if err := unindexConversation(tx, id); err != nil {
			return 0, err
		}
		if err := tx.Bucket(bConvs).Delete([]byte(id)); err != nil {
			return 0, err
		}
		for _, m := range conv.MessageIDs {
			if string(tx.Bucket(bMsgIDs).Get([]byte(m))) == id {
				if err := tx.Bucket(bMsgIDs).Delete([]byte(m)); err != nil {
					return 0, err
				}
			}
		}
	}
	return len(ids), nil
}
