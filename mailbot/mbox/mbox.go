// Package mbox splits an mbox file into its messages.
//
// The format is the one RFC 4155 describes: each message starts with a
// "From " line (the From_ line, "From sender date") at the start of the
// file or after an empty line, and ends with an empty line that is not
// part of it. Lines of a message that look like a From_ line were quoted
// by the writer with a '>'; this reader undoes the quoting of the mboxrd
// variant, which also covers mboxo: one '>' is removed from every line
// that matches ">+From ". Lines may end in LF or CRLF.
package mbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

var (
	// ErrNotMbox is returned by Next when the stream does not start with a
	// From_ line.
	ErrNotMbox = errors.New("not an mbox file: it does not start with a \"From \" line")
)

// Message is one message of an mbox file.
type Message struct {
	// Offset is where its From_ line starts in the stream: a Reader
	// started there reads this message first.
	Offset int64
	// FromLine is the From_ line without its line ending.
	FromLine string
	// Raw is the message as it was delivered, quoting undone; nil when
	// TooLarge.
	Raw []byte
	// Size is the length of the message in the file, in bytes.
	Size int64
	// TooLarge tells that the message is over Reader.MaxSize: it was
	// skipped, not kept.
	TooLarge bool
}

// Reader reads the messages of an mbox stream one after the other.
type Reader struct {
	// MaxSize bounds the bytes kept of one message (0: no bound); a
	// larger message is returned with TooLarge and no Raw.
	MaxSize int64

	br      *bufio.Reader
	off     int64  // bytes consumed so far
	next    []byte // a From_ line already read, starting the next message
	nextOff int64
	started bool
}

// NewReader reads an mbox stream from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next message, or io.EOF after the last one.
func (r *Reader) Next() (*Message, error) {
	if !r.started {
		r.started = true
		line, err := r.line()
		switch {
		case err != nil && err != io.EOF:
			return nil, fmt.Errorf("mbox: %w", err)
		case len(line) == 0:
			return nil, io.EOF
		case !isFromLine(line):
			return nil, ErrNotMbox
		}
		r.next, r.nextOff = line, 0
	}
	if r.next == nil {
		return nil, io.EOF
	}
	m := &Message{Offset: r.nextOff, FromLine: string(trimEOL(r.next))}
	r.next = nil
	var body bytes.Buffer
	keep := func(b []byte) {
		if m.TooLarge {
			return
		}
		if r.MaxSize > 0 && int64(body.Len()+len(b)) > r.MaxSize {
			m.TooLarge = true
			body = bytes.Buffer{}
			return
		}
		body.Write(b)
	}
	var blank []byte // an empty line held back: it may be the separator
	for {
		start := r.off
		line, err := r.line()
		if len(line) > 0 {
			if blank != nil && isFromLine(line) {
				r.next, r.nextOff = line, start
				break
			}
			if blank != nil {
				keep(blank)
				blank = nil
			}
			if len(trimEOL(line)) == 0 {
				blank = line
			} else {
				keep(unquote(line))
			}
		}
		if err == io.EOF {
			break // the last blank line is the final separator
		}
		if err != nil {
			return nil, fmt.Errorf("mbox: read message at offset %d: %w", m.Offset, err)
		}
	}
	end := r.off
	if r.next != nil {
		end = r.nextOff
	}
	m.Size = end - m.Offset
	if !m.TooLarge {
		m.Raw = body.Bytes()
	}
	return m, nil
}

// line reads one line with its ending, however long.
func (r *Reader) line() ([]byte, error) {
	var long []byte
	for {
		part, err := r.br.ReadSlice('\n')
		r.off += int64(len(part))
		if err == bufio.ErrBufferFull {
			long = append(long, part...)
			continue
		}
		if long != nil {
			return append(long, part...), err
		}
		return append([]byte(nil), part...), err
	}
}

var fromPrefix = []byte("From ")

// isFromLine tells whether line starts a message (RFC 4155: "From "
// at the start of a line).
func isFromLine(line []byte) bool { return bytes.HasPrefix(line, fromPrefix) }

// unquote removes one '>' from a line that matches ">+From " (mboxrd).
func unquote(line []byte) []byte {
	rest := bytes.TrimLeft(line, ">")
	if len(rest) < len(line) && bytes.HasPrefix(rest, fromPrefix) {
		return line[1:]
	}
	return line
}

func trimEOL(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}
