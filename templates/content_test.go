package templates

import (
	"strings"
	"testing"
	"time"
)

// TestContent checks the facts each outcome must state, in the text part,
// for the data variants the golden files do not show.
func TestContent(t *testing.T) {
	late := SampleData()
	late.RequestTooLate = true
	ccpChange := sampleCCP()
	oneDay := SampleData()
	oneDay.WorkingDaysWaiting = 1
	noNames := SampleData()
	noNames.EngineerNames = nil
	march14 := SampleData()
	march14.SessionDate = time.Date(2027, time.March, 14, 0, 0, 0, 0, time.UTC)

	tests := []struct {
		label, name string
		data        Data
		want, not   []string
	}{
		{"TP timing", RequestTiming, SampleData(),
			[]string{"au plus tard le mardi 12/01/2027", "entre le 02/03/2027 et le 09/03/2027", "3 mois et 1 jour"},
			[]string{"dépassé", "60 jours"}},
		{"CCP timing", RequestTiming, sampleCCP(),
			[]string{"12/01/2027", "à partir du vendredi 12/02/2027", "à partir du mardi 06/04/2027", "8h, 15h et 21h"},
			[]string{"5 à 6 semaines", "dépassé"}},
		{"late timing", RequestTiming, late,
			[]string{"le 12/01/2027", "Ce délai est dépassé."},
			[]string{"5 à 6 semaines", "60 jours", "jusqu'à"}},
		{"session date as 14/03/2027", RequestTiming, march14,
			[]string{"votre session du dimanche 14/03/2027"}, nil},
		{"CCP session change", SessionChange, ccpChange, []string{"DREETS/DDETS"}, []string{"plis"}},
		{"TP session change", SessionChange, SampleData(), []string{"DREETS/DDETS", "plis d'examen"}, nil},
		{"TP wait", MissingEnvelopesTPWait, SampleData(),
			[]string{"écrivez-nous à nouveau à partir du mardi 30/03/2027", "courriers indésirables", "entre le 02/03/2027 et le 09/03/2027"}, nil},
		{"TP wait, plis received", MissingEnvelopesTPWait, withPlis("received"),
			[]string{"un envoi de plis vous est parvenu", "Si un élément du DTE vous manque toujours"}, []string{"ne vous sont toujours pas parvenus"}},
		{"TP wait, unsure", MissingEnvelopesTPWait, withPlis("unsure"),
			[]string{"ne pas savoir si les plis d'examen vous sont parvenus", "pourriez-vous le vérifier"}, nil},
		{"TP urgent, not received", MissingEnvelopesTPUrgent, withPlis("not_received"),
			[]string{"les plis d'examen de votre session du mardi 13/04/2027 ne vous sont pas parvenus"}, []string{"pourriez-vous"}},
		{"TP urgent, not said", MissingEnvelopesTPUrgent, SampleData(),
			[]string{"concernant le DTE de votre session"}, []string{"ne vous sont pas parvenus", "pourriez-vous"}},
		{"TP urgent, received", MissingEnvelopesTPUrgent, withPlis("received"),
			[]string{"un envoi de plis vous est parvenu, mais un élément vous manque"}, []string{"ne vous sont pas parvenus"}},
		{"cancellation, unsure", CancellationAskPlis, withPlis("unsure"),
			[]string{"ne pas savoir si les plis d'examen vous sont parvenus"}, []string{"numéro de votre demande CERES"}},
		{"cancellation without a date asks for it", CancellationPlisReceived, sampleUndated(),
			[]string{"la date de la session et le numéro de votre demande CERES"}, nil},
		{"CCP cancellation has no plis", CancellationPlisNotReceived, sampleCCP(),
			[]string{"sans plis", "annulation des liens"}, []string{"plis d'examen ne vous"}},
		{"jury link not open, organiser open", MissingEnvelopesCCPNotYetOpen, ccpLink("jury", true, false, march10),
			[]string{"concernant les liens jury et candidats", "ils s'ouvriront le mardi 06/04/2027 à 8h", "accessible depuis le vendredi 12/02/2027 à 8h"}, []string{"devrait donc déjà être accessible"}},
		{"organiser link opens this morning", MissingEnvelopesCCPNotYetOpen, ccpLink("organiser", false, false, time.Date(2027, time.February, 12, 7, 30, 0, 0, time.FixedZone("CET", 3600))),
			[]string{"il s'ouvrira ce matin à 8h (le vendredi 12/02/2027)"}, []string{"depuis"}},
		{"no link named, between the openings", MissingEnvelopesCCPNotYetOpen, ccpLink("", true, false, march10),
			[]string{"accessible depuis le vendredi 12/02/2027 à 8h : il devrait donc déjà fonctionner", "ils s'ouvriront le mardi 06/04/2027 à 8h"}, nil},
		{"no link named, before both", MissingEnvelopesCCPNotYetOpen, ccpLink("", false, false, march10),
			[]string{"le lien du DTE organisateur s'ouvrira le vendredi 12/02/2027 à 8h, les liens jury et candidats le mardi 06/04/2027 à 8h"}, []string{"depuis"}},
		{"organiser link overdue", MissingEnvelopesCCPUrgent, ccpLink("organiser", true, false, march10),
			[]string{"Le lien du DTE organisateur est ouvert depuis le vendredi 12/02/2027 à 8h : il devrait donc déjà être accessible", "agent de l'Unité GEV"}, []string{"jury"}},
		{"candidates link overdue", MissingEnvelopesCCPUrgent, ccpLink("candidates", true, true, march10),
			[]string{"Le lien candidats est ouvert depuis le mardi 06/04/2027 à 8h"}, nil},
		{"CCP not open", MissingEnvelopesCCPNotYetOpen, sampleCCP(),
			[]string{"à partir du mardi 06/04/2027", "8h, 15h et 21h", "courriers indésirables"}, nil},
		{"CCP urgent", MissingEnvelopesCCPUrgent, sampleCCP(),
			[]string{"courriers indésirables", "agent de l'Unité GEV"}, nil},
		{"no date", MissingEnvelopesNoDate, sampleUndated(),
			[]string{"date de votre session", "numéro de votre demande CERES"}, []string{"/2027"}},
		{"CERES", CeresSupport, SampleData(),
			[]string{"https://assistance.emploi.gouv.fr", "« + Déposer une nouvelle demande »",
				"du lundi au vendredi, de 9h à 18h", "01 46 29 25 54", "choix 1"}, nil},
		{"grid", FinalInterviewGrid, SampleData(),
			[]string{"zone « commentaire »", "Grille Entretien Final du DTE TP visé", "équipe GEV"}, nil},
		{"plis received", CancellationPlisReceived, SampleData(),
			[]string{"destruction est sous votre responsabilité", "DREETS/DDETS"}, nil},
		{"engineering ack", EngineeringAck, SampleData(),
			[]string{"ingénieurs de formation", "telle quelle", "GEV-7K2Q", "vendredi de 8h30 à 12h"}, nil},
		{"reminder, one day", EngineeringReminder, oneDay, []string{"depuis 1 jour ouvré."}, []string{"jours ouvrés"}},
		{"forward, no names", EngineeringForward, noNames,
			[]string{"Bonjour,\n", "Reçu le : 01/03/2027 à 10h05", "Pouvons-nous utiliser des blocs béton ?\n"}, nil},
	}
	set := mustLoad(t, "")
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			r, err := set.Render(tt.name, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, r.Text)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(r.Text, n) {
					t.Errorf("text has %q:\n%s", n, r.Text)
				}
			}
		})
	}
}

