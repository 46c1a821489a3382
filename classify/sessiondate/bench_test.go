package sessiondate

import (
	"strings"
	"testing"
)

// A typical reply: a few paragraphs above an Outlook-quoted mail.
var benchMail = strings.Repeat("Bonjour,\nNous avons une session TP Maçon le mardi 18 mai 2027, demande faite le 2 mars.\n"+
	"Les plis ne sont pas arrivés. Merci de vérifier l'envoi du 22 avril.\n\nCordialement,\nX\n04.65.71.08.19\n", 8)

func BenchmarkFind(b *testing.B) {
	for _, size := range []struct {
		name string
		text string
	}{{"3KB", benchMail}, {"200KB", strings.Repeat(benchMail, 70)}} {
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(size.text)))
			for b.Loop() {
				Find("RE: session du 18/05", size.text, size.text, wed)
			}
		})
	}
}
