package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"mailbot/mailbot/smtpsink"
	"mailbot/state"
)

// The tests in this file attack the bot from outside, as anyone who can
// send it mail could: forged engineer answers, a Reply-To aimed at a third
// party, strangers closing other centres' conversations, spam and machines.

const (
	monday10   = "Mon, 1 Mar 2027 10:00:00 +0100"
	trustedAR  = "Authentication-Results: mx.afpa.fr; dkim=pass header.d=afpa.fr; spf=pass smtp.mailfrom=afpa.fr; dmarc=pass header.from=afpa.fr"
	dteMacon   = "Bonjour,\n\nDans le DTE maçon, l'épreuve prévoit un mur en briques de 20 cm. Pouvons-nous utiliser des blocs béton à la place ? Le matériel indiqué n'est plus fabriqué.\n\nCordialement,\nMarie"
	forgedText = "Bonjour,\nCe DTE est remplacé : téléchargez le nouveau sur https://faux-afpa.example/dte et réglez les frais.\n"
)

// askEngineers sends an engineering question on a Monday morning and
// returns the forward the engineers got and the conversation's id.
func (h *harness) askEngineers(id string) (fwd smtpsink.Received, conv string) {
	h.t.Helper()
	h.deliver(btpBox, mail(centre, btpBox, "Question sur le DTE maçon", id, monday10, dteMacon))
	for _, r := range h.waitSent(2) {
		if slices.Contains(r.To, engineer) {
			fwd = r
		}
	}
	if fwd.Raw == nil {
		h.t.Fatal("no forward to the engineer")
	}
	c, err := h.app.Store.FindConversation("", id)
	if err != nil || c == nil {
		h.t.Fatalf("no conversation for %s: %v", id, err)
	}
	return fwd, c.ID
}

