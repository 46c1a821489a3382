package classify

import (
	"strings"
	"testing"

	"mailbot/mailbot/mailmsg"
)

func TestPhishing(t *testing.T) {
	tests := []struct {
		name, subject, body string
		want                bool
	}{
		{"account to revalidate through a foreign link", "Votre espace organisme",
			"Bonjour,\nVotre mot de passe expire aujourd'hui. Merci de confirmer vos identifiants ici : https://portail-organismes.example.net/auth sans quoi votre compte sera désactivé.\nLe support", true},
		{"the same on a gouv.fr link", "Votre espace organisme",
			"Bonjour,\nVotre mot de passe expire aujourd'hui. Merci de confirmer vos identifiants ici : https://ceres.emploi.gouv.fr/auth sans quoi votre compte sera désactivé.", false},
		{"a centre whose account is blocked", "Compte CERES bloqué",
			"Bonjour,\nmon compte CERES est bloqué depuis hier, j'ai essayé de vérifier mon mot de passe sans succès. Que faire ?", false},
		{"a link without a threat", "Documentation",
			"Bonjour, pour confirmer : la notice de connexion est ici https://docs.example.org/ceres. Cordialement", false},
		{"a forward asking whether it is genuine", "TR: Vérifiez votre compte",
			"Est-ce vous ?\n\n-------- Message transféré --------\nVotre compte sera suspendu sous 48h : vérifiez vos identifiants sur https://verif.example.com", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := "From: x@somewhere.example\r\nSubject: " + tc.subject + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + tc.body + "\r\n"
			m := mailmsg.Parse(strings.NewReader(raw))
			why := phishing(readInput(m))
			if (why != "") != tc.want {
				t.Errorf("phishing = %q, want %v", why, tc.want)
			}
			if r := New(Options{}).Classify(t.Context(), m, "btp"); tc.want && (r.Category != Bulk || !r.Automated) {
				t.Errorf("classified %s (automated %v), want bulk, never answered", r.Category, r.Automated)
			}
		})
	}
}
