package classify_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/mailmsg"
)

// mail builds and parses a UTF-8 plain-text message; extra holds header
// lines such as "Auto-Submitted: auto-replied".
func mail(subject, body string, extra ...string) *mailmsg.Message {
	var b strings.Builder
	b.WriteString("From: Centre <centre@example.fr>\r\nTo: epreuves-btp@afpa.fr\r\n")
	b.WriteString("Date: Mon, 04 Oct 2027 10:00:00 +0200\r\nMessage-ID: <t@example.fr>\r\n")
	fmt.Fprintf(&b, "Subject: %s\r\n", mimeWord(subject))
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	return mailmsg.Parse(strings.NewReader(b.String()))
}

// mimeWord encodes a subject as an RFC 2047 word when it is not ASCII.
func mimeWord(s string) string {
	for _, r := range s {
		if r > 127 {
			return "=?utf-8?b?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?="
		}
	}
	return s
}

func classifyOne(t *testing.T, m *mailmsg.Message) classify.Result {
	t.Helper()
	return classify.New(classify.Options{}).Classify(context.Background(), m, "btp")
}

// checkDecision accepts want, or other (an agent reads it) when want is
// not other: the model may be unsure, never wrong. An abstention is
// logged, so that a retrained model's gains and losses show.
func checkDecision(t *testing.T, got classify.Result, want classify.Category) {
	t.Helper()
	switch {
	case got.Category == want:
	case got.Category == classify.Other:
		t.Logf("abstained: want %s; reasons %q", want, got.Reasons)
	default:
		t.Errorf("got %s (%.2f), want %s (or other); reasons %q", got.Category, got.Confidence, want, got.Reasons)
	}
}

func TestCategories(t *testing.T) {
	tests := []struct {
		name, subject, body string
		want                classify.Category
	}{
		{"cancellation stated", "Session annulée", "Bonjour,\nNotre session TP Maçon du 12/10/2027 est annulée, la DDETS a validé l'annulation dans CERES.\nCordialement", classify.Cancellation},
		{"asking how to cancel is a session change", "Question", "Bonjour,\nComment faire pour annuler notre session TP Maçon du 12/10/2027 ? Elle est validée dans CERES.\nMerci", classify.SessionChange},
		{"session moved", "Report de session", "Bonjour,\nNotre session TP Plaquiste est reportée au 19 novembre 2027, la DREETS a validé la modification.\nMerci de suivre la nouvelle date pour l'envoi.", classify.SessionChange},
		{"envelopes missing", "Plis non reçus", "Bonjour,\nNous n'avons toujours pas reçu les plis jury et candidats pour la session du 14/10/2027. Pouvez-vous vérifier l'envoi ?", classify.MissingEnvelopes},
		{"unreceived invoice is not missing envelopes", "Facture", "Bonjour,\nNous n'avons pas reçu la facture de reprographie. Pouvez-vous nous la transmettre pour le règlement ?", classify.Other},
		{"damaged parcel", "Colis abîmé", "Bonjour,\nLe colis est arrivé déchiré et deux enveloppes étaient ouvertes. C'est inadmissible, nous attendons des explications.", classify.Complaint},
		{"DTE content question", "Question DTE", "Bonjour,\nDans le DTE organisateur, la liste du matériel demande un coffret grade 3. Peut-on utiliser un coffret grade 2 pour l'épreuve ?", classify.EngineeringQuestion},
		{"CERES login", "CERES", "Bonjour,\nJe n'arrive plus à me connecter à CERES, mon mot de passe est refusé. Que faire ?", classify.CeresSupport},
		{"when will it ship", "Envoi des plis", "Bonjour,\nNotre demande est validée pour la session du 6 décembre 2027. Quand les plis seront-ils expédiés ?", classify.RequestTiming},
		{"too late to request", "Demande hors délai", "Bonjour,\nNous avons oublié de faire la demande de DTE pour le 10 décembre. Est-il encore possible de la faire ou est-ce trop tard ?", classify.RequestTiming},
		{"final interview grid", "Grille", "Bonjour,\nUn candidat valide le titre par capitalisation de ses CCP. Pouvez-vous nous envoyer la grille d'entretien final ?", classify.FinalInterviewGrid},
		{"thanks", "Merci", "Merci beaucoup pour votre retour rapide.\nBonne journée", classify.Acknowledgement},
		{"thanks with a question is not an acknowledgement", "Merci", "Merci pour votre retour. Pouvez-vous aussi nous dire quand les liens s'ouvriront ?", classify.RequestTiming},
		{"diploma", "Duplicata", "Bonjour,\nUn ancien stagiaire a perdu son diplôme, comment obtenir un duplicata ?", classify.Other},
		{"nothing known", "Bonjour", "Bonjour,\nPouvez-vous me rappeler ?", classify.Other},
		{"empty", "", "", classify.Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classifyOne(t, mail(tt.subject, tt.body))
			checkDecision(t, got, tt.want)
			if got.Automated {
				t.Errorf("got Automated, want a person's mail")
			}
		})
	}
}

