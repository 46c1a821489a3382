package mailmsg

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseHeaders(t *testing.T) {
	tests := []struct {
		file, subject, fromName, from, messageID, date string
	}{
		{"latin1-qp.eml", "Envoi des plis à la session du 12/05", "Stéphane Martin", "s.martin@cfa-exemple.fr",
			"<20270504091244.4411@cfa-exemple.fr>", "2027-05-04T09:12:44+02:00"},
		{"cp1252-base64.eml", "Cœur de métier – l’épreuve", "Jean-Luc Peyré", "jl.peyre@formation-exemple.fr",
			"<cp1252.1@formation-exemple.fr>", "2027-05-05T14:00:00+02:00"},
		{"broken-headers.eml", "Sujet cassé – suite", "Dupont, Jean", "j.dupont@exemple.fr",
			"<folded.id@exemple.fr>", "2027-05-14T08:05:00+02:00"},
		{"unknown-charset.eml", "=?x-unknown-42?Q?caf=E9?=", "Renée", "renee@exemple.fr",
			"<uc.1@exemple.fr>", "2027-05-12T10:00:00+02:00"},
		{"mbox-from.eml", "Depuis une boite mbox", "Lea", "lea@exemple.fr",
			"<mbox.1@exemple.fr>", "2027-05-13T12:00:00+02:00"},
		{"missing-headers.eml", "Pas d'en-tetes", "", "", "", ""},
		{"dsn.eml", "Undelivered Mail Returned to Sender", "Mail Delivery System", "mailer-daemon@mx.exemple.fr",
			"<20270511050102.ABC12@mx.exemple.fr>", "2027-05-11T07:01:02+02:00"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := parseFile(t, tt.file)
			got := []string{m.Subject, m.From.Name, m.From.Address, m.MessageID, formatDate(m.Date)}
			want := []string{tt.subject, tt.fromName, tt.from, tt.messageID, tt.date}
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func formatDate(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.RFC3339)
}

func TestParseThreadingAndRecipients(t *testing.T) {
	alt := parseFile(t, "alternative.eml")
	broken := parseFile(t, "broken-headers.eml")
	tests := []struct {
		name      string
		got, want any
	}{
		{"in-reply-to", alt.InReplyTo, []string{"<gev.42@afpa.fr>"}},
		{"folded references", alt.References, []string{"<gev.41@afpa.fr>", "<gev.42@afpa.fr>"}},
		{"bare in-reply-to with comment", broken.InReplyTo, []string{"<prev.1@exemple.fr>"}},
		{"empty group", broken.To, []Address{}},
		{"cc", broken.Cc, []Address{{Name: "Marie", Address: "marie@exemple.fr"}, {Address: "paul@exemple.fr"}}},
		{"reply-to", broken.ReplyTo, []Address{{Address: "reponses@exemple.fr"}}},
		{"header kept decoded", broken.Get("subject"), "Sujet cassé – suite"},
		{"unindented line joined", broken.Get("X-Note"), "ligne repliee sans indentation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !equalish(tt.got, tt.want) {
				t.Errorf("got %#v, want %#v", tt.got, tt.want)
			}
		})
	}
}

// equalish compares slices treating nil and empty alike.
func equalish(got, want any) bool {
	switch w := want.(type) {
	case []string:
		return slices.Equal(got.([]string), w)
	case []Address:
		return slices.Equal(got.([]Address), w)
	}
	return got == want
}

func TestParseReturnPath(t *testing.T) {
	tests := []struct {
		file    string
		path    string
		present bool
	}{
		{"latin1-qp.eml", "s.martin@cfa-exemple.fr", true},
		{"dsn.eml", "", true},
		{"alternative.eml", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := parseFile(t, tt.file)
			if m.ReturnPath != tt.path || m.HasReturnPath != tt.present {
				t.Errorf("got %q %v, want %q %v", m.ReturnPath, m.HasReturnPath, tt.path, tt.present)
			}
		})
	}
}

