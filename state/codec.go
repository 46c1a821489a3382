package state

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Records larger than packAbove bytes of JSON (conversations, outgoing
// mail: French text and HTML) are stored DEFLATE-compressed behind
// packedMark, a byte no JSON text starts with; smaller ones, and every
// record written before, are plain JSON. A record's size is what bbolt
// copies each time it rewrites the page holding it, and what the process
// maps when it reads it: at 2 to 3 times smaller, a commit writes and
// touches that much less.
const (
	packAbove  = 512
	packedMark = 0x01
)

// packer is the one compressor: records are encoded inside the writer's
// transactions, one at a time, so one is enough, and it is kept. A
// flate.Writer holds about 1 MB of tables; a sync.Pool of them held one
// per processor and dropped them at each garbage collection, so that
// they were allocated again a few times a second and counted twice in
// the heap's goal.
var packer struct {
	sync.Mutex
	w *flate.Writer
}

var (
	unpackers = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
	// plains holds the buffers records are uncompressed into: json.Unmarshal
	// copies what it keeps, so a buffer serves the next record.
	plains = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// maxPlainKept bounds the buffers plains keeps: a rare huge record's
// buffer is left to the collector.
const maxPlainKept = 64 << 10

// encode is v as a stored record.
func encode(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil || len(data) <= packAbove {
		return data, err
	}
	var b bytes.Buffer
	b.Grow(len(data)/2 + 16)
	b.WriteByte(packedMark)
	packer.Lock()
	defer packer.Unlock()
	if packer.w == nil {
		packer.w, _ = flate.NewWriter(nil, flate.BestSpeed) // fails only for a bad level
	}
	packer.w.Reset(&b)
	if _, err := packer.w.Write(data); err != nil {
		return nil, err
	}
	if err := packer.w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// decode reads a stored record into v.
func decode(data []byte, v any) error {
	if len(data) == 0 || data[0] != packedMark {
		return json.Unmarshal(data, v)
	}
	r := unpackers.Get().(io.ReadCloser)
	defer unpackers.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(data[1:]), nil); err != nil {
		return err
	}
	plain := plains.Get().(*bytes.Buffer)
	defer func() {
		if plain.Cap() <= maxPlainKept {
			plain.Reset()
			plains.Put(plain)
		}
	}()
	if _, err := plain.ReadFrom(r); err != nil {
		return fmt.Errorf("uncompress: %w", err)
	}
	return json.Unmarshal(plain.Bytes(), v)
}
