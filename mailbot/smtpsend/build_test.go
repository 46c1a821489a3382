package smtpsend

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var paris = time.FixedZone("CET", 3600)

// reply is a typical answer to a training centre.
func reply() Mail {
	return Mail{
		From:       Address{Name: "Épreuves BTP — AFPA", Address: "epreuves-btp@example.org"},
		To:         []string{"centre.lyon@example.org"},
		Cc:         []string{"gev@example.org"},
		Subject:    "Re: Enveloppes manquantes pour la session du 14 mars — Vénissieux",
		Text:       "Bonjour,\n\nLes enveloppes de l'épreuve seront expédiées à J-10.\nÀ bientôt,\nL'équipe GEV\n",
		MessageID:  "<r1.7K2Q@mailbot.example.org>",
		InReplyTo:  "<q1@centre.example.org>",
		References: []string{"<q0@centre.example.org>", "<q1@centre.example.org>"},
		Headers:    map[string]string{"X-Mailbot-Ref": "GEV-7K2Q"},
	}
}

func mustBuild(t *testing.T, m Mail, now time.Time) []byte {
	t.Helper()
	raw, err := Build(m, now)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return raw
}

func parse(t *testing.T, raw []byte) *mail.Message {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("ReadMessage: %v\n%s", err, raw)
	}
	return msg
}

func decodeWords(t *testing.T, s string) string {
	t.Helper()
	got, err := new(mime.WordDecoder).DecodeHeader(s)
	if err != nil {
		t.Fatalf("DecodeHeader(%q): %v", s, err)
	}
	return got
}

func TestBuildHeaders(t *testing.T) {
	m := reply()
	now := time.Date(2027, 3, 2, 8, 30, 0, 0, paris)
	msg := parse(t, mustBuild(t, m, now))
	tests := []struct{ field, want string }{
		{"Message-Id", m.MessageID},
		{"In-Reply-To", m.InReplyTo},
		{"References", "<q0@centre.example.org> <q1@centre.example.org>"},
		{"Auto-Submitted", "auto-replied"},
		{"X-Auto-Response-Suppress", "OOF, AutoReply"},
		{"X-Mailbot-Ref", "GEV-7K2Q"},
		{"To", "<centre.lyon@example.org>"},
		{"Cc", "<gev@example.org>"},
		{"Date", "Tue, 02 Mar 2027 08:30:00 +0100"},
		{"Mime-Version", "1.0"},
		{"Precedence", ""},
		{"User-Agent", ""},
		{"X-Mailer", ""},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			if got := msg.Header.Get(tt.field); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("Subject", func(t *testing.T) {
		if got := decodeWords(t, msg.Header.Get("Subject")); got != m.Subject {
			t.Errorf("got %q, want %q", got, m.Subject)
		}
	})
	t.Run("From", func(t *testing.T) {
		from, err := msg.Header.AddressList("From")
		if err != nil || len(from) != 1 || from[0].Name != m.From.Name || from[0].Address != m.From.Address {
			t.Errorf("got %v (err %v), want %v", from, err, m.From)
		}
	})
	t.Run("Date parses", func(t *testing.T) {
		if got, err := msg.Header.Date(); err != nil || !got.Equal(now) {
			t.Errorf("got %v (err %v), want %v", got, err, now)
		}
	})
}

func TestBuildPlainBody(t *testing.T) {
	m := reply()
	raw := mustBuild(t, m, time.Now())
	msg := parse(t, raw)
	if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=UTF-8" {
		t.Errorf("Content-Type: got %q, want %q", ct, "text/plain; charset=UTF-8")
	}
	if cte := msg.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
		t.Errorf("Content-Transfer-Encoding: got %q, want quoted-printable", cte)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.ReplaceAll(m.Text, "\n", "\r\n")
	if string(body) != want {
		t.Errorf("body: got %q, want %q", body, want)
	}
}

// TestBuildWireFormat checks what every server expects: CRLF only, 7-bit
// bytes, header lines short enough (RFC 5322 section 2.1.1).
func TestBuildWireFormat(t *testing.T) {
	m := reply()
	m.Subject = strings.Repeat("Réponse très longue à propos de l'épreuve ", 6)
	m.HTML = "<p>Bonjour,</p><p>Les enveloppes arrivent à J-10.</p>"
	raw := mustBuild(t, m, time.Now())
	if bare := regexp.MustCompile(`[^\r]\n`).Find(raw); bare != nil {
		t.Errorf("bare LF near %q", bare)
	}
	for i, b := range raw {
		if b > 127 {
			t.Fatalf("byte %d is 0x%x: want 7-bit output", i, b)
		}
	}
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for line := range strings.SplitSeq(string(head), "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line of %d chars, want <= 78: %q", len(line), line)
		}
	}
	if got := decodeWords(t, parse(t, raw).Header.Get("Subject")); got != m.Subject {
		t.Errorf("long subject: got %q, want %q", got, m.Subject)
	}
}

