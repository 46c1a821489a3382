package sessiondate

import (
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzFind checks that no text makes Find panic or return a date that is
// not a civil date.
func FuzzFind(f *testing.F) {
	seeds := []struct{ subject, written, quoted string }{
		{"session du 14/03/2027", "", ""},
		{"", "session du 3 au 5 mai, S15, sem. 15, 1er juin", "> Le 17/02/2027 à 13:55, X a écrit :"},
		{"", "session n° 2027-0412 du 01.02.03.04.05", "Envoyé : lundi 8 mars 2027 16:20"},
		{"", "la session passe du 31/05/2027 au lundi 14/06/2027", ""},
		{"", "session semaine 53 de 2026 et 29 février", "\n\n>\n> session\n"},
		{"", "session du 28 décembre au 3 janvier 2028", "session 99/99/9999 session 1er"},
		{"\xff\xfe", "session \u00a0du 14\u00a014 juin", "SESSION DU 7 DÉCEMBRE ŒUVRE"},
		{"session lundi 22", "session demain, ce vendredi, lundi prochain", "session le mardi de la semaine prochaine"},
		{"", "session lun. 31 et lundi 9 h 30, ce ", "session après-demain aujourd'hui hier avant-hier"},
	}
	for _, s := range seeds {
		f.Add(s.subject, s.written, s.quoted)
	}
	ref := time.Date(2027, 3, 10, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, subject, written, quoted string) {
		d, reason, ok := Find(subject, written, quoted, ref)
		if !ok {
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Year() < 2000 || d.Year() > 2099 {
			t.Errorf("got %v, want a civil date between 2000 and 2099", d)
		}
		if reason == "" || !utf8.ValidString(reason) && utf8.ValidString(subject+written+quoted) {
			t.Errorf("got reason %q, want a readable reason", reason)
		}
	})
}
