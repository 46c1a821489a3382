package mailmsg

import (
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-message/textproto"
)

func TestParseMsgIDs(t *testing.T) {
	tests := []struct {
		name, raw string
		single    bool
		want      []string
	}{
		{"plain", "<a.1@x.fr>", true, []string{"<a.1@x.fr>"}},
		{"list with duplicates", "<a@x> <b@x>\t<a@x>", false, []string{"<a@x>", "<b@x>"}},
		{"folded inside brackets", "<abc\r\n def@x.fr>", false, []string{"<abcdef@x.fr>"}},
		{"comment after id", "<a@x> (Jean's message of Monday)", false, []string{"<a@x>"}},
		{"doubled brackets", "<<a@x>>", false, []string{"<a@x>"}},
		{"no brackets", "a@x, b@x", false, []string{"<a@x>", "<b@x>"}},
		{"phrase without id", "your message of Monday", false, nil},
		{"bare token as Message-ID", "1234.5678", true, []string{"<1234.5678>"}},
		{"bare token as In-Reply-To", "1234.5678", false, nil},
		{"empty brackets", "<>", false, nil},
		{"unclosed bracket", "<a@x", false, []string{"<a@x>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseMsgIDs(tt.raw, tt.single); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"Tue, 4 May 2027 09:12:44 +0200", "2027-05-04T09:12:44+02:00"},
		{"Tue, 4 May 2027 09:12:44 +0200 (CEST)", "2027-05-04T09:12:44+02:00"},
		{"Wed, 20 Sep 1995 00:19:00 (EDT) -0400", "1995-09-20T00:19:00-04:00"},
		{"4 May 2027 09:12 +0200", "2027-05-04T09:12:00+02:00"},
		{"Tue,  4 May 27 09:12:44 +0200", "2027-05-04T09:12:44+02:00"},
		{"Tue May  4 09:12:44 2027", "2027-05-04T09:12:44Z"},
		{"2027-05-04 09:12:44 +0200", "2027-05-04T09:12:44+02:00"},
		{"2027-05-04T09:12:44+02:00", "2027-05-04T09:12:44+02:00"},
		{"<HR>", ""},
		{"Pn, 29 paX 2007 21:13:00 +0100", ""},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseDate(tt.raw)
			if formatDate(got) != tt.want || ok != (tt.want != "") {
				t.Errorf("got %v %v, want %q", got, ok, tt.want)
			}
		})
	}
}

// nameAddr is an Address without its Lenient mark, checked apart.
type nameAddr struct{ Name, Address string }

func TestAddressList(t *testing.T) {
	tests := []struct {
		name, raw string
		want      []nameAddr
		problem   bool
	}{
		{"valid", `"Martin, Paul" <P.Martin@X.fr>, b@x.fr`, []nameAddr{{"Martin, Paul", "p.martin@x.fr"}, {"", "b@x.fr"}}, false},
		{"encoded name", "=?utf-8?q?Ren=C3=A9e?= <r@x.fr>", []nameAddr{{"Renée", "r@x.fr"}}, false},
		{"windows-1252 name", "=?windows-1252?q?C=9Cur_=96_Z?= <c@x.fr>", []nameAddr{{"Cœur – Z", "c@x.fr"}}, false},
		{"unquoted comma", "Dupont, Jean <j@x.fr>", []nameAddr{{"Dupont, Jean", "j@x.fr"}}, true},
		{"raw latin-1 name", "Ren\xe9e <r@x.fr>", []nameAddr{{"Renée", "r@x.fr"}}, false},
		{"null sender with name", "MAILER-DAEMON <>", []nameAddr{{"MAILER-DAEMON", ""}}, true},
		{"local part only", "Mail Delivery Subsystem <MAILER-DAEMON>", []nameAddr{{"Mail Delivery Subsystem", "mailer-daemon"}}, true},
		{"lone word", "mailer-daemon", []nameAddr{{"", "mailer-daemon"}}, true},
		{"missing brackets", "Jean Dupont j@x.fr", []nameAddr{{"Jean Dupont", "j@x.fr"}}, true},
		{"name only", "Service client", []nameAddr{{"Service client", ""}}, true},
		{"empty group", "undisclosed-recipients:;", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &parser{m: &Message{}}
			var h textproto.Header
			h.Add("To", tt.raw)
			list := p.addressList(h, "To")
			var got []nameAddr
			for _, a := range list {
				got = append(got, nameAddr{a.Name, a.Address})
				if a.Lenient != tt.problem {
					t.Errorf("%+v: Lenient %v, want %v: only a strict parse may be trusted", a, a.Lenient, tt.problem)
				}
			}
			if !slices.Equal(got, tt.want) || (len(p.m.Problems) > 0) != tt.problem {
				t.Errorf("got %+v (problems %q), want %+v (problem %v)", got, p.m.Problems, tt.want, tt.problem)
			}
		})
	}
}

func TestFilename(t *testing.T) {
	tests := []struct{ name, disposition, contentType, want string }{
		{"disposition first", `attachment; filename="a.pdf"`, `application/pdf; name="b.pdf"`, "a.pdf"},
		{"content-type name", `attachment`, `application/pdf; name="b.pdf"`, "b.pdf"},
		{"rfc 2231 utf-8", `attachment; filename*=UTF-8''%C3%A9t%C3%A9.pdf`, "application/pdf", "été.pdf"},
		{"rfc 2231 latin-1", `attachment; filename*=iso-8859-1'fr'%E9t%E9.pdf`, "application/pdf", "été.pdf"},
		{"rfc 2047 in quotes", `attachment; filename="=?utf-8?B?w6l0w6kucGRm?="`, "application/pdf", "été.pdf"},
		{"unquoted 8-bit", "attachment; filename=\xe9t\xe9.pdf;", "application/pdf", "été.pdf"},
		{"none", "inline", "image/png", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &parser{m: &Message{}}
			var h textproto.Header
			h.Add("Content-Disposition", tt.disposition)
			h.Add("Content-Type", tt.contentType)
			disp := p.parseParamField(h, "Content-Disposition", "test")
			ct := p.parseContentType(h, "text/plain", "test")
			if got := filename(h, disp, ct); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidUTF8(t *testing.T) {
	tests := []struct{ in, want string }{
		{"déjà", "déjà"},
		{"d\xe9j\xe0", "déjà"},
		{"\x9c\x92\x96", "œ’–"},
		{"mixé d\xe9", "mixé dé"},
	}
	for _, tt := range tests {
		if got := validUTF8(tt.in); got != tt.want {
			t.Errorf("validUTF8(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGetOnEmptyMessage(t *testing.T) {
	var m Message
	if got := m.Get("Subject"); got != "" {
		t.Errorf("got %q, want empty", got)
	}
	m2 := Parse(strings.NewReader("subject: Bonjour\n\n"))
	if got := m2.Get("SUBJECT"); got != "Bonjour" {
		t.Errorf("got %q, want %q", got, "Bonjour")
	}
}
