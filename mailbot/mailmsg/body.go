package mailmsg

import (
	"errors"
	"io"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"

	"mailbot/classify/clean"
)

// encodingAliases maps transfer encodings that broken mailers write to the
// RFC 2045 section 6.1 token they mean.
var encodingAliases = map[string]string{
	"7-bit": "7bit", "7 bit": "7bit", "8-bit": "8bit", "8 bit": "8bit",
	"plain": "7bit", "text": "7bit", "none": "7bit", "ascii": "7bit",
	"qp": "quoted-printable",
}

// decodeTransfer undoes the Content-Transfer-Encoding of a part. go-message
// does the decoding; this only cleans the token first. An encoding it still
// does not know (x-uuencode...) leaves the raw bytes, which for text is the
// best reading left.
func (p *parser) decodeTransfer(h textproto.Header, body io.Reader, where string) io.Reader {
	raw := h.Get("Content-Transfer-Encoding")
	enc := strings.ToLower(strings.Trim(raw, " \t\"';"))
	if alias, ok := encodingAliases[enc]; ok {
		enc = alias
	}
	if enc != strings.ToLower(raw) {
		p.problemf("encodage de transfert non standard %q dans %s ; lu comme %q", raw, where, enc)
	}
	var only textproto.Header
	only.Set("Content-Transfer-Encoding", enc)
	e, err := message.New(message.Header{Header: only}, body)
	if err != nil {
		p.problemf("encodage de transfert inconnu %q dans %s ; lu sans décodage", raw, where)
	}
	return e.Body
}

// bodyText decodes a text part: transfer encoding, then charset.
func (p *parser) bodyText(h textproto.Header, ct contentType, body io.Reader, where string, limit int) string {
	return p.readText(p.charsetReader(ct, p.decodeTransfer(h, body, where), where), limit, where)
}

// readText reads a decoded text part, at most limit bytes of it, as UTF-8
// with "\n" line endings.
func (p *parser) readText(r io.Reader, limit int, where string) string {
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	p.readError(err, where)
	s := validUTF8(string(b))
	if len(s) > limit {
		p.problemf("texte tronqué à %d octets dans %s", limit, where)
		s = clean.Cut(s, limit)
	}
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// readError reports an error met while reading the content of a part. An
// unexpected EOF inside a multipart is the missing closing boundary, which
// walkMultipart reports once for the whole multipart.
func (p *parser) readError(err error, where string) {
	if err == nil || where != bodyWhere && errors.Is(err, io.ErrUnexpectedEOF) {
		return
	}
	p.problemf("contenu tronqué ou non décodable dans %s", where)
}
