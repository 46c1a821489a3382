package classify

import (
	"strings"
	"testing"

	"mailbot/mailbot/mailmsg"
)

func readMail(subject, body string) reading {
	raw := "From: c@centre.example\r\nTo: epreuves-btp@afpa.fr\r\nSubject: " + subject +
		"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n")
	return read(mailmsg.Parse(strings.NewReader(raw)))
}

// TestAcknowledgementRule: thanks or receipt alone is an acknowledgement;
// a problem, a question, a request, a negated receipt or a long report
// with a thank-you at the end is not.
func TestAcknowledgementRule(t *testing.T) {
	tests := []struct {
		name, subject, body string
		ack                 bool
	}{
		{"thanks", "RE: Plis", "Merci beaucoup pour votre réponse rapide.\nBonne journée", true},
		{"receipt", "Plis", "Bonjour,\nBien reçu les plis ce matin, merci.\nCordialement", true},
		{"receipt and passing on", "RE: Grille", "C'est noté, merci. Je transmets au jury.", true},
		{"question", "RE: Plis", "Merci pour votre retour. Et les liens ?", false},
		{"request", "RE: Plis", "Merci pour votre retour. Pouvez-vous renvoyer le bordereau", false},
		{"please do", "Adresse", "Bonjour, notre adresse change : merci d'écrire désormais au secrétariat.", false},
		{"sign-off under a problem", "Colis", "Le colis est arrivé déchiré. Merci de votre aide.", false},
		{"negated receipt", "Plis", "Je ne sais pas si les plis sont bien arrivés. Merci.", false},
		{"only a sign-off", "Plis", "Merci d'avance.", false},
		{"fresh subject states a problem", "Plis non reçus", "Merci.", false},
		{"long report", "Info", "Merci pour votre retour. Le jury se réunira dans la grande salle du bâtiment B avec les formateurs du plateau technique, les candidats arriveront à huit heures et repartiront après les entretiens individuels.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := readMail(tt.subject, tt.body)
			why := r.notAcknowledgement()
			if (why == "") != tt.ack {
				t.Errorf("acknowledgement = %v (%q), want %v", why == "", why, tt.ack)
			}
		})
	}
}
