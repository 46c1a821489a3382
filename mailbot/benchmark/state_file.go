package benchmark

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// commits reads how many write transactions the bbolt file at path has
// committed since it was created: the larger transaction id of its two
// meta pages. The store gives no count of its own, and bbolt's Stats
// count pages written, not commits; each commit calls fdatasync twice,
// once for the data pages and once for the meta page (plus once more when
// the file grows).
func commits(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("read commit count: %w", err)
	}
	defer f.Close()
	// Meta layout (bbolt internal/common/meta.go): page header of 16 bytes,
	// then magic, version, page size, flags (4 bytes each), root bucket
	// (16), freelist (8), high-water page (8), txid (8).
	const magicAt, pageSizeAt, txidAt = 16, 24, 64
	const magic = 0xED0CDAED
	head := make([]byte, 4096)
	if _, err := io.ReadFull(f, head); err != nil {
		return 0, fmt.Errorf("read commit count: %w", err)
	}
	pageSize := int64(binary.LittleEndian.Uint32(head[pageSizeAt:]))
	var best uint64
	for i := range int64(2) {
		page := make([]byte, txidAt+8)
		if _, err := f.ReadAt(page, i*pageSize); err != nil {
			return 0, fmt.Errorf("read commit count: %w", err)
		}
		if binary.LittleEndian.Uint32(page[magicAt:]) != magic {
			continue
		}
		best = max(best, binary.LittleEndian.Uint64(page[txidAt:]))
	}
	if best == 0 {
		return 0, fmt.Errorf("read commit count: %s is not a bbolt file", path)
	}
	return best, nil
}
