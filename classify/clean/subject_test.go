package clean

import "testing"

func TestSubjectInfo(t *testing.T) {
	tests := []struct {
		in             string
		want           string
		reply, forward bool
	}{
		{"RE: Annulation session", "Annulation session", true, false},
		{"Re : RE: Durée épreuve", "Durée épreuve", true, false},
		{"TR: Annulation session TP ADVF", "Annulation session TP ADVF", false, true},
		{"Fwd: FW: Plis", "Plis", false, true},
		{"RE: TR: Plis", "Plis", true, true},
		{"[EXT] Re: question DTE", "question DTE", true, false},
		{"Réf\u00a0: dossier 12", "dossier 12", true, false},
		{"AW: Termin", "Termin", true, false},
		{"RE[2]: Liens CCP", "Liens CCP", true, false},
		{"Report session", "Report session", false, false},
		{"Retour des plis", "Retour des plis", false, false},
		{"Trop tard ?", "Trop tard ?", false, false},
		{"", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, reply, forward := SubjectInfo(tt.in)
			if got != tt.want || reply != tt.reply || forward != tt.forward {
				t.Errorf("SubjectInfo(%q) = %q, %v, %v, want %q, %v, %v", tt.in, got, reply, forward, tt.want, tt.reply, tt.forward)
			}
			if s := Subject(tt.in); s != tt.want {
				t.Errorf("Subject(%q) = %q, want %q", tt.in, s, tt.want)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Élève  ŒUVRE\n\tà   Noël", "eleve oeuvre a noel"},
		{"c’est noté\u00a0!", "c'est note !"},
		{"«\u202fplis\u202f» – reçus", `" plis " - recus`},
		{"  ", ""},
		{"a\u200bb", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
