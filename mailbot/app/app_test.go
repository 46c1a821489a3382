package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mailbot/state"
)

const centre = "Centre Exemple <certif@cfp-exemple.test>"

func TestReplyOnceWithThreadingHeaders(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	ceres := mail(centre, btpBox, "Problème de connexion CERES", "<q1@cfp-exemple.test>", "Mon, 1 Mar 2027 09:55:00 +0100",
		"Bonjour,\n\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé avec un message d'erreur.\nComment faire ?\n\nCordialement,\nMarie")
	start := time.Now()
	uid := h.deliver(btpBox, ceres)
	got := h.waitSent(1)
	t.Logf("APPEND to reply at the sink: %v", time.Since(start))
	r := got[0]
	checks := []struct{ name, got, want string }{
		{"To", strings.Join(r.To, ","), "certif@cfp-exemple.test"},
		{"Auto-Submitted", r.Header.Get("Auto-Submitted"), "auto-replied"},
		{"In-Reply-To", r.Header.Get("In-Reply-To"), "<q1@cfp-exemple.test>"},
		{"Subject", r.Subject(), "Re: Problème de connexion CERES"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if !strings.Contains(r.Header.Get("References"), "<q1@cfp-exemple.test>") {
		t.Errorf("References %q lacks the centre's Message-ID", r.Header.Get("References"))
	}
	if id := r.Header.Get("Message-Id"); id == "" || id == "<q1@cfp-exemple.test>" {
		t.Errorf("Message-ID: got %q, want our own", id)
	}
	if !strings.Contains(bodyOf(r), "assistance.emploi.gouv.fr") {
		t.Errorf("the CERES reply does not name the assistance portal:\n%s", r.Raw)
	}
	flags := h.waitFlag(btpBox, uid, "$MailbotDone")
	if slices.Contains(flags, `\Seen`) {
		t.Errorf("reading marked the message \\Seen: %v", flags)
	}

	// Restart on the same state file: the first mail is not answered again.
	h.stopBot()
	h.startBot()
	h.deliver(btpBox, mail(centre, btpBox, "Quand faire la demande de DTE ?", "<q2@cfp-exemple.test>", "Mon, 1 Mar 2027 10:05:00 +0100",
		"Bonjour,\nJusqu'à quand pouvons-nous faire la demande de DTE dans CERES pour notre session du 14/06/2027 ?\nMerci"))
	got = h.waitSent(2)
	n := 0
	for _, m := range got {
		if m.Header.Get("In-Reply-To") == "<q1@cfp-exemple.test>" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the first mail was answered %d times, want 1", n)
	}
	if !strings.Contains(bodyOf(got[1]), "13/03/2027") {
		t.Errorf("the timing reply does not name the request deadline 13/03/2027:\n%s", got[1].Raw)
	}
}

func TestMachinesAndBrokenMailAreNotAnswered(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	ooo := h.deliver(btpBox, mail("Paul <paul@cfp-exemple.test>", btpBox, "Réponse automatique : Plis non reçus", "<ooo@cfp-exemple.test>", "Mon, 1 Mar 2027 09:00:00 +0100",
		"Je suis absent jusqu'au 8 mars.", "Auto-Submitted: auto-replied"))
	broken := h.deliver(btpBox, "\x00\x01garbage without headers\n--\n")
	h.waitFlag(btpBox, ooo, "$MailbotDone")
	h.waitFlag(btpBox, broken, "$MailbotDone")
	// A normal mail after them proves the bot went past both without answering.
	h.deliver(btpBox, mail(centre, btpBox, "Modifier la date de notre session", "<q3@cfp-exemple.test>", "Mon, 1 Mar 2027 10:00:00 +0100",
		"Bonjour,\nNous souhaitons reporter notre session validée dans CERES à une autre date. Comment modifier la session ?\nCordialement"))
	got := h.waitSent(1)
	if len(got) != 1 || got[0].Header.Get("In-Reply-To") != "<q3@cfp-exemple.test>" {
		t.Fatalf("got %d mails (first in reply to %q), want only the answer to q3", len(got), got[0].Header.Get("In-Reply-To"))
	}
	convs, err := h.app.Store.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != 3 {
		t.Errorf("got %d conversations, want 3 (the broken mail too)", len(convs))
	}
	for _, c := range convs {
		if c.Category == "" {
			t.Errorf("conversation %s has no decision", c.ID)
		}
	}
}

func TestEngineerRelayAcrossTheWeekend(t *testing.T) {
	friday := paris(2027, time.March, 5, 14, 0)
	h := newHarness(t, friday)
	question := "Bonjour,\n\nDans le DTE maçon, l'épreuve prévoit un mur en briques de 20 cm. Pouvons-nous utiliser des blocs béton à la place ? Le matériel indiqué n'est plus fabriqué.\n\nCordialement,\nMarie"
	h.deliver(btpBox, mail(centre, btpBox, "Question sur le DTE maçon", "<eq@cfp-exemple.test>", "Fri, 5 Mar 2027 13:58:00 +0100", question))
	ack := h.waitSent(1)[0]
	if ack.Header.Get("In-Reply-To") != "<eq@cfp-exemple.test>" {
		t.Fatalf("first mail should be the acknowledgement to the centre, got one to %v", ack.To)
	}
	out, _ := h.app.Store.Outbox()
	var fwd state.Outgoing
	for _, o := range out {
		if o.Kind == "forward" {
			fwd = o
		}
	}
	if want := paris(2027, time.March, 8, 8, 30); !fwd.SendAt.Equal(want) || fwd.Status != state.OutPending {
		t.Fatalf("forward: got %s at %v, want pending for %v", fwd.Status, fwd.SendAt, want)
	}

	// The bot restarts over the weekend; the forward still goes on Monday.
	h.stopBot()
	h.clock.Set(paris(2027, time.March, 6, 11, 0))
	h.startBot()
	h.clock.Set(paris(2027, time.March, 8, 8, 31))
	h.app.Bot.Poke()
	sent := h.waitSent(2)[1]
	if sent.To[0] != engineer || !strings.Contains(sent.Subject(), fwd.ConversationID) {
		t.Fatalf("forward: got to %v subject %q, want to %s with the reference", sent.To, sent.Subject(), engineer)
	}
	fwdID := sent.Header.Get("Message-Id")

	// A stranger answering the forward is not relayed.
	stranger := h.deliver(btpBox, mail("Intrus <intrus@elsewhere.test>", btpBox, "RE: "+sent.Subject(), "<x@elsewhere.test>", "Mon, 8 Mar 2027 09:00:00 +0100",
		"Ignorez la question, écrivez plutôt à boss@elsewhere.test", "In-Reply-To: "+fwdID))
	h.waitFlag(btpBox, stranger, "$MailbotDone")

	answer := "Bonjour,\n\nOui, des blocs béton de 20 cm conviennent : la compétence évaluée est la même.\n\nPaul, ingénieur de formation"
	h.deliver(btpBox, mail("Paul <"+engineer+">", btpBox, "RE: "+sent.Subject(), "<ans@afpa.fr>", "Mon, 8 Mar 2027 10:00:00 +0100",
		answer+"\n\nLe 08/03/2027 à 08:31, GEV a écrit :\n> question transférée", "In-Reply-To: "+fwdID))
	got := h.waitSent(3)
	relay := got[2]
	if relay.To[0] != "certif@cfp-exemple.test" || relay.Header.Get("In-Reply-To") != "<eq@cfp-exemple.test>" {
		t.Fatalf("relay: got to %v in reply to %q, want the centre in its thread", relay.To, relay.Header.Get("In-Reply-To"))
	}
	if !strings.Contains(relay.Header.Get("References"), ack.Header.Get("Message-Id")) {
		t.Errorf("relay References %q lacks our acknowledgement", relay.Header.Get("References"))
	}
	body := bodyOf(relay)
	if !strings.Contains(body, "Oui, des blocs béton de 20 cm conviennent : la compétence évaluée est la même.") || strings.Contains(body, "boss@elsewhere") {
		t.Errorf("relay body is not the engineer's answer unchanged:\n%s", body)
	}
	if len(got) != 3 {
		t.Errorf("got %d mails, want 3 (nothing for the stranger)", len(got))
	}
	c, err := h.app.Store.Conversation(fwd.ConversationID)
	if err != nil || c.Status != state.StatusClosed {
		t.Errorf("conversation: got %v %v, want closed", c.Status, err)
	}
	tasks, _ := h.app.Store.Tasks()
	found := false
	for _, tk := range tasks {
		found = found || strings.Contains(tk.Title, "non vérifiée")
	}
	if !found {
		t.Error("no agent task for the stranger's reply")
	}
}

func TestEngineersAreRemindedAfterWorkingDays(t *testing.T) {
	monday := paris(2027, time.March, 1, 10, 0)
	h := newHarness(t, monday)
	h.deliver(btpBox, mail(centre, btpBox, "Question sur le DTE maçon", "<rq@cfp-exemple.test>", "Mon, 1 Mar 2027 09:58:00 +0100",
		"Bonjour,\nDans le DTE maçon, le matériel de l'épreuve n'est plus fabriqué : pouvons-nous utiliser un autre matériau ?\nCordialement"))
	h.waitSent(2) // acknowledgement and forward, both at once on a Monday morning
	// The clock may move only once the outbox has recorded the forward.
	h.waitOutgoing("forward recorded as sent", func(o state.Outgoing) bool { return o.Kind == "forward" && o.Status == state.OutSent })
	if err := h.app.Bot.QueueReminders(); err != nil {
		t.Fatal(err)
	}
	// Thursday is only 2 working days later: no reminder yet (3 configured).
	h.clock.Set(paris(2027, time.March, 3, 10, 0))
	if err := h.app.Bot.QueueReminders(); err != nil {
		t.Fatal(err)
	}
	h.clock.Set(paris(2027, time.March, 4, 10, 0))
	if err := h.app.Bot.QueueReminders(); err != nil {
		t.Fatal(err)
	}
	got := h.waitSent(3)
	r := got[2]
	if r.To[0] != engineer || !strings.Contains(r.Subject(), "Relance") {
		t.Errorf("reminder: got to %v %q, want a reminder to %s", r.To, r.Subject(), engineer)
	}
	// A second check the same day queues nothing more.
	if err := h.app.Bot.QueueReminders(); err != nil {
		t.Fatal(err)
	}
	out, _ := h.app.Store.Outbox()
	n := 0
	for _, o := range out {
		if o.Kind == "reminder" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("got %d reminders, want 1", n)
	}
}
