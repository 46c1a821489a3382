package mailmsg

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/emersion/go-message/textproto"
)

// bodyWhere names the body of a single-part message in Problems, which
// the agents read in French: every place name there takes its article, to
// follow "dans".
const bodyWhere = "le corps du message"

// node locates one entity in the MIME tree.
type node struct {
	path     string // IMAP-style section number, "" for the top level
	depth    int
	embedded bool // inside a message/rfc822: not the sender's own body
}

func (n node) where() string {
	if n.path == "" {
		return bodyWhere
	}
	return "la partie " + n.path
}

func (n node) child(i int) node {
	path := strconv.Itoa(i)
	if n.path != "" {
		path = n.path + "." + path
	}
	return node{path: path, depth: n.depth + 1, embedded: n.embedded}
}

// walk visits one entity, depth first: h is its header, body its content
// still transfer-encoded.
func (p *parser) walk(h textproto.Header, ct contentType, body io.Reader, n node) {
	p.parts++
	p.m.PartTypes = append(p.m.PartTypes, ct.mediaType)
	switch {
	case n.depth >= maxDepth && (isMultipart(ct) || isEmbeddedMessage(ct)):
		p.problemf("plus de %d niveaux d'imbrication dans %s ; la suite n'est pas lue", maxDepth, n.where())
	case isMultipart(ct):
		p.walkMultipart(h, ct, body, n)
	case isEmbeddedMessage(ct):
		p.walkEmbedded(h, ct, body, n)
	default:
		p.leaf(h, ct, body, n)
	}
}

func isMultipart(ct contentType) bool { return strings.HasPrefix(ct.mediaType, "multipart/") }

func isEmbeddedMessage(ct contentType) bool {
	return ct.mediaType == "message/rfc822" || ct.mediaType == "message/global"
}

// walkMultipart visits the parts of a multipart (RFC 2046 section 5.1).
// When no boundary is ever found, the text before it is read as the body.
func (p *parser) walkMultipart(h textproto.Header, ct contentType, body io.Reader, n node) {
	boundary := ct.params["boundary"]
	if boundary == "" {
		p.problemf("%s sans paramètre boundary dans %s ; lu comme texte", ct.mediaType, n.where())
		p.leaf(h, contentType{mediaType: "text/plain", params: ct.params}, body, n)
		return
	}
	// RFC 2046 section 5.1.5: parts of a digest default to message/rfc822.
	def := "text/plain"
	if ct.mediaType == "multipart/digest" {
		def = "message/rfc822"
	}
	pre := &preambleReader{r: body}
	fix := &headerRepair{br: bufio.NewReaderSize(pre, lookahead), dashBoundary: []byte("--" + boundary),
		lineStart: true, p: p, where: func(i int) string { return n.child(i).where() }}
	mr := textproto.NewMultipartReader(fix, boundary)
	count := 0
	for ; p.parts < maxParts; count++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return
		}
		if err != nil {
			p.multipartError(pre, count, ct, n)
			return
		}
		pre.stop()
		c := n.child(count + 1)
		p.walk(part.Header, p.parseContentType(part.Header, def, c.where()), part, c)
	}
	p.problemf("plus de %d parties dans %s ; les suivantes ne sont pas lues", maxParts, n.where())
}

// multipartError reports why a multipart stopped early; text before a
// boundary that never came is kept as the body.
func (p *parser) multipartError(pre *preambleReader, count int, ct contentType, n node) {
	switch {
	case !pre.eof:
		p.problemf("%s illisible dans %s après %d partie(s) lue(s)", ct.mediaType, n.where(), count)
	case count > 0:
		p.problemf("délimiteur de fin absent dans %s (%s) : message peut-être tronqué", n.where(), ct.mediaType)
	default:
		p.problemf("aucune partie trouvée avec le délimiteur %q dans %s (%s) ; lu comme texte", ct.params["boundary"], n.where(), ct.mediaType)
		p.leaf(textproto.Header{}, contentType{mediaType: "text/plain", params: ct.params}, bytes.NewReader(pre.buf), n)
	}
}