func TestBuildAlternative(t *testing.T) {
	m := reply()
	m.HTML = "<p>Bonjour,</p><p>Réponse à venir.</p>"
	msg := parse(t, mustBuild(t, m, time.Now()))
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type: got %q (err %v), want multipart/alternative", mediaType, err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var gotTypes, gotBodies []string
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		gotTypes = append(gotTypes, p.Header.Get("Content-Type"))
		gotBodies = append(gotBodies, string(body))
	}
	wantTypes := []string{"text/plain; charset=UTF-8", "text/html; charset=UTF-8"}
	if !slices.Equal(gotTypes, wantTypes) {
		t.Errorf("part types: got %v, want %v (plain first, RFC 2046 section 5.1.4)", gotTypes, wantTypes)
	}
	wantBodies := []string{strings.ReplaceAll(m.Text, "\n", "\r\n"), m.HTML}
	if !slices.Equal(gotBodies, wantBodies) {
		t.Errorf("part bodies: got %q, want %q", gotBodies, wantBodies)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	m := reply()
	m.HTML = "<p>Bonjour</p>"
	now := time.Now()
	first, second := mustBuild(t, m, now), mustBuild(t, m, now)
	if !bytes.Equal(first, second) {
		t.Errorf("two builds differ:\n%s\n---\n%s", first, second)
	}
	m.MessageID = "<other@mailbot.example.org>"
	if bytes.Equal(first, mustBuild(t, m, now)) {
		t.Error("a different Message-ID gave the same bytes")
	}
}

func TestBuildAutoGenerated(t *testing.T) {
	m := reply()
	m.AutoSubmitted = AutoGenerated
	m.InReplyTo, m.References = "", nil
	msg := parse(t, mustBuild(t, m, time.Now()))
	if got := msg.Header.Get("Auto-Submitted"); got != AutoGenerated {
		t.Errorf("Auto-Submitted: got %q, want %q", got, AutoGenerated)
	}
	for _, field := range []string{"In-Reply-To", "References"} {
		if got := msg.Header.Get(field); got != "" {
			t.Errorf("%s: got %q, want none", field, got)
		}
	}
}

// TestBuildSubjectCannotInjectHeaders: a line break in a subject taken from
// a received mail must not start a new header field.
func TestBuildSubjectCannotInjectHeaders(t *testing.T) {
	m := reply()
	m.Subject = "Re: question\r\nBcc: attacker@example.net"
	msg := parse(t, mustBuild(t, m, time.Now()))
	if got := msg.Header.Get("Bcc"); got != "" {
		t.Errorf("Bcc: got %q, want none", got)
	}
	if got := decodeWords(t, msg.Header.Get("Subject")); got != m.Subject {
		t.Errorf("Subject: got %q, want %q", got, m.Subject)
	}
}

func TestBuildRejects(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Mail)
		want   string // part of the error naming the field
	}{
		{"no from", func(m *Mail) { m.From.Address = "" }, "from"},
		{"from with name", func(m *Mail) { m.From.Address = "Bot <bot@example.org>" }, "from"},
		{"line break in from name", func(m *Mail) { m.From.Name = "Bot\r\nBcc: x@example.net" }, "from"},
		{"no recipient", func(m *Mail) { m.To = nil }, "to"},
		{"bad to", func(m *Mail) { m.To = []string{"not an address"} }, "to[0]"},
		{"bad cc", func(m *Mail) { m.Cc = []string{"a@example.org", "b"} }, "cc[1]"},
		{"empty subject", func(m *Mail) { m.Subject = " " }, "subject"},
		{"empty text", func(m *Mail) { m.Text = "" }, "text"},
		{"message id without brackets", func(m *Mail) { m.MessageID = "r1@example.org" }, "message-id"},
		{"message id doubled brackets", func(m *Mail) { m.MessageID = "<<r1@example.org>>" }, "message-id"},
		{"message id without at", func(m *Mail) { m.MessageID = "<r1>" }, "message-id"},
		{"message id with space", func(m *Mail) { m.MessageID = "<r 1@example.org>" }, "message-id"},
		{"message id non-ascii", func(m *Mail) { m.MessageID = "<é@example.org>" }, "message-id"},
		{"bad in-reply-to", func(m *Mail) { m.InReplyTo = "q1@example.org" }, "in-reply-to"},
		{"bad reference", func(m *Mail) { m.References = []string{"<a@b>", "c"} }, "references[1]"},
		{"auto-submitted no", func(m *Mail) { m.AutoSubmitted = "no" }, "auto-submitted"},
		{"override message id", func(m *Mail) { m.Headers = map[string]string{"message-id": "<x@y>"} }, "headers"},
		{"override content type", func(m *Mail) { m.Headers = map[string]string{"Content-Type": "text/html"} }, "headers"},
		{"bad header name", func(m *Mail) { m.Headers = map[string]string{"X Ref": "1"} }, "headers"},
		{"header injection", func(m *Mail) { m.Headers = map[string]string{"X-Ref": "1\r\nBcc: x@example.net"} }, "headers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := reply()
			tt.change(&m)
			raw, err := Build(m, time.Now())
			if err == nil {
				t.Fatalf("got nil error and %d bytes, want an error naming %q", len(raw), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, want it to name %q", err, tt.want)
			}
		})
	}
	t.Run("zero time", func(t *testing.T) {
		if _, err := Build(reply(), time.Time{}); err == nil {
			t.Error("got nil error, want one")
		}
	})
}

func TestEnvelope(t *testing.T) {
	got := reply().Envelope()
	want := Envelope{From: "epreuves-btp@example.org", To: []string{"centre.lyon@example.org", "gev@example.org"}}
	if got.From != want.From || !slices.Equal(got.To, want.To) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
