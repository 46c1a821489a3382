package mailmsg

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/emersion/go-message/textproto"
)

// readHeader reads the header block at the start of br (a message or an
// embedded message/rfc822) and returns it with the body that follows.
func (p *parser) readHeader(br *bufio.Reader, where string) (textproto.Header, io.Reader) {
	skipMboxFromLine(br)
	fix := &headerRepair{br: br, inHeader: true, lineStart: true, p: p,
		where: func(int) string { return where }}
	body := bufio.NewReader(fix)
	h, err := textproto.ReadHeader(body)
	// EOF here is a message with no body, or one cut inside a part.
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		p.problemf("en-tête illisible dans %s", where)
	}
	return h, body
}

// skipMboxFromLine drops the "From sender date" separator that mbox files
// and some MTAs put before the header (it is not a header field).
func skipMboxFromLine(br *bufio.Reader) {
	if b, _ := br.Peek(5); string(b) != "From " {
		return
	}
	for {
		if _, err := br.ReadSlice('\n'); !errors.Is(err, bufio.ErrBufferFull) {
			return
		}
	}
}

// headerRepair passes a stream through and mends its header blocks (the
// message header, or each part header of a multipart body) so that
// go-message's textproto.ReadHeader, which gives up on the first malformed
// line, reads them whole. Per RFC 5322 section 2.2 a field is a printable
// name, a colon and a value, and folded lines start with white space. A line
// that is neither, among fields, is a continuation that lost its indent
// (Office 365 writes "boundary=" so): it is indented. Followed by text, it
// is the body start after a missing blank line: a blank line is inserted.
type headerRepair struct {
	br           *bufio.Reader
	dashBoundary []byte // "--boundary" in a multipart body, nil otherwise
	where        func(part int) string
	p            *parser

	inHeader  bool // inside a header block
	sawField  bool // the block has a field already
	joined    bool // a line of the block was joined (reported once)
	lineStart bool // the next byte starts a line
	headerLen int  // bytes of the block so far, for maxHeaderBytes
	lineLen   int  // bytes of the header line so far, for maxHeaderLine
	known     int  // bytes ahead known to be header lines (see headerGoesOn)
	covered   bool // the current line lies within known
	part      int  // delimiter lines seen
	out       []byte
	pos       int
	err       error
}

func (h *headerRepair) Read(b []byte) (int, error) {
	if h.pos == len(h.out) && !h.inHeader && h.dashBoundary == nil {
		return h.br.Read(b) // past the only header: nothing left to mend
	}
	for h.pos == len(h.out) && h.err == nil {
		h.step()
	}
	n := copy(b, h.out[h.pos:])
	h.pos += n
	if h.pos == len(h.out) && h.err != nil {
		return n, h.err
	}
	return n, nil
}

// step reads one line, or one buffer-full of a long line, into out.
func (h *headerRepair) step() {
	chunk, err := h.br.ReadSlice('\n')
	if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
		h.err = err
	}
	atStart := h.lineStart
	h.lineStart = err == nil
	h.covered = h.known > 0 && len(chunk) <= h.known
	h.known = max(h.known-len(chunk), 0)
	h.out, h.pos = append(h.out[:0], chunk...), 0
	switch {
	case atStart && h.inHeader:
		h.lineLen = len(chunk)
		h.headerLine()
	case h.inHeader:
		h.lineLen += len(chunk)
		h.longLine()
		h.headerLen += len(h.out)
	case atStart && h.isDelimiter(chunk):
		h.inHeader, h.sawField, h.joined, h.headerLen = true, false, false, 0
		h.part++
	}
}

// headerLine mends the header line held in out.
func (h *headerRepair) headerLine() {
	line := h.out
	h.headerLen += len(line)
	switch {
	case len(line) == 0:
	case h.headerLen > maxHeaderBytes:
		h.p.problemf("en-tête de plus de %d octets dans %s ; la suite est lue comme corps", maxHeaderBytes, h.where(h.part))
		h.endHeader(line)
	case isBlankLine(line):
		h.inHeader = false
	case isField(line):
		h.sawField = true
	case isFolded(line) && h.sawField:
	case h.sawField && h.goesOn():
		if !h.joined {
			h.p.problemf("lignes d'en-tête sans indentation dans %s, rattachées au champ précédent (première : %.60q)", h.where(h.part), line)
		}
		h.joined = true
		h.out = append([]byte{' '}, line...)
	case h.sawField:
		h.p.problemf("en-tête sans ligne vide finale dans %s ; le corps commence à %.60q", h.where(h.part), line)
		h.endHeader(line)
	default:
		h.p.problemf("aucun en-tête dans %s", h.where(h.part))
		h.endHeader(line)
	}
}