func withPlis(plis string) Data {
	d := SampleData()
	d.Plis = plis
	return d
}

// march10 is 10 March 2027, 10:00 in Paris.
var march10 = time.Date(2027, time.March, 10, 10, 0, 0, 0, time.FixedZone("CET", 3600))

func ccpLink(link string, organiserOpen, juryOpen bool, now time.Time) Data {
	d := sampleCCP()
	d.Link, d.OrganiserLinkOpen, d.JuryLinkOpen, d.Now = link, organiserOpen, juryOpen, now
	return d
}

// TestHostileInput: what a centre writes is escaped in the HTML part, kept
// verbatim in the text part, and cannot break the subject onto a new header
// line.
func TestHostileInput(t *testing.T) {
	const script = "<script>alert(1)</script>"
	d := SampleData()
	d.OriginalSubject = script + "\r\nBcc: tiers@exemple.org"
	d.CentreName = script
	d.Question = "Question " + script
	set := mustLoad(t, "")
	for _, name := range set.Names() {
		t.Run(name, func(t *testing.T) {
			r, err := set.Render(name, d)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(r.HTML, "<script") {
				t.Errorf("html part holds a raw <script>:\n%s", r.HTML)
			}
			if strings.ContainsAny(r.Subject, "\r\n") {
				t.Errorf("got subject %q, want one line", r.Subject)
			}
		})
	}
	r, err := set.Render(EngineeringForward, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []struct{ kind, body, want string }{
		{"html", r.HTML, "Question &lt;script&gt;alert(1)&lt;/script&gt;"},
		{"text", r.Text, "Question " + script},
		{"text", r.Text, "Centre : " + script + " <"},
		{"subject", r.Subject, script + " Bcc: tiers@exemple.org"},
	} {
		if !strings.Contains(part.body, part.want) {
			t.Errorf("%s part lacks %q:\n%s", part.kind, part.want, part.body)
		}
	}
}
