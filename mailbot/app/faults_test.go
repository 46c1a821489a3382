package app

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"mailbot/mailbot/sentbox"
	"mailbot/state"
)

const ceresQuestion = "Bonjour,\n\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé avec un message d'erreur.\nComment faire ?\n\nCordialement"

// waitOutgoing polls the outbox until an entry satisfies ok.
func (h *harness) waitOutgoing(what string, ok func(state.Outgoing) bool) state.Outgoing {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err := h.app.Store.Outbox()
		if err != nil {
			h.t.Fatal(err)
		}
		for _, o := range out {
			if ok(o) {
				return o
			}
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("no outgoing mail %s after 20 s: %+v", what, out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSMTPTemporaryFailureRetriesThenSends(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	if err := h.smtp.FailNext(2, 451, "try again later"); err != nil {
		t.Fatal(err)
	}
	h.deliver(btpBox, mail(centre, btpBox, "Connexion CERES", "<t1@cfp-exemple.test>", "Mon, 1 Mar 2027 09:55:00 +0100", ceresQuestion))
	o := h.waitOutgoing("with a temporary error", func(o state.Outgoing) bool { return o.Attempts == 1 && o.LastError != "" })
	if o.Status != state.OutPending || !strings.Contains(o.LastError, "temporary") {
		t.Fatalf("after a 451: got %s %q, want pending with a temporary error", o.Status, o.LastError)
	}
	// The retry waits for its backoff (30 s ± 25 %) on the bot's clock.
	if !o.NextAttempt.After(o.LastAttempt.Add(20 * time.Second)) {
		t.Errorf("next attempt %v is too soon after %v", o.NextAttempt, o.LastAttempt)
	}
	h.clock.Set(o.NextAttempt)
	h.app.Bot.Poke()
	o = h.waitOutgoing("tried twice", func(o state.Outgoing) bool { return o.Attempts == 2 && o.LastError != "" })
	h.clock.Set(o.NextAttempt)
	h.app.Bot.Poke()
	got := h.waitSent(1)
	if len(got) != 1 {
		t.Errorf("got %d mails, want exactly 1 after two refusals", len(got))
	}
	h.waitOutgoing("sent", func(o state.Outgoing) bool { return o.Status == state.OutSent && o.Attempts == 3 })
}

func TestSMTPPermanentFailureBecomesATask(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	if err := h.smtp.FailNext(1, 550, "mailbox unavailable"); err != nil {
		t.Fatal(err)
	}
	h.deliver(btpBox, mail(centre, btpBox, "Connexion CERES", "<p1@cfp-exemple.test>", "Mon, 1 Mar 2027 09:55:00 +0100", ceresQuestion))
	o := h.waitOutgoing("failed", func(o state.Outgoing) bool { return o.Status == state.OutFailed })
	tasks, _ := h.app.Store.Tasks()
	found := false
	for _, tk := range tasks {
		found = found || (tk.ConversationID == o.ConversationID && strings.Contains(tk.Title, "Envoi impossible"))
	}
	if !found {
		t.Errorf("no agent task for the refused mail; tasks: %+v", tasks)
	}
}

func TestSMTPDownForMinutesLosesNothing(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	h.smtp.Stop()
	for i, id := range []string{"<d1@cfp-exemple.test>", "<d2@cfp-exemple.test>", "<d3@cfp-exemple.test>"} {
		h.deliver(btpBox, mail(centre, btpBox, "Connexion CERES "+string(rune('A'+i)), id, "Mon, 1 Mar 2027 09:55:00 +0100", ceresQuestion))
	}
	h.waitOutgoing("third refused", func(o state.Outgoing) bool {
		return o.Attempts >= 1 && o.LastError != "" && o.InReplyTo == "<d3@cfp-exemple.test>"
	})
	// Five minutes pass with the server down; then it comes back.
	h.clock.Set(paris(2027, time.March, 1, 10, 5))
	h.app.Bot.Poke()
	if err := h.smtp.Restart(); err != nil {
		t.Fatal(err)
	}
	h.clock.Set(paris(2027, time.March, 1, 11, 0))
	h.app.Bot.Poke()
	got := h.waitSent(3)
	seen := map[string]int{}
	for _, m := range got {
		seen[m.Header.Get("In-Reply-To")]++
	}
	for _, id := range []string{"<d1@cfp-exemple.test>", "<d2@cfp-exemple.test>", "<d3@cfp-exemple.test>"} {
		if seen[id] != 1 {
			t.Errorf("%s answered %d times, want 1", id, seen[id])
		}
	}
}

// A crash right after the SMTP server accepted a mail, before the outbox
// said "sent": on restart the copy in the Sent folder stops a second send.
// A copy an earlier version stored before its SMTP transaction, marked
// unsent, is sent once and then marked sent, not stored twice.
func TestCrashAfterAcceptIsNotSentTwice(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	h.stopBot()
	st, err := state.Open(h.cfg.State.Path)
	if err != nil {
		t.Fatal(err)
	}
	past := paris(2027, time.March, 1, 9, 0)
	entry := func(id, msgID string) state.Outgoing {
		return state.Outgoing{ID: id, ConversationID: "GEV-CRASH1", Kind: "reply", MessageID: msgID, From: btpBox,
			To: []string{"certif@cfp-exemple.test"}, Subject: "Re: test", Text: "Bonjour", AutoSubmitted: "auto-replied",
			Created: past, SendAt: past, Status: state.OutPending, Attempts: 1, LastAttempt: past, NextAttempt: past}
	}
	err = st.Commit(state.Commit{Outgoing: []state.Outgoing{entry("o-left", "<left@afpa.fr>"), entry("o-lost", "<lost@afpa.fr>"), entry("o-marked", "<marked@afpa.fr>")}})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	copyOf := func(id string) []byte {
		return []byte("From: epreuves-btp@afpa.fr\r\nTo: certif@cfp-exemple.test\r\nSubject: Re: test\r\nMessage-ID: " + id + "\r\n\r\nBonjour\r\n")
	}
	if _, err := h.imap.Append(context.Background(), btpBox, "Sent", copyOf("<left@afpa.fr>"), imap.FlagSeen); err != nil {
		t.Fatal(err)
	}
	if _, err := h.imap.Append(context.Background(), btpBox, "Sent", copyOf("<marked@afpa.fr>"), imap.FlagSeen, sentbox.Unsent); err != nil {
		t.Fatal(err)
	}
	h.startBot()
	for _, id := range []string{"o-left", "o-lost", "o-marked"} {
		h.waitOutgoing(id+" sent", func(o state.Outgoing) bool { return o.ID == id && o.Status == state.OutSent })
	}
	got := map[string]int{}
	for _, m := range h.smtp.Messages() {
		got[m.Header.Get("Message-Id")]++
	}
	if want := map[string]int{"<lost@afpa.fr>": 1, "<marked@afpa.fr>": 1}; !maps.Equal(got, want) {
		t.Errorf("the sink got %v, want %v (<left@afpa.fr> is in Sent already)", got, want)
	}
	h.sentCopies(3)
}

func TestBounceOfOurReplyBecomesATask(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	h.deliver(btpBox, mail(centre, btpBox, "Connexion CERES", "<b1@cfp-exemple.test>", "Mon, 1 Mar 2027 09:55:00 +0100", ceresQuestion))
	ours := h.waitSent(1)[0].Header.Get("Message-Id")
	dsn := "From: MAILER-DAEMON@mx.cfp-exemple.test\nTo: " + btpBox + "\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn1@mx.cfp-exemple.test>\n" +
		"Date: Mon, 1 Mar 2027 10:01:00 +0100\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n" +
		"--B\nContent-Type: text/plain\n\nThe mail could not be delivered.\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.cfp-exemple.test\n\nFinal-Recipient: rfc822; certif@cfp-exemple.test\nAction: failed\nStatus: 5.1.1\n\n" +
		"--B\nContent-Type: message/rfc822\n\nFrom: " + btpBox + "\nTo: certif@cfp-exemple.test\nSubject: Re: Connexion CERES\nMessage-ID: " + ours + "\n\nBonjour\n--B--\n"
	uid := h.deliver(btpBox, dsn)
	h.waitFlag(btpBox, uid, "$MailbotDone")
	tasks, _ := h.app.Store.Tasks()
	found := false
	for _, tk := range tasks {
		found = found || strings.Contains(tk.Title, "n'a pas été remis")
	}
	if !found {
		t.Errorf("no task for the bounced reply; tasks: %+v", tasks)
	}
	if n := len(h.smtp.Messages()); n != 1 {
		t.Errorf("got %d mails, want 1: a bounce is never answered", n)
	}
}