// longLine keeps at most maxHeaderLine bytes of a header line, so that one
// huge field (a megabyte of Subject) is cut on its own instead of filling
// the header block and pushing the fields after it into the body.
func (h *headerRepair) longLine() {
	if h.lineLen <= maxHeaderLine {
		return
	}
	chunk := h.out
	before := h.lineLen - len(chunk) // bytes of the line before this chunk
	keep := max(maxHeaderLine-before, 0)
	// Once per line, by the chunk that crosses the cap, even when the cap
	// falls between two chunks (a line that starts the buffer).
	if before <= maxHeaderLine {
		h.p.problemf("ligne d'en-tête de plus de %d octets dans %s ; la fin de la ligne est ignorée", maxHeaderLine, h.where(h.part))
	}
	h.out = chunk[:keep]
	if h.lineStart { // the line ends in this chunk: keep its end
		h.out = append(h.out, lineEnd(chunk)...)
	}
}

// goesOn tells whether the malformed line just read belongs to the header,
// scanning ahead only when an earlier scan did not already cover it.
func (h *headerRepair) goesOn() bool {
	if h.covered {
		return true
	}
	ok, known := headerGoesOn(h.br)
	h.known = known
	return ok
}

// endHeader inserts the blank line that ends a header before line.
func (h *headerRepair) endHeader(line []byte) {
	h.out = append(lineEnd(line), line...)
	h.inHeader = false
}

// lineEnd is the line ending line uses, CRLF or LF.
func lineEnd(line []byte) []byte {
	if bytes.HasSuffix(line, []byte("\r\n")) {
		return []byte("\r\n")
	}
	return []byte("\n")
}

// isDelimiter reports a boundary delimiter line that opens a part (RFC
// 2046 section 5.1.1), white space allowed before the line end.
func (h *headerRepair) isDelimiter(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, h.dashBoundary)
	if !ok || h.dashBoundary == nil {
		return false
	}
	rest = bytes.TrimLeft(rest, " \t")
	return string(rest) == "\n" || string(rest) == "\r\n"
}

func isBlankLine(line []byte) bool {
	return len(bytes.TrimRight(line, "\r\n")) == 0
}

func isFolded(line []byte) bool {
	return len(line) > 0 && (line[0] == ' ' || line[0] == '\t')
}

// isField reports whether line starts with "name:" where name is printable
// ASCII other than colon (RFC 5322 section 3.6.8), allowing the white space
// before the colon that some mailers write.
func isField(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return false
	}
	name := bytes.TrimRight(line[:i], " \t")
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}

// headerGoesOn peeks at the lines after a malformed one, without consuming
// them, and tells whether the header goes on: the next line is a field, a
// folded line or the blank line that ends the header, or a plain
// "Name:" field comes before the next blank line (the DKIM-Signature of
// Office 365 bounces loses its indents over several lines). known is the
// number of bytes ahead that are then known to be header lines, so that a
// run of malformed lines is scanned once, not once per line.
func headerGoesOn(br *bufio.Reader) (goesOn bool, known int) {
	b, _ := br.Peek(br.Size())
	for off := 0; off < len(b); {
		line := b[off:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i+1]
		}
		switch {
		case off == 0 && (isBlankLine(line) || isFolded(line) || isField(line)):
			return true, 0
		case isBlankLine(line):
			return false, 0
		case isPlainField(line):
			return true, off
		}
		off += len(line)
	}
	return false, 0
}

// isPlainField reports a field name as mailers write them, letters, digits
// and hyphens with the colon attached.
func isPlainField(line []byte) bool {
	for i, c := range line {
		switch {
		case c == ':':
			return i > 0
		case c == '-' && i > 0, '0' <= c && c <= '9' && i > 0, 'a' <= c|0x20 && c|0x20 <= 'z':
		default:
			return false
		}
	}
	return false
}