func (h *harness) conversation(id string) *state.Conversation {
	h.t.Helper()
	c, err := h.app.Store.Conversation(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// openTasks returns the titles of the conversation's open tasks.
func (h *harness) openTasks(conv string) []string {
	h.t.Helper()
	tasks, err := h.app.Store.Tasks()
	if err != nil {
		h.t.Fatal(err)
	}
	var titles []string
	for _, tk := range tasks {
		if tk.ConversationID == conv && !tk.Done {
			titles = append(titles, tk.Priority+" "+tk.Title)
		}
	}
	return titles
}

func TestForgedEngineerAnswersAreNotRelayed(t *testing.T) {
	h := newHarness(t, monday)
	fwd, conv := h.askEngineers("<fq@cfp-exemple.test>")
	fwdID := fwd.Header.Get("Message-Id")
	subject := "RE: " + fwd.Subject() // carries the [GEV-…] reference
	paul := "Paul <" + engineer + ">"
	forgeries := []struct {
		name, from string
		extra      []string
	}{
		{"the engineer's address and the reference in the subject", paul, nil},
		{"in reply to the centre's mail, not to our forward", paul, []string{"In-Reply-To: <fq@cfp-exemple.test>", "References: <fq@cfp-exemple.test>"}},
		// RFC 5322 obs-route: a lenient reader takes the quoted name for the address.
		{"obsolete source route", `"ingenierie-btp@afpa.fr" <@relay.evil.test:attacker@evil.test>`, []string{"In-Reply-To: " + fwdID}},
		{"DMARC failure reported by our server", paul, []string{"In-Reply-To: " + fwdID, "Authentication-Results: mx.afpa.fr; spf=fail smtp.mailfrom=evil.test; dmarc=fail (p=none) header.from=afpa.fr"}},
		{"the engineer's address as display name", `"ingenierie-btp@afpa.fr" <attacker@evil.test>`, []string{"In-Reply-To: " + fwdID}},
	}
	for i, f := range forgeries {
		uid := h.deliver(btpBox, mail(f.from, btpBox, subject, fmt.Sprintf("<forged%d@evil.test>", i), monday10, forgedText, f.extra...))
		h.waitFlag(btpBox, uid, "$MailbotDone")
	}
	if got := h.settle(); len(got) != 2 {
		for _, r := range got[2:] {
			t.Errorf("sent to %v: %q", r.To, bodyOf(r))
		}
		t.Fatalf("got %d mails, want only the acknowledgement and the forward: forgeries were relayed", len(got))
	}
	c := h.conversation(conv)
	if c.Status != state.StatusWaitingEngineer {
		t.Errorf("after the forgeries the conversation is %s, want still waiting for the engineer", c.Status)
	}
	pending := 0
	for _, e := range c.Entries {
		if e.PendingRelay != "" {
			pending++
		}
	}
	if pending != len(forgeries) {
		t.Errorf("%d forgeries kept for an agent to check, want %d", pending, len(forgeries))
	}
	high := 0
	for _, title := range h.openTasks(conv) {
		if strings.HasPrefix(title, state.PriorityHigh+" ") && strings.Contains(title, "non vérifiée") {
			high++
		}
	}
	if high != len(forgeries) {
		t.Errorf("got %d high-priority tasks for unverified answers, want %d: %q", high, len(forgeries), h.openTasks(conv))
	}

	// The genuine answer, still relayed. Our server's field is on top; a
	// field the sender wrote under our server's name, lower, does not count.
	answer := "Bonjour,\n\nOui, des blocs béton de 20 cm conviennent : la compétence évaluée est la même.\n\nPaul, ingénieur de formation"
	h.deliver(btpBox, mail(paul, btpBox, subject, "<genuine@afpa.fr>", monday10, answer+"\n\nLe 01/03/2027 à 10:00, GEV a écrit :\n> question transférée",
		trustedAR, "In-Reply-To: "+fwdID, "References: "+fwdID, "Authentication-Results: mx.afpa.fr; dmarc=fail header.from=afpa.fr"))
	relay := h.waitSent(3)[2]
	if !slices.Equal(relay.To, []string{"certif@cfp-exemple.test"}) || relay.Header.Get("In-Reply-To") != "<fq@cfp-exemple.test>" {
		t.Fatalf("relay: got to %v in reply to %q, want the centre in its thread", relay.To, relay.Header.Get("In-Reply-To"))
	}
	if body := bodyOf(relay); !strings.Contains(body, "Oui, des blocs béton de 20 cm conviennent") || strings.Contains(body, "faux-afpa") {
		t.Errorf("relay body is not the genuine answer:\n%s", body)
	}
	if c := h.conversation(conv); c.Status != state.StatusClosed {
		t.Errorf("after the genuine answer: %s, want closed", c.Status)
	}
}

func TestAgentRelaysACheckedAnswerAsIs(t *testing.T) {
	h := newHarness(t, monday)
	fwd, conv := h.askEngineers("<aq@cfp-exemple.test>")
	// A colleague the engineer passed the question to answers instead.
	answer := "Bonjour,\n\nPaul est absent ; je confirme que les blocs béton conviennent.\n\nJeanne, ingénieure de formation"
	uid := h.deliver(btpBox, mail("Jeanne <jeanne.martin@afpa.fr>", btpBox, "RE: "+fwd.Subject(), "<jeanne@afpa.fr>", monday10, answer,
		trustedAR, "In-Reply-To: "+fwd.Header.Get("Message-Id")))
	h.waitFlag(btpBox, uid, "$MailbotDone")
	c := h.conversation(conv)
	i := slices.IndexFunc(c.Entries, func(e state.Entry) bool { return e.PendingRelay != "" })
	if i < 0 || c.Status != state.StatusWaitingEngineer {
		t.Fatalf("the colleague's answer is not kept for an agent (status %s)", c.Status)
	}
	if err := h.app.Bot.RelayAsIs(conv, i, "marie"); err != nil {
		t.Fatal(err)
	}
	relay := h.waitSent(3)[2]
	if !slices.Equal(relay.To, []string{"certif@cfp-exemple.test"}) || strings.TrimSpace(bodyOf(relay)) != strings.TrimSpace(answer) {
		t.Errorf("relay to %v:\n%s\nwant the answer unchanged to the centre", relay.To, bodyOf(relay))
	}
	c = h.conversation(conv)
	if c.Status != state.StatusClosed || c.Entries[i].PendingRelay != "" {
		t.Errorf("after the relay: status %s, pending %q; want closed, nothing pending", c.Status, c.Entries[i].PendingRelay)
	}
	if open := h.openTasks(conv); len(open) != 0 {
		t.Errorf("tasks left open: %q", open)
	}
	if vs, err := h.app.Store.Verdicts(); err != nil || len(vs) != 1 || !vs[0].Agreed() || vs[0].AgentCategory != "engineering_question" || vs[0].Agent != "marie" {
		t.Errorf("relaying is not counted as the agent's agreement with the category: %+v, %v", vs, err)
	}
	if err := h.app.Bot.RelayAsIs(conv, i, "marie"); err == nil {
		t.Error("the same answer was relayed twice")
	}
}

func TestStrangersDoNotCloseConversations(t *testing.T) {
	h := newHarness(t, monday)
	h.deliver(btpBox, ceresMail(centre, "<sq@cfp-exemple.test>"))
	h.waitSent(1)
	c, err := h.app.Store.FindConversation("", "<sq@cfp-exemple.test>")
	if err != nil || c == nil {
		t.Fatalf("no conversation: %v", err)
	}
	before := c.Status
	// Someone else copies the reference and thanks.
	uid := h.deliver(btpBox, mail("Autre <autre@ailleurs.test>", btpBox, "Re: ["+c.ID+"] Problème de connexion CERES", "<thanks-stranger@ailleurs.test>", monday10,
		"Merci, bien reçu.", "In-Reply-To: <sq@cfp-exemple.test>"))
	h.waitFlag(btpBox, uid, "$MailbotDone")
	if got := h.conversation(c.ID); got.Status != before {
		t.Errorf("a stranger's thanks moved the conversation from %s to %s", before, got.Status)
	}
	if tasks := h.openTasks(c.ID); !slices.ContainsFunc(tasks, func(s string) bool { return strings.Contains(s, "non reconnu") }) {
		t.Errorf("no agent task for the stranger's mail: %q", tasks)
	}
	// A colleague at the centre (same domain) may close it.
	uid = h.deliver(btpBox, mail("Collègue <secretariat@cfp-exemple.test>", btpBox, "Re: ["+c.ID+"] Problème de connexion CERES", "<thanks-centre@cfp-exemple.test>", monday10,
		"Merci, bien reçu.", "In-Reply-To: <sq@cfp-exemple.test>"))
	h.waitFlag(btpBox, uid, "$MailbotDone")
	if got := h.conversation(c.ID); got.Status != state.StatusClosed {
		t.Errorf("the centre's own thanks: got %s, want closed", got.Status)
	}
	if got := h.settle(); len(got) != 1 {
		t.Errorf("got %d mails, want only the first reply", len(got))
	}
}

func TestReplyToCannotAimTheBotAtAThirdParty(t *testing.T) {
	h := newHarness(t, monday)
	spam := "Problème CERES – GAGNEZ UN IPHONE sur https://cadeau.example/x?id=" + strings.Repeat("promo-", 40)
	tests := []struct {
		name, from, replyTo, subject, want string
	}{
		{"third-party Reply-To", "a@centre-a.test", "victime@autre-domaine.test", spam, "a@centre-a.test"},
		{"Reply-To in the sender's domain", "b@centre-b.test", "secretariat@centre-b.test", "Problème de connexion CERES", "secretariat@centre-b.test"},
		{"Reply-To in a configured domain", "c@centre-c.test", "accueil@secretariat-groupe.test", "Problème de connexion CERES", "accueil@secretariat-groupe.test"},
	}
	for i, tc := range tests {
		h.deliver(btpBox, mail(tc.from, btpBox, tc.subject, fmt.Sprintf("<rt%d@x.test>", i), monday10,
			"Bonjour,\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé.\nComment faire ?", "Reply-To: "+tc.replyTo))
	}
	got := h.waitSent(len(tests))
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := slices.IndexFunc(got, func(r smtpsink.Received) bool { return r.Header.Get("In-Reply-To") == fmt.Sprintf("<rt%d@x.test>", i) })
			if j < 0 {
				t.Fatal("no reply")
			}
			if !slices.Equal(got[j].To, []string{tc.want}) {
				t.Errorf("reply went to %v, want %s", got[j].To, tc.want)
			}
			echoed := strings.TrimPrefix(got[j].Subject(), "Re: ")
			if n := utf8.RuneCountInString(echoed); n > 150 {
				t.Errorf("the reply echoes %d characters of the subject, want at most 150", n)
			}
		})
	}
}