func TestParseBodies(t *testing.T) {
	tests := []struct {
		file     string
		text     string
		fromHTML bool
		html     string // substring of HTML, "" for none
	}{
		{"latin1-qp.eml", "Bonjour,\n\nPourriez-vous me confirmer la date d'expédition des plis pour la session de maçon du 12/05 ?\n\nCordialement,\nStéphane Martin\n", false, ""},
		{"cp1252-base64.eml", "Bonjour,\n\nL’œuvre du jury – session du 3 juin – est prête.\nMerci d’avance.\n", false, ""},
		{"outlook-html.eml", "Bonjour,\n\nLe candidat n’a pas reçu sa convocation & nous demande la date.\n\nCordialement,\nNadia Benali\nTél. 01 02 03 04 05", true, `<p class="MsoNormal">Bonjour,`},
		{"alternative.eml", "Bonjour, les liens ne fonctionnent pas.", false, "<b>liens</b>"},
		{"lf-only.eml", "Ligne une.\nLigne deux, très longue, coupée.", false, ""},
		{"unknown-charset.eml", "Café crème à la session.\n", false, ""},
		{"unknown-encoding.eml", "Texte brut sous un encodage inconnu.", false, "<p>Café</p>"},
		{"missing-boundary.eml", "Le message s'arrête sans frontière finale.", false, ""},
		{"part-header-indent.eml", "Delivery has failed to these recipients or groups.", false, "<p>Delivery"},
		{"missing-headers.eml", "Message sans expediteur, sans date, sans identifiant.\n", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := parseFile(t, tt.file)
			if m.Text != tt.text || m.FromHTML != tt.fromHTML {
				t.Errorf("got %q (from HTML %v), want %q (from HTML %v)", m.Text, m.FromHTML, tt.text, tt.fromHTML)
			}
			if tt.html == "" && m.HTML != "" || !strings.Contains(m.HTML, tt.html) {
				t.Errorf("got HTML %q, want it to hold %q", m.HTML, tt.html)
			}
		})
	}
}

func TestParseStructure(t *testing.T) {
	tests := []struct {
		file        string
		mediaType   string
		reportType  string
		partTypes   []string
		attachments []Attachment
	}{
		{"alternative.eml", "multipart/alternative", "",
			[]string{"multipart/alternative", "text/plain", "text/html"}, nil},
		{"attachment-rfc2231.eml", "multipart/mixed", "",
			[]string{"multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf", "image/png"},
			[]Attachment{{"bordereau_épreuve_n°1.pdf", "application/pdf", 2064}, {"capture_écran.png", "image/png", 108}}},
		{"dsn.eml", "multipart/report", "delivery-status",
			[]string{"multipart/report", "text/plain", "message/delivery-status", "message/rfc822", "multipart/alternative", "text/plain", "text/html"},
			[]Attachment{{"", "message/rfc822", 305}}},
		{"part-header-indent.eml", "multipart/report", "delivery-status",
			[]string{"multipart/report", "multipart/alternative", "text/plain", "text/html", "message/delivery-status"}, nil},
		{"lf-only.eml", "multipart/mixed", "",
			[]string{"multipart/mixed", "text/plain", "text/csv"}, []Attachment{{"liste.csv", "text/csv", 22}}},
		{"missing-boundary.eml", "multipart/mixed", "",
			[]string{"multipart/mixed", "text/plain", "application/octet-stream"}, []Attachment{{"notes.bin", "application/octet-stream", 10}}},
		{"unknown-encoding.eml", "multipart/mixed", "",
			[]string{"multipart/mixed", "text/plain", "text/html", "text/plain"}, []Attachment{{"notes.txt", "text/plain", 5}}},
		{"latin1-qp.eml", "text/plain", "", []string{"text/plain"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := parseFile(t, tt.file)
			if m.MediaType != tt.mediaType || m.ReportType != tt.reportType {
				t.Errorf("got %q %q, want %q %q", m.MediaType, m.ReportType, tt.mediaType, tt.reportType)
			}
			if !slices.Equal(m.PartTypes, tt.partTypes) {
				t.Errorf("got parts %q, want %q", m.PartTypes, tt.partTypes)
			}
			if !slices.Equal(m.Attachments, tt.attachments) {
				t.Errorf("got attachments %+v, want %+v", m.Attachments, tt.attachments)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		file string
		want []string // one substring per expected problem, in order
	}{
		{"latin1-qp.eml", nil},
		{"alternative.eml", nil},
		{"dsn.eml", nil},
		{"missing-headers.eml", nil},
		{"missing-boundary.eml", []string{"délimiteur de fin absent dans le corps du message (multipart/mixed)"}},
		{"unknown-charset.eml", []string{`en-tête Subject : jeu de caractères inconnu "x-unknown-42"`,
			`jeu de caractères inconnu "x-unknown-42" dans le corps du message ; lu comme UTF-8 ou windows-1252`}},
		{"unknown-encoding.eml", []string{`encodage de transfert inconnu "x-uuencode" dans la partie 1`,
			`encodage de transfert non standard "quoted-printable;" dans la partie 2 ; lu comme "quoted-printable"`,
			`encodage de transfert non standard "7-bit" dans la partie 3 ; lu comme "7bit"`}},
		{"broken-headers.eml", []string{"lignes d'en-tête sans indentation dans le message,", "en-tête From"}},
		{"part-header-indent.eml", []string{"lignes d'en-tête sans indentation dans la partie 1,"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := parseFile(t, tt.file).Problems
			ok := len(got) == len(tt.want)
			for i := 0; ok && i < len(got); i++ {
				ok = strings.Contains(got[i], tt.want[i])
			}
			if !ok {
				t.Errorf("got %q, want problems holding %q", got, tt.want)
			}
		})
	}
}

func TestParseSizeAndDigest(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil {
		t.Fatalf("list samples: %v", err)
	}
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			raw, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("read sample: %v", err)
			}
			sum := sha256.Sum256(raw)
			m := parseFile(t, filepath.Base(name))
			if m.Size != int64(len(raw)) || m.Digest != hex.EncodeToString(sum[:]) {
				t.Errorf("got %d %s, want %d %x", m.Size, m.Digest, len(raw), sum)
			}
		})
	}
}