// walkEmbedded visits a message/rfc822 part (RFC 2046 section 5.2.1): its
// parts are listed in PartTypes, and it counts as one attachment; its text
// is not the sender's body (a bounce quotes the original mail here).
func (p *parser) walkEmbedded(h textproto.Header, ct contentType, body io.Reader, n node) {
	disp := p.parseParamField(h, "Content-Disposition", n.where())
	att := Attachment{Filename: filename(h, disp, ct), ContentType: ct.mediaType}
	cr := &countingReader{r: p.decodeTransfer(h, body, n.where())}
	inner := n
	inner.depth, inner.embedded = n.depth+1, true
	eh, ebody := p.readHeader(bufio.NewReaderSize(cr, lookahead), "le message joint dans "+n.where())
	p.m.EnclosedIDs = append(p.m.EnclosedIDs, parseMsgIDs(eh.Get("Message-Id"), true)...)
	p.walk(eh, p.parseContentType(eh, "text/plain", inner.where()), ebody, inner)
	_, err := io.Copy(io.Discard, ebody)
	p.readError(err, n.where())
	att.Size = cr.n
	p.m.Attachments = append(p.m.Attachments, att)
}

// leaf reads a part that holds content: the first plain and HTML bodies
// are kept, attachments are counted, report parts are skipped.
func (p *parser) leaf(h textproto.Header, ct contentType, body io.Reader, n node) {
	disp := p.parseParamField(h, "Content-Disposition", n.where())
	name := filename(h, disp, ct)
	isBody := !n.embedded && disp.mediaType != "attachment" && name == ""
	switch {
	case isBody && ct.mediaType == "text/plain" && !p.taken:
		p.m.Text = p.bodyText(h, ct, body, n.where(), maxTextBytes)
		p.taken = strings.TrimSpace(p.m.Text) != ""
	case isBody && ct.mediaType == "text/html" && p.m.HTML == "":
		p.m.HTML = p.bodyText(h, ct, body, n.where(), maxHTMLBytes)
	case n.embedded || isBody && isBodyLike(ct):
		// Part of a quoted message, a second body or a report part: only
		// its type matters, already listed in PartTypes.
	default:
		size, err := io.Copy(io.Discard, p.decodeTransfer(h, body, n.where()))
		p.readError(err, n.where())
		p.m.Attachments = append(p.m.Attachments, Attachment{Filename: name, ContentType: ct.mediaType, Size: size})
	}
}

// isBodyLike tells parts that are not attachments when they carry no file
// name: text bodies and the machine-readable parts of reports (RFC 3464,
// RFC 8098, RFC 5965), which PartTypes already exposes.
func isBodyLike(ct contentType) bool {
	return ct.mediaType == "text/plain" || ct.mediaType == "text/html" ||
		ct.mediaType == "text/rfc822-headers" ||
		strings.HasPrefix(ct.mediaType, "message/")
}

// preambleReader remembers what a multipart reader consumes until the first
// part is found, so the text survives a boundary that never comes, and
// records whether the body ended.
type preambleReader struct {
	r       io.Reader
	buf     []byte
	stopped bool
	eof     bool
}

func (pr *preambleReader) Read(b []byte) (int, error) {
	n, err := pr.r.Read(b)
	if !pr.stopped && len(pr.buf) < maxTextBytes {
		pr.buf = append(pr.buf, b[:min(n, maxTextBytes-len(pr.buf))]...)
	}
	// A multipart nested in a part ends with io.ErrUnexpectedEOF when the
	// outer part ends first.
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		pr.eof = true
	}
	return n, err
}

// stop ends the recording once a part is found.
func (pr *preambleReader) stop() {
	pr.stopped, pr.buf = true, nil
}

// countingReader counts the bytes that pass through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}
