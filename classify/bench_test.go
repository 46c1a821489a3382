package classify_test

import (
	"context"
	"strings"
	"testing"

	"mailbot/classify"
)

// BenchmarkClassify measures one decision on a typical quoted reply and on
// a message padded to the reading limits.
func BenchmarkClassify(b *testing.B) {
	reply := mail("RE: Plis non reçus - session du 12/10/2027",
		"Bonjour,\nNous n'avons toujours pas reçu les plis jury. Pouvez-vous vérifier ?\nCordialement,\nX\n\n"+
			"Le 4 oct. 2027 à 10:00, GEV <gev@afpa.fr> a écrit :\n> Les plis ont été expédiés le 28 septembre.\n")
	long := mail("Question", strings.Repeat("Dans le DTE organisateur la liste du matériel indique un coffret. ", 2000))
	c := classify.New(classify.Options{})
	for _, bc := range []struct {
		name string
		m    any
	}{{"reply", reply}, {"long", long}} {
		b.Run(bc.name, func(b *testing.B) {
			m := reply
			if bc.name == "long" {
				m = long
			}
			for b.Loop() {
				c.Classify(context.Background(), m, "btp")
			}
		})
	}
}