// Inputs with no usable structure still give a Message covering every byte.
func TestParseDegenerateInput(t *testing.T) {
	tests := []struct {
		name, raw, text string
	}{
		{"empty", "", ""},
		{"header only without newline", "Subject: x", ""},
		{"no header at all", "Bonjour,\nun texte sans en-tête.\n", "Bonjour,\nun texte sans en-tête.\n"},
		{"indented first line", " Bonjour\n", " Bonjour\n"},
		{"body after header with no blank line", "Subject: x\nFrom: a@b.fr\nBonjour,\nsuite\n", "Bonjour,\nsuite\n"},
		{"multipart without boundary", "Content-Type: multipart/mixed\n\ntexte\n", "texte\n"},
		{"boundary never found", "Content-Type: multipart/mixed; boundary=zz\n\npréambule seul\n", "préambule seul\n"},
		{"empty multipart", "Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz--\r\n", ""},
		{"binary garbage", "\x00\xff\xfe:\x01\n\n\x80\x81", "\x00ÿþ:\x01\n\n€\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse(strings.NewReader(tt.raw))
			if m == nil || m.Size != int64(len(tt.raw)) || m.Text != tt.text {
				t.Errorf("got %+v, want size %d and text %q", m, len(tt.raw), tt.text)
			}
		})
	}
}

