package classify

import (
	"fmt"
	"testing"
)

func TestSectorOf(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"session tp macon du 12/10", "btp"},
		{"session tp soudeur", "industrie"},
		{"session tp cuisinier", "tertiaire"},
		{"session de validation du ccp2 assistant commercial", "ccp"},
		{"liens dte ccp", "ccp"},
		{"candidat qui valide le titre electrotechnicien par capitalisation de ses ccp", "industrie"},
		{"bonjour, une question", ""},
		{"macon et soudeur", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := sectorOf(tt.in); got != tt.want {
				t.Errorf("sectorOf(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := sectorOf("bonjour", "session tp peintre"); got != "btp" {
		t.Errorf("sectorOf falls back to the quoted text: got %q, want btp", got)
	}
}

func TestEnvelopesFor(t *testing.T) {
	tests := []struct {
		in, sector, want string
	}{
		{"nous avons deja recu les plis, nous les detruirons.", "btp", "true"},
		{"les enveloppes sont arrivees lundi.", "btp", "true"},
		{"nous n'avons pas encore recu les plis.", "btp", "false"},
		{"merci de ne pas proceder a l'expedition des dte.", "industrie", "false"},
		{"plis non recus a ce jour.", "btp", "false"},
		{"nous avons recu les plis candidats mais pas encore recu les plis jury.", "btp", "nil"},
		{"je ne sais pas si les plis sont partis.", "btp", "nil"},
		{"nous n'avons pas recu les plis.", "ccp", "nil"},
		{"merci de desactiver les liens.", "", "nil"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, why := envelopesFor(tt.in, tt.sector)
			got := "nil"
			if v != nil {
				got = fmt.Sprint(*v)
			}
			if got != tt.want {
				t.Errorf("envelopesFor(%q, %q) = %s, want %s", tt.in, tt.sector, got, tt.want)
			}
			if (v == nil) != (why == "") {
				t.Errorf("reason %q does not fit %s", why, got)
			}
		})
	}
}
