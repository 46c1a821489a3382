package classify

import (
	"testing"

	"mailbot/classify/clean"
)

func TestPlisStatus(t *testing.T) {
	tests := []struct {
		text    string
		digital bool
		want    PlisStatus
	}{
		// Said to be there.
		{"Nous avons déjà reçu les plis, nous les détruirons.", false, PlisReceived},
		{"Les enveloppes sont arrivées lundi à l'accueil.", false, PlisReceived},
		{"Le colis est bien arrivé mais le lien ZO ne s'ouvre pas.", false, PlisReceived},
		{"Les plis sont bien arrivés, mais nous n'avons pas reçu le mail avec le lien organisateur.", false, PlisReceived},
		{"Les plis jury et candidats reçus la semaine dernière sont sous clé.", false, PlisReceived},
		// Said not to be there.
		{"Nous n'avons pas encore reçu les plis.", false, PlisNotReceived},
		{"Merci de ne pas procéder à l'expédition des DTE.", false, PlisNotReceived},
		{"Plis non reçus à ce jour.", false, PlisNotReceived},
		{"Nous n'avons reçu aucun pli pour cette session.", false, PlisNotReceived},
		{"Nous n'avons reçu aucun des plis annoncés.", false, PlisNotReceived},
		{"Nous n'avons jamais reçu les enveloppes.", false, PlisNotReceived},
		{"Toujours rien au courrier ce matin.", false, PlisNotReceived},
		{"Les colis ne nous sont toujours pas parvenus.", false, PlisNotReceived},
		{"Nous ne les avons toujours pas reçus.", false, PlisNotReceived},
		{"Nous n'avons pas encore reçu.", false, PlisNotReceived},
		// The centre does not know.
		{"Je ne sais pas si les plis sont arrivés, ma collègue est absente.", false, PlisUnsure},
		{"Nous ne sommes pas en mesure de dire si les plis nous sont parvenus.", false, PlisUnsure},
		{"J'ignore si le colis a été livré à notre antenne.", false, PlisUnsure},
		{"Je ne suis pas sûre que les enveloppes soient arrivées.", false, PlisUnsure},
		{"Je n'ai pas pu vérifier si nous avons reçu les plis.", false, PlisUnsure},
		{"Nous ignorons si les plis sont partis.", false, PlisUnsure},
		// A later sentence that knows wins over the doubt.
		{"Je ne savais pas si les plis étaient arrivés. Après vérification, nous avons bien reçu les plis.", false, PlisReceived},
		// Part of them, or nothing said.
		{"Nous avons reçu les plis candidats mais pas encore reçu les plis jury.", false, PlisUnknown},
		{"La session est annulée par la DREETS.", false, PlisUnknown},
		{"Je ne sais pas si la salle sera libre.", false, PlisUnknown},
		// A digital CCP session has no plis.
		{"Nous n'avons pas reçu les plis.", true, PlisUnknown},
		{"Merci de désactiver les liens.", false, PlisUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, why := plisStatus(facts.Scan(clean.Normalize(tt.text)), tt.digital)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if (got == PlisUnknown) != (why == "") {
				t.Errorf("reason %q does not fit %q", why, got)
			}
		})
	}
}

func TestPlisStatusReceived(t *testing.T) {
	for s, want := range map[PlisStatus]string{PlisReceived: "true", PlisNotReceived: "false", PlisUnsure: "nil", PlisUnknown: "nil"} {
		got := "nil"
		if v := s.Received(); v != nil {
			got = map[bool]string{true: "true", false: "false"}[*v]
		}
		if got != want {
			t.Errorf("%q.Received(): got %s, want %s", s, got, want)
		}
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct{ text, want string }{
		{"DTE TP Maçon, pas de CCP : les plis ne sont pas arrivés.", kindTP},
		{"Session du titre professionnel Soudeur : colis manquant.", kindTP},
		{"Le lien jury ne fonctionne pas pour notre session.", kindCCP},
		{"Session CCP 2 : les liens ne s'ouvrent pas.", kindCCP},
		{"Liens DTE CCP inaccessibles.", kindCCP},
		{"Notre session CCP n°1 est annulée.", kindCCP},
		{"CCP1 du TP Plombier : lien jury inactif.", ""},
		{"Validation du titre par capitalisation des CCP : grille d'entretien final.", ""},
		{"Bonjour, une question sur notre session.", ""},
		{"Session maçon du 12 mai.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, why := kindOf(scanFacts(clean.Normalize(tt.text)))
			if got != tt.want {
				t.Errorf("got %q (%s), want %q", got, why, tt.want)
			}
			if (got == "") != (why == "") {
				t.Errorf("reason %q does not fit %q", why, got)
			}
		})
	}
	if got, _ := kindOf(scanFacts("bonjour"), scanFacts(clean.Normalize("> les plis du TP Peintre"))); got != kindTP {
		t.Errorf("kindOf falls back to the quoted text: got %q, want tp", got)
	}
}

func TestSectorOf(t *testing.T) {
	tests := []struct{ in, kind, want string }{
		{"session tp macon du 12/10", kindTP, "btp"},
		{"session tp soudeur", kindTP, "industrie"},
		{"session tp cuisinier", kindTP, "tertiaire"},
		{"session de validation du ccp2 assistant commercial", kindCCP, "ccp"},
		{"candidat qui valide le titre electrotechnicien par capitalisation de ses ccp", "", "industrie"},
		{"une question sur les ccp", "", "ccp"},
		{"bonjour, une question", "", ""},
		{"macon et soudeur", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := sectorOf(tt.kind, scanFacts(tt.in)); got != tt.want {
				t.Errorf("sectorOf(%q, %q) = %q, want %q", tt.kind, tt.in, got, tt.want)
			}
		})
	}
	if got := sectorOf("", scanFacts("bonjour"), scanFacts("session tp peintre")); got != "btp" {
		t.Errorf("sectorOf falls back to the quoted text: got %q, want btp", got)
	}
}

func TestLinkOf(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Le lien jury ne fonctionne pas.", LinkJury},
		{"Le lien du DTE organisateur n'est pas encore actif.", LinkOrganiser},
		{"L'accès aux DTE candidats renvoie une erreur.", LinkCandidates},
		{"Les liens jury et candidats ne s'ouvrent pas.", LinkJury},
		{"Ni le lien organisateur ni le lien jury ne s'ouvrent.", ""},
		{"Les liens ne fonctionnent pas.", ""},
		{"Nous n'avons pas reçu le DTE pour nos candidats.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := linkOf(facts.Scan(clean.Normalize(tt.text))); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