func TestParseReadError(t *testing.T) {
	broken := errors.New("connection reset")
	const head = "Subject: coupé\r\n\r\nDébut"
	m := Parse(io.MultiReader(strings.NewReader(head), errReader{broken}))
	if m.Subject != "coupé" || m.Text != "Début" || m.Size != int64(len(head)) {
		t.Errorf("got %q %q %d, want subject, text and size of the bytes read", m.Subject, m.Text, m.Size)
	}
	if !slices.ContainsFunc(m.Problems, func(p string) bool { return strings.Contains(p, broken.Error()) }) {
		t.Errorf("got problems %q, want one naming %q", m.Problems, broken)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestParseTextCap(t *testing.T) {
	body := strings.Repeat("é", maxTextBytes) // 2 bytes each: twice the cap
	m := Parse(strings.NewReader("Content-Type: text/plain; charset=utf-8\n\n" + body))
	if len(m.Text) != maxTextBytes || !strings.HasPrefix(body, m.Text) {
		t.Errorf("got %d bytes of text, want %d cut on a character boundary", len(m.Text), maxTextBytes)
	}
	if len(m.Problems) != 1 || !strings.Contains(m.Problems[0], "tronqué à") {
		t.Errorf("got problems %q, want one saying the text was cut", m.Problems)
	}
}

// repeatReader yields line n times without holding more than one copy.
type repeatReader struct {
	line []byte
	n    int
	off  int
}

func (r *repeatReader) Read(b []byte) (int, error) {
	total := 0
	for total < len(b) && r.n > 0 {
		c := copy(b[total:], r.line[r.off:])
		total += c
		r.off += c
		if r.off == len(r.line) {
			r.off, r.n = 0, r.n-1
		}
	}
	if total == 0 {
		return 0, io.EOF
	}
	return total, nil
}

// bigMessage streams a message with a base64 attachment of about 30 MB.
func bigMessage() (r io.Reader, rawSize, attachmentSize int64) {
	const head = "From: a@exemple.fr\r\nSubject: gros fichier\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=big\r\n\r\n" +
		"--big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoici le dossier complet.\r\n" +
		"--big\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=dossier.zip\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n"
	const tail = "--big--\r\n"
	line := strings.Repeat("QUJD", 19) + "\r\n" // 76 base64 chars = 57 bytes
	n := (30 << 20) / len(line)
	r = io.MultiReader(strings.NewReader(head), &repeatReader{line: []byte(line), n: n}, strings.NewReader(tail))
	return r, int64(len(head) + n*len(line) + len(tail)), int64(n * 57)
}

func TestParseLargeAttachment(t *testing.T) {
	r, rawSize, attSize := bigMessage()
	m := Parse(r)
	want := []Attachment{{"dossier.zip", "application/zip", attSize}}
	if m.Size != rawSize || m.Text != "Voici le dossier complet." || !slices.Equal(m.Attachments, want) {
		t.Errorf("got size %d, text %q, attachments %+v; want %d, the text, %+v", m.Size, m.Text, m.Attachments, rawSize, want)
	}
	if len(m.Problems) != 0 {
		t.Errorf("got problems %q, want none", m.Problems)
	}
}

// Message/rfc822 inside message/rfc822 past maxDepth is not walked.
func TestParseNestingLimit(t *testing.T) {
	raw := strings.Repeat("Content-Type: message/rfc822\n\n", maxDepth+5) + "fin\n"
	m := Parse(strings.NewReader(raw))
	if len(m.PartTypes) != maxDepth+1 || len(m.Problems) != 1 {
		t.Errorf("got %d parts and problems %q, want %d parts and one problem", len(m.PartTypes), m.Problems, maxDepth+1)
	}
}

func TestEnclosedIDsOfABounce(t *testing.T) {
	m := parseFile(t, "dsn.eml")
	if want := []string{"<gev.99@afpa.fr>"}; !slices.Equal(m.EnclosedIDs, want) {
		t.Errorf("got %q, want %q (the undelivered mail's Message-ID)", m.EnclosedIDs, want)
	}
	if m := parseFile(t, "alternative.eml"); len(m.EnclosedIDs) != 0 {
		t.Errorf("got %q for a mail that carries none", m.EnclosedIDs)
	}
}

// A megabyte of Subject on one line is cut on its own: the fields after it
// are still read, the body is still the body, and the cut is reported once,
// also when the line starts the message (the cap then falls between two
// reads of the buffer).
func TestHugeHeaderLineKeepsTheOtherFields(t *testing.T) {
	for _, eol := range []string{"\r\n", "\n"} {
		subject := "Subject: " + strings.Repeat("x", 1<<20) + eol
		from := "From: a@centre.test" + eol
		rest := "Message-ID: <long@centre.test>" + eol + "To: epreuves-btp@afpa.fr" + eol + eol + "Bonjour" + eol
		for _, raw := range []string{from + subject + rest, subject + from + rest} {
			m := Parse(strings.NewReader(raw))
			if m.MessageID != "<long@centre.test>" || len(m.To) != 1 || strings.TrimSpace(m.Text) != "Bonjour" {
				t.Errorf("got Message-ID %q, To %v, text %.40q; want the fields after the long line and the body", m.MessageID, m.To, m.Text)
			}
			if len(m.Subject) > maxHeaderLine || !strings.HasPrefix(m.Subject, "xxx") {
				t.Errorf("got a subject of %d bytes, want its first %d at most", len(m.Subject), maxHeaderLine)
			}
			if len(m.Problems) != 1 {
				t.Errorf("got problems %q, want one: the cut line", m.Problems)
			}
		}
	}
}

func TestLongAttachmentNamesAreShortened(t *testing.T) {
	long := strings.Repeat("dossier-", 6000) + ".pdf"
	raw := "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n--b\r\n" +
		"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"" + long + "\"\r\n\r\n%PDF\r\n--b--\r\n"
	m := Parse(strings.NewReader(raw))
	if len(m.Attachments) != 1 {
		t.Fatalf("got %d attachments, want 1 (problems %q)", len(m.Attachments), m.Problems)
	}
	name := m.Attachments[0].Filename
	if len(name) > maxNameBytes || !strings.HasPrefix(name, "dossier-") || !strings.HasSuffix(name, "….pdf") {
		t.Errorf("got a name of %d bytes ending %q, want at most %d keeping its start and extension", len(name), name[max(len(name)-10, 0):], maxNameBytes)
	}
}
