package mailmsg

import (
	"fmt"
	"strings"
	"testing"
)

// typicalMessage builds a 20 KB multipart/alternative reply with a small
// PDF, the common shape of a training centre's mail.
func typicalMessage() string {
	var b strings.Builder
	b.WriteString("From: =?utf-8?q?C=C3=A9line_Martin?= <c.martin@centre-exemple.fr>\r\n" +
		"To: epreuves-btp@afpa.fr\r\nSubject: =?utf-8?q?RE=3A_Exp=C3=A9dition_des_DTE?=\r\n" +
		"Date: Mon, 10 May 2027 11:00:00 +0200\r\nMessage-ID: <bench.1@centre-exemple.fr>\r\n" +
		"In-Reply-To: <gev.1@afpa.fr>\r\nReferences: <gev.0@afpa.fr> <gev.1@afpa.fr>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n" +
		"--m\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n" +
		"--a\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	for i := range 60 {
		fmt.Fprintf(&b, "Ligne %d : la session du 12/05 est confirm=C3=A9e, merci pour l'envoi.\r\n", i)
	}
	b.WriteString("--a\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<html><head><style>p{margin:0}</style></head><body>\r\n")
	for i := range 60 {
		fmt.Fprintf(&b, "<p class=3D\"MsoNormal\">Ligne %d : la session du 12/05 est confirm=C3=A9e.</p>\r\n", i)
	}
	b.WriteString("</body></html>\r\n--a--\r\n--m\r\nContent-Type: application/pdf; name=\"dossier.pdf\"\r\n" +
		"Content-Disposition: attachment; filename=\"dossier.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	for b.Len() < 20<<10 {
		b.WriteString(strings.Repeat("JVBERi0x", 9) + "LjQK\r\n")
	}
	b.WriteString("--m--\r\n")
	return b.String()
}

func BenchmarkParse(b *testing.B) {
	raw := typicalMessage()
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if m := Parse(strings.NewReader(raw)); len(m.Attachments) != 1 {
			b.Fatalf("got %d attachments, want 1", len(m.Attachments))
		}
	}
}

func BenchmarkParseLargeAttachment(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r, size, _ := bigMessage()
		b.SetBytes(size)
		if m := Parse(r); m.Size != size {
			b.Fatalf("got size %d, want %d", m.Size, size)
		}
	}
}

// BenchmarkParseQuoteBomb parses an HTML-only mail of 1.95 MB made of
// nested <blockquote> (it once took minutes and gigabytes).
func BenchmarkParseQuoteBomb(b *testing.B) {
	raw := "Content-Type: text/html; charset=utf-8\r\n\r\n" + quoteBomb(1950<<10/len("<blockquote>a"))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(strings.NewReader(raw))
	}
}
