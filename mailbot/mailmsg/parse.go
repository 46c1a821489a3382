package mailmsg

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	// Registers every charset golang.org/x/text knows (ISO-8859-*,
	// windows-125x, ISO-2022-JP...) with go-message.
	_ "github.com/emersion/go-message/charset"
)

// Limits that keep one hostile message from exhausting memory. Attachments
// are never held, so only decoded text, headers and the part list are capped.
const (
	maxTextBytes   = 1 << 20  // Text
	maxHTMLBytes   = 2 << 20  // HTML
	maxHeaderBytes = 1 << 20  // one header block
	maxHeaderLine  = 64 << 10 // one line of it, longer than lookahead
	maxDepth       = 20       // nested multiparts and message/rfc822
	maxQuoteDepth  = 16       // blockquote levels shown as "> " in text from HTML
	maxParts       = 1000     // parts walked in one message
	maxNameBytes   = 200      // one attachment's file name
	maxProblems    = 30       // problems listed
	lookahead      = 16 << 10 // bytes peeked to mend a header
)

// Parse reads a raw message to EOF and decodes it. It never returns nil and
// never fails: what cannot be decoded is described in Problems and the rest
// is kept. Attachments are streamed and only counted, so memory stays
// bounded whatever the message size. A leading mbox "From " line is skipped.
func Parse(r io.Reader) *Message {
	src := &source{r: r, sum: sha256.New()}
	p := &parser{m: &Message{}}
	p.safely(func() { p.parseMessage(bufio.NewReaderSize(src, lookahead)) })
	p.safely(p.finish)
	src.drain(p)
	return p.m
}

// parser carries the state of one Parse call.
type parser struct {
	m     *Message
	parts int  // parts walked so far, for maxParts
	taken bool // Text came from a text/plain part
}

// problemf records one degradation in words an operator can act on, in
// French: the agents read Problems on the dashboard. After maxProblems, one
// last line says that more were left out.
func (p *parser) problemf(format string, args ...any) {
	switch n := len(p.m.Problems); {
	case n < maxProblems:
		p.m.Problems = append(p.m.Problems, fmt.Sprintf(format, args...))
	case n == maxProblems:
		p.m.Problems = append(p.m.Problems, "autres difficultés, non listées")
	}
}

// internalError starts the problem that a recovered panic leaves.
const internalError = "erreur interne de l'analyseur de messages"

// safely runs fn and turns a panic into a Problem: mailbot is a daemon and
// one message must never bring it down. Fuzzing asserts this never fires.
func (p *parser) safely(fn func()) {
	defer func() {
		if v := recover(); v != nil {
			p.problemf(internalError+" : %v", v)
		}
	}()
	fn()
}

// parseMessage reads the top-level header, then walks the body.
func (p *parser) parseMessage(br *bufio.Reader) {
	h, body := p.readHeader(br, "le message")
	p.fillHeaderFields(h)
	ct := p.parseContentType(h, "text/plain", bodyWhere)
	p.m.MediaType = ct.mediaType
	if ct.mediaType == "multipart/report" {
		p.m.ReportType = strings.ToLower(ct.params["report-type"])
	}
	p.walk(h, ct, body, node{})
}

// finish derives Text from HTML when the message had no plain part.
func (p *parser) finish() {
	if !p.taken && p.m.HTML != "" {
		var cut bool
		p.m.Text, cut = htmlToText(p.m.HTML, maxTextBytes)
		p.m.FromHTML = true
		if cut {
			p.problemf("texte tiré du HTML tronqué à %d octets", maxTextBytes)
		}
	}
}

// source hashes and counts every raw byte as it is read.
type source struct {
	r   io.Reader
	sum hash.Hash
	n   int64
	err error // first read error other than io.EOF, returned again by Read
}

func (s *source) Read(b []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.r.Read(b)
	s.sum.Write(b[:n])
	s.n += int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		s.err = err
	}
	return n, err
}

// drain reads what the parser left unread, so that Size and Digest cover
// the whole message, then fills them in. Read errors are sticky, so an error
// met while parsing surfaces here once.
func (s *source) drain(p *parser) {
	if _, err := io.Copy(io.Discard, s); err != nil {
		p.problemf("lecture du message interrompue (%v) ; taille et empreinte ne couvrent que les octets lus", err)
	}
	p.m.Size = s.n
	p.m.Digest = hex.EncodeToString(s.sum.Sum(nil))
}