func TestSpamAndMachinesGetNoAnswer(t *testing.T) {
	h := newHarness(t, monday)
	question := "Bonjour,\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé.\nComment faire ?"
	mails := []struct {
		name, raw, wantCategory string
		wantTask                bool
	}{
		{"SpamAssassin flag", mail("a@vente.test", btpBox, "Problème de connexion CERES", "<m1@x.test>", monday10, question, "X-Spam-Flag: YES"), "bulk", false},
		{"SpamAssassin status", mail("b@vente.test", btpBox, "Problème de connexion CERES", "<m2@x.test>", monday10, question, "X-Spam-Status: Yes, score=9.3 required=5.0"), "bulk", false},
		{"Exchange SCL 6", mail("c@vente.test", btpBox, "Problème de connexion CERES", "<m3@x.test>", monday10, question, "X-MS-Exchange-Organization-SCL: 6"), "bulk", false},
		{"phishing", mail("Support <support@webmail-verif.test>", btpBox, "Votre boîte aux lettres est pleine", "<m4@x.test>", monday10,
			"Votre quota est dépassé. Cliquez ici pour conserver vos messages : https://webmail-verif.test/login"), "other", true},
		{"SMS gateway reply", mail("post_master@sms.operateur.test", btpBox, "Re:Rappel session", "<m5@x.test>", monday10,
			"Le message a été remis au mobile.\nCe numéro ne reçoit pas de réponse."), "bounce", false},
		{"list server loop alert", mail("formateurs-admin@listes.test", btpBox, "You are not a member (formateurs ML)", "<m6@x.test>", monday10,
			"You are not a member of this mailing list.", "X-MLServer: fml [fml 4.0.3]", "X-ML-Name: formateurs"), "bulk", false},
		{"loop marker only", mail("filtre@centre-d.test", btpBox, "Problème de connexion CERES", "<m7@x.test>", monday10, question, "X-Loop: filtre@centre-d.test"), "", true},
		{"a person forwards a bounce", mail("Marie <marie@centre-e.test>", btpBox, "Fwd: Returned mail: see transcript for details", "<m8@x.test>", monday10,
			"Bonjour, mon message ne passe pas.\n\n---------- Forwarded message ----------\nThe original message was received at Mon, 1 Mar 2027\n----- The following addresses had permanent fatal errors -----\n<epreuves-btp@afpa.fr>"), "", true},
		{"a person forwards an Outlook bounce", mail("Luc <luc@centre-f.test>", btpBox, "TR: Non remis : Plis non reçus", "<m9@x.test>", monday10,
			"Pour info.\n\nDe : Microsoft Outlook\nObjet : Non remis : Plis non reçus\nLe message n'a pas pu être remis."), "", true},
	}
	var uids []uint32
	for _, m := range mails {
		uids = append(uids, h.deliver(btpBox, m.raw))
	}
	for _, uid := range uids {
		h.waitFlag(btpBox, uid, "$MailbotDone")
	}
	// A centre's mail after them proves the bot went past all of them.
	h.deliver(btpBox, ceresMail(centre, "<control@cfp-exemple.test>"))
	got := h.waitSent(1)
	if got = h.settle(); len(got) != 1 || got[0].Header.Get("In-Reply-To") != "<control@cfp-exemple.test>" {
		for _, r := range got {
			t.Errorf("sent to %v in reply to %s", r.To, r.Header.Get("In-Reply-To"))
		}
	}
	for i, m := range mails {
		t.Run(m.name, func(t *testing.T) {
			c, err := h.app.Store.FindConversation("", fmt.Sprintf("<m%d@x.test>", i+1))
			if err != nil || c == nil {
				t.Fatalf("no conversation for an agent to see: %v", err)
			}
			if m.wantCategory != "" && c.Category != m.wantCategory {
				t.Errorf("category %s, want %s", c.Category, m.wantCategory)
			}
			if tasks := h.openTasks(c.ID); m.wantTask && len(tasks) == 0 {
				t.Errorf("no agent task (status %s)", c.Status)
			}
		})
	}
}
