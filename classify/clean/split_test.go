package clean

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name                string
		in                  string
		wantNew, wantQuoted string // substrings that must be present
		notNew              string // substring that must not be in newText
	}{
		{
			name:       "gmail attribution wrapped over two lines",
			in:         "Bonjour,\nRien reçu à ce jour.\nMerci\n\nLe jeu. 22 avr. 2027 à 11:05, Epreuves BTP <epreuves-btp@afpa.fr> a\nécrit :\n> Les plis ont été expédiés.\n",
			wantNew:    "Rien reçu à ce jour.",
			wantQuoted: "> Les plis ont été expédiés.",
			notNew:     "expédiés",
		},
		{
			name:       "english attribution",
			in:         "Thanks, noted.\n\nOn Mon, 3 May 2027 at 10:17, GEV <gev@example.org> wrote:\n> Session cancelled.\n",
			wantNew:    "Thanks, noted.",
			wantQuoted: "Session cancelled.",
			notNew:     "cancelled",
		},
		{
			name:       "outlook block with non-breaking spaces",
			in:         "Merci, c'est noté.\n\nDe\u00a0: Epreuves CCP <epreuves-ccp@afpa.fr>\nEnvoyé\u00a0: mardi 4 mai 2027 10:17\nÀ\u00a0: Centre\nObjet\u00a0: RE: Annulation session\n\nLa session est annulée.",
			wantNew:    "c'est noté",
			wantQuoted: "La session est annulée.",
			notNew:     "annulée",
		},
		{
			name:       "outlook english block after underscore rule",
			in:         "Please see below.\n\n________________________________\nFrom: Someone <a@b.c>\nSent: Monday\nTo: x@y.z\nSubject: Plis\n\nOld text",
			wantNew:    "Please see below.",
			wantQuoted: "Old text",
			notNew:     "Old text",
		},
		{
			name:       "message d'origine separator",
			in:         "Je relance ma question.\n\n-----Message d'origine-----\nDe : moi\nObjet : question\n\nQuelle épaisseur ?",
			wantNew:    "Je relance ma question.",
			wantQuoted: "Quelle épaisseur ?",
			notNew:     "épaisseur",
		},
		{
			name:    "bare forward takes the forwarded text",
			in:      "\n\n-------- Message transféré --------\nSujet : Annulation\nDe : DDETS\n\nLa session du 08/06/2027 est annulée.",
			wantNew: "La session du 08/06/2027 est annulée.",
		},
		{
			name:       "forward with a real message keeps it apart",
			in:         "Bonjour, la DDETS confirme ci-dessous l'annulation de notre session et nous avons déjà reçu les plis, que faut-il faire ?\n\n---------- Forwarded message ---------\nDe : DDETS\n\nAnnulation enregistrée.",
			wantNew:    "que faut-il faire ?",
			wantQuoted: "Annulation enregistrée.",
			notNew:     "enregistrée",
		},
		{
			name:       "bottom posting below a chevron quote",
			in:         "Le 3 mai 2027 à 16:02, GEV <gev@afpa.fr> a écrit :\n> Pouvez-vous confirmer ?\n\nOui, la session est maintenue.\n",
			wantNew:    "Oui, la session est maintenue.",
			wantQuoted: "> Pouvez-vous confirmer ?",
			notNew:     "confirmer",
		},
		{
			name:    "signature after delimiter dropped",
			in:      "La session est annulée.\n\n-- \nJean Dupont\nCentre des Métiers\n01 02 03 04 05",
			wantNew: "La session est annulée.",
			notNew:  "Jean Dupont",
		},
		{
			name:    "iphone footer dropped",
			in:      "Bien reçu merci\n\nEnvoyé de mon iPhone",
			wantNew: "Bien reçu merci",
			notNew:  "iPhone",
		},
		{
			name:    "disclaimer dropped",
			in:      "Nos plis ne sont pas arrivés.\n\nCe message et ses pièces jointes sont confidentiels et destinés exclusivement à leurs destinataires.",
			wantNew: "Nos plis ne sont pas arrivés.",
			notNew:  "confidentiels",
		},
		{
			name:    "closing and signature dropped",
			in:      "Bonjour,\n\nPouvez-vous nous envoyer la grille ?\n\nMerci et bonne journée,\n\nFatima\nAssistante\n04 00 00 00 00",
			wantNew: "Pouvez-vous nous envoyer la grille ?",
			notNew:  "Assistante",
		},
		{
			name:    "closing followed by a question is body",
			in:      "Cordialement,\nune dernière chose : faut-il refaire la demande ?",
			wantNew: "faut-il refaire la demande ?",
		},
		{
			name:    "thanks alone is kept",
			in:      "Merci !\n\nNathalie",
			wantNew: "Merci !",
		},
		{
			name:    "closing does not cut a long body",
			in:      "Cordialement,\n" + strings.Repeat("Ligne de texte du message qui continue longuement.\n", 14),
			wantNew: "Ligne de texte",
		},
		{
			name:       "outlook block flattened on one line by an HTML conversion",
			in:         "Bien reçu, merci.\nDe : GEV Envoyé : lundi 4 octobre 2027 Objet : Plis\nLes plis partent demain.",
			wantNew:    "Bien reçu, merci.",
			wantQuoted: "Les plis partent demain.",
			notNew:     "partent",
		},
		{
			name:    "no quote at all",
			in:      "Notre session est reportée au 14/06/2027.",
			wantNew: "Notre session est reportée au 14/06/2027.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotNew, gotQuoted := Split(tt.in)
			if !strings.Contains(gotNew, tt.wantNew) {
				t.Errorf("newText = %q, want it to contain %q", gotNew, tt.wantNew)
			}
			if tt.wantQuoted != "" && !strings.Contains(gotQuoted, tt.wantQuoted) {
				t.Errorf("quoted = %q, want it to contain %q", gotQuoted, tt.wantQuoted)
			}
			if tt.notNew != "" && strings.Contains(gotNew, tt.notNew) {
				t.Errorf("newText = %q, want no %q", gotNew, tt.notNew)
			}
		})
	}
}

func TestTrivial(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Pour info, voir ci-dessous.", true},
		{"", true},
		{"Bonjour, la DDETS confirme ci-dessous l'annulation de notre session du 8 juin, nous avons déjà les plis.", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Trivial(tt.in); got != tt.want {
				t.Errorf("Trivial(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitBottomPostedSignature(t *testing.T) {
	in := "Le 3 mai 2027 à 16:02, GEV <gev@afpa.fr> a écrit :\n> Pouvez-vous confirmer ?\n\nOui, la session est maintenue.\n\nCordialement,\nJean Martin\nCentre X\n"
	got, _ := Split(in)
	if want := "Oui, la session est maintenue."; got != want {
		t.Errorf("newText = %q, want %q", got, want)
	}
}