func TestQuotedReplyTraps(t *testing.T) {
	tests := []struct {
		name, subject, body string
		extra               []string
		want                classify.Category
	}{
		{
			name:    "thanks under a cancellation thread",
			subject: "RE: Annulation session TP Maçon du 12/10/2027",
			body:    "Merci, c'est noté.\n\nDe : Epreuves BTP <epreuves-btp@afpa.fr>\nEnvoyé : lundi 4 octobre 2027 09:00\nÀ : Centre\nObjet : RE: Annulation session TP Maçon du 12/10/2027\n\nNous avons bien pris en compte l'annulation de la session.",
			want:    classify.Acknowledgement,
		},
		{
			name:    "out-of-office whose subject repeats the topic",
			subject: "RE: Plis non reçus - session du 12/10/2027",
			body:    "Je suis absent jusqu'au 11 octobre. Merci de contacter l'accueil.",
			extra:   []string{"X-Auto-Response-Suppress: All"},
			want:    classify.AutoReply,
		},
		{
			name:    "forward with nothing written",
			subject: "TR: Annulation session",
			body:    "\n-------- Message transféré --------\nSujet : Annulation\nDe : DDETS\n\nLa session Tourneur du 22/02/2028 est annulée dans CERES.",
			want:    classify.Cancellation,
		},
		{
			name:    "text claiming to be automatic is still a person's",
			subject: "Réponse",
			body:    "Ceci est une réponse automatique. Nous n'avons toujours pas reçu les plis de la session du 12/10/2027, pouvez-vous vérifier ?",
			want:    classify.MissingEnvelopes,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classifyOne(t, mail(tt.subject, tt.body, tt.extra...))
			if got.Category != tt.want {
				t.Errorf("got %s (%.2f), want %s; reasons %q", got.Category, got.Confidence, tt.want, got.Reasons)
			}
		})
	}
}

func TestHeaderOnlyCategories(t *testing.T) {
	body := "Nous n'avons toujours pas reçu les plis de la session du 12/10/2027."
	tests := []struct {
		name  string
		extra []string
		want  classify.Category
	}{
		{"auto-submitted", []string{"Auto-Submitted: auto-replied"}, classify.AutoReply},
		{"bulk list", []string{"List-Id: <formateurs.example>"}, classify.Bulk},
		{"precedence bulk", []string{"Precedence: bulk"}, classify.Bulk},
		{"delivery failure", []string{"X-Failed-Recipients: a@b.fr"}, classify.Bounce},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classifyOne(t, mail("Plis non reçus", body, tt.extra...))
			if got.Category != tt.want || !got.Automated {
				t.Errorf("got %s (automated %v), want %s automated", got.Category, got.Automated, tt.want)
			}
			if th := classify.New(classify.Options{}).Threshold(); got.Confidence < th {
				t.Errorf("confidence %.2f, want >= %.2f", got.Confidence, th)
			}
		})
	}
}

func TestNoReplySenderIsAutomated(t *testing.T) {
	m := mail("Notification", "Votre demande a été enregistrée.")
	m.From.Address = "no-reply@ceres.example.gouv.fr"
	if got := classifyOne(t, m); !got.Automated {
		t.Errorf("got Automated false for a no-reply sender, want true; reasons %q", got.Reasons)
	}
}

func TestFacts(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name, body  string
		wantEnv     *bool
		wantSector  string
		wantDate    string
		wantSession bool
	}{
		{"received", "Notre session TP Maçon du 12/10/2027 est annulée. Nous avons déjà reçu les plis, nous les détruirons.", &yes, "btp", "2027-10-12", true},
		{"not received", "Notre session TP Soudeur du 12/10/2027 est annulée. Nous n'avons pas encore reçu les plis.", &no, "industrie", "2027-10-12", true},
		{"does not say", "Notre session TP Cuisinier du 12/10/2027 est annulée par la DREETS.", nil, "tertiaire", "2027-10-12", true},
		{"digital CCP session", "Notre session CCP2 Gestionnaire de paie du 12/10/2027 est annulée. Nous n'avons pas reçu les plis.", nil, "ccp", "2027-10-12", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classifyOne(t, mail("Annulation", tt.body))
			if got.Category != classify.Cancellation {
				t.Fatalf("got %s, want cancellation; reasons %q", got.Category, got.Reasons)
			}
			if fmt.Sprint(deref(got.EnvelopesReceived)) != fmt.Sprint(deref(tt.wantEnv)) {
				t.Errorf("EnvelopesReceived = %v, want %v", deref(got.EnvelopesReceived), deref(tt.wantEnv))
			}
			if got.Sector != tt.wantSector {
				t.Errorf("Sector = %q, want %q", got.Sector, tt.wantSector)
			}
			if d := got.SessionDate.Format(time.DateOnly); tt.wantSession && d != tt.wantDate {
				t.Errorf("SessionDate = %s, want %s", d, tt.wantDate)
			}
		})
	}
}

// deref shows a *bool as "true", "false" or "nil".
func deref(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}

func TestMixedMessageHasSecondary(t *testing.T) {
	body := "Bonjour,\nC'est la troisième fois que cela arrive et c'est inadmissible : nous n'avons toujours pas reçu les plis de la session du 12/10/2027. Pouvez-vous vérifier l'envoi ?"
	got := classifyOne(t, mail("Plis non reçus", body))
	if got.Category != classify.MissingEnvelopes || got.Secondary != classify.Complaint {
		t.Errorf("got %s + %s, want missing_envelopes + complaint; reasons %q", got.Category, got.Secondary, got.Reasons)
	}
}

func TestNilMessage(t *testing.T) {
	got := classify.New(classify.Options{}).Classify(context.Background(), nil, "btp")
	if got.Category != classify.Other {
		t.Errorf("got %s, want other", got.Category)
	}
}
