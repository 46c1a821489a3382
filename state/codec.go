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

var (
	packers   = sync.Pool{New: func() any { w, _ := flate.NewWriter(nil, flate.BestSpeed); return w }}
	unpackers = sync.Pool{New: func() any { return flate.NewReader(bytes.NewReader(nil)) }}
)

// encode is v as a stored record.
func encode(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil || len(data) <= packAbove {
		return data, err
	}
	var b bytes.Buffer
	b.Grow(len(data)/2 + 16)
	b.WriteByte(packedMark)
	w := packers.Get().(*flate.Writer)
	defer packers.Put(w)
	w.Reset(&b)
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
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
	plain, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("uncompress: %w", err)
	}
	return json.Unmarshal(plain, v)
}
