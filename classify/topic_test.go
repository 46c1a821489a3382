package classify

import "testing"

func TestHasTopic(t *testing.T) {
	tests := []struct {
		name, subject, text string
		want                bool
	}{
		{"exam file", "Question", "Bonjour, nous n'avons pas reçu le DTE de la session.", true},
		{"candidates, accented", "Épreuve de mai", "Deux candidats seront absents.", true},
		{"our reference", "Re: [GEV-7K2Q9M] suite", "Merci.", true},
		{"session with a date", "Session du 14/03", "Pouvez-vous confirmer ?", true},
		{"phishing: mailbox full", "Votre boîte aux lettres est pleine", "Cliquez sur ce lien pour valider votre compte avant 24 h.", false},
		{"phishing: parcel", "Votre colis est en attente", "Des frais de livraison de 1,99 € sont à régler.", false},
		{"phishing: expired session", "Session expirée", "Votre session a expiré, reconnectez-vous.", false},
		{"advertising", "-50 % sur les imprimantes", "Offre réservée aux professionnels, jusqu'à dimanche.", false},
		{"phishing: account validation", "Validation requise", "Validation de votre compte de messagerie nécessaire.", false},
		{"final interview grid", "Grille d'évaluation", "La grille d'évaluation du jury manque.", true},
		{"empty", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := HasTopic(tc.subject, tc.text); got != tc.want {
				t.Errorf("HasTopic(%q, %q) = %v, want %v", tc.subject, tc.text, got, tc.want)
			}
		})
	}
}
