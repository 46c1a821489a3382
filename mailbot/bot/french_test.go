package bot_test

import (
	"context"
	"strings"
	"testing"

	"mailbot/state"
)

// englishWords are common English words that no French reason contains;
// header names and addresses do not match them once padded by spaces.
var englishWords = []string{" the ", " is ", " not ", " from ", " sender", " header", " of ", " for ", " and ", " to ",
	" by ", " with ", " no ", " an ", " our ", " it ", " already ", " answer"}

// english returns the first English word of s, "" when there is none.
func english(s string) string {
	padded := " " + strings.ToLower(strings.NewReplacer(":", " ", ",", " ", ";", " ", "(", " ", ")", " ").Replace(s)) + " "
	for _, w := range englishWords {
		if strings.Contains(padded, w) {
			return w
		}
	}
	return ""
}

// Issue 10 point 5, issue 14 point 7: the agents read the bot's reasons,
// the notes of a conversation and the tasks in French. Representative
// mails go through the classifier, the engine and the bot (the loop
// guard, the trust checks, the agents' actions), and every reason, note
// and task title they leave is checked for English words.
func TestReasonsNotesAndTasksAreFrench(t *testing.T) {
	b, st := newBot(t, nil, 0)
	ctx := context.Background()
	process := func(mailbox, msg string) {
		t.Helper()
		if err := b.Process(ctx, mailbox, strings.NewReader(msg)); err != nil {
			t.Fatal(err)
		}
	}
	with := func(headers, msg string) string { return headers + "\r\n" + msg }
	ceres := "Bonjour,\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé. Comment faire ?"

	process("btp", sure)
	convs, err := st.Conversations()
	if err != nil || len(convs) != 1 {
		t.Fatalf("got %d conversations (%v), want the CERES question's", len(convs), err)
	}
	conv := convs[0].ID
	var replyID string
	for _, e := range convs[0].Entries {
		if e.Kind == "out" {
			replyID = e.MessageID
		}
	}
	inThread := "In-Reply-To: " + replyID + "\r\nReferences: " + replyID
	// In the CERES conversation: a third party, an engineer who answers
	// none of our forwards, a bounce of our reply.
	process("btp", with(inThread, raw("Inconnu <autre@ailleurs.test>", "Re: Connexion CERES impossible", "<tiers@ailleurs.test>", "Bonjour,\r\nJe reprends ce dossier, pouvez-vous m'écrire ?")))
	process("btp", with(inThread, raw("Ingénierie <ingenierie-btp@afpa.fr>", "Re: Connexion CERES impossible", "<inge@afpa.fr>", "Bonjour,\r\nLe compte est débloqué.")))
	process("btp", with("Auto-Submitted: auto-replied\r\n"+inThread, raw("Mail Delivery System <MAILER-DAEMON@mx.centre.test>", "Undelivered Mail Returned to Sender", "<dsn@mx.centre.test>", "This is the mail system at host mx.centre.test.\r\nuser unknown")))
	// New mail that is never answered, or not automatically.
	process("btp", with("Auto-Submitted: auto-replied", raw("Centre Trois <c3@centre.test>", "Réponse automatique : absente", "<ooo@centre.test>", "Je suis absente jusqu'au 8 mars.")))
	process("btp", with("List-Id: <lettre.formation.test>", raw("Lettre <info@formation.test>", "La lettre de mars", "<list@formation.test>", "Bonjour,\r\nLes nouvelles du mois.")))
	process("btp", with("X-Spam-Flag: YES", raw("Promo <promo@vente.test>", "Gagnez un séjour", "<spam@vente.test>", "Cliquez ici.")))
	process("btp", with("X-Loop: filtre@centre.test", raw("Centre Cinq <c5@centre.test>", "Connexion CERES", "<loop@centre.test>", ceres)))
	process("btp", raw("Plateforme <no-reply@plateforme.test>", "Accès CERES", "<noreply@plateforme.test>", ceres))
	process("btp", raw("Centre Six <c6@centre.test>", "TR: Non remis : dossier", "<fwd@centre.test>", "Bonjour,\r\nNotre message vous est revenu, que faire ?"))
	process("btp", raw("Épreuves CCP <epreuves-ccp@afpa.fr>", "CERES bloqué", "<own@afpa.fr>", ceres))
	process("btp", raw("Mobilier <vente@mobilier.test>", "Offre de la semaine", "<pub@mobilier.test>", "Bonjour,\r\nProfitez de -40 % sur nos fauteuils ergonomiques cette semaine seulement."))
	for _, n := range []string{"1", "2", "3", "4"} { // newBot allows 3 automatic replies a day to one address
		process("btp", raw("Centre Quatre <c4@centre.test>", "Connexion CERES impossible "+n, "<rate"+n+"@centre.test>", ceres))
	}
	// The agents' actions leave notes.
	convs, _ = st.Conversations()
	for _, c := range convs {
		for i, e := range c.Entries {
			if e.PendingRelay != "" {
				if err := b.RelayAsIs(c.ID, i, "marie"); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	out, _ := st.Outbox()
	for _, o := range out {
		if o.Status == state.OutPending && o.ConversationID != conv {
			if err := b.Discard(o.ID, "marie"); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	for _, err := range []error{
		b.Reclassify(ctx, conv, "complaint", "marie"), b.AddNote(conv, "marie", "rappeler le centre"),
		b.Reassign(conv, "ccp", "marie"), b.MarkDone(conv, "marie"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}

	var said []string
	convs, _ = st.Conversations()
	for _, c := range convs {
		for _, e := range c.Entries {
			switch e.Kind {
			case "decision":
				said = append(said, e.Reasons...)
			case "note":
				said = append(said, e.Text)
			}
		}
	}
	tasks, _ := st.Tasks()
	for _, task := range tasks {
		said = append(said, task.Title)
	}
	for _, s := range said {
		if w := english(s); w != "" {
			t.Errorf("English (%q) in %q", strings.TrimSpace(w), s)
		}
	}
	// Each path above was taken: the check read what it was meant to.
	for _, want := range []string{
		"et non par le centre", "se présente comme la réponse d'un ingénieur", "serveur de messagerie",
		"en-tête Auto-Submitted (RFC 3834)", "liste de diffusion", "antispam", "en-tête X-Loop", "(no-reply)",
		"avis de non-remise transféré", "une de nos propres adresses", "rien sur le travail de la GEV",
		"déjà 3 réponses automatiques à c4@centre.test", "relayée telle quelle", "abandonné", "reclassée",
		"rappeler le centre", "réaffectée au secteur ccp", "marquée comme traitée", "n'a pas été remis",
	} {
		if !containsAny(said, want) {
			t.Errorf("no reason, note or task says %q", want)
		}
	}
}

func containsAny(said []string, want string) bool {
	for _, s := range said {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}
