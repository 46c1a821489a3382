package mailmsg

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding/charmap"
)

// validUTF8 keeps the UTF-8 sequences of s and reads every other byte as
// windows-1252: mail with undeclared or mislabelled 8-bit text is nearly
// always Western European, and windows-1252 is a superset of the printable
// ISO-8859-1 range that also maps the œ, ’ and – Outlook writes.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = charmap.Windows1252.DecodeByte(s[i])
		}
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// charsetReader converts a text part to UTF-8 from its declared charset
// (RFC 2046 section 4.1.2). An unknown charset leaves the bytes as they
// are, to be repaired by validUTF8, and is reported.
func (p *parser) charsetReader(ct contentType, r io.Reader, where string) io.Reader {
	cs := strings.ToLower(strings.Trim(ct.params["charset"], " \t\"'"))
	switch cs {
	case "", "utf-8", "us-ascii":
		return r
	}
	cr, err := charset.Reader(cs, r)
	if err != nil {
		p.problemf("jeu de caractères inconnu %q dans %s ; lu comme UTF-8 ou windows-1252", cs, where)
		return r
	}
	return cr
}
