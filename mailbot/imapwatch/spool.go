package imapwatch

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spoolInMemory is the largest message held in memory between the fetch
// and the handler. A larger one waits in a temporary file, so that one
// message costs at most this much memory whatever its size.
const spoolInMemory = 1 << 20

// spool reads a message body of size bytes from r and returns a reader
// over it, valid until release is called.
func spool(r io.Reader, size int64, dir string) (body io.Reader, release func(), err error) {
	if size <= spoolInMemory {
		b := make([]byte, size) // the literal's size is known: no buffer growth
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, nil, fmt.Errorf("read body: %w", err)
		}
		return bytes.NewReader(b), func() {}, nil
	}
	f, err := os.CreateTemp(dir, "mailbot-fetch-*.eml")
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", errSpool, err)
	}
	// Unlinked at once: the open file lives on, and a crash leaves
	// nothing behind.
	os.Remove(f.Name())
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("read body into %s: %w", f.Name(), err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%w: %w", errSpool, err)
	}
	return f, func() { f.Close() }, nil
}
