package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/engine"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

// TestReclassifyReadsTheFactsAgain: an agent reclassifies a mail about the
// plis of a TP session that arrived in the CCP mailbox. The new reply
// follows the text (a TP session, its plis, its date), not the mailbox.
func TestReclassifyReadsTheFactsAgain(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	raw := mail(centre, "epreuves-ccp@afpa.fr", "Merci", "<tp-in-ccp@cfp-exemple.test>", "Mon, 1 Mar 2027 09:50:00 +0100",
		"Bonjour,\nMerci pour votre retour. Pour la session DTE TP Maçon du 13/04/2027 (pas de CCP), nous n'avons toujours pas reçu les plis.\nCordialement")
	uid := h.deliver("epreuves-ccp@afpa.fr", raw)
	h.waitFlag("epreuves-ccp@afpa.fr", uid, "$MailbotDone")
	conv := engine.Reference(mailmsg.Parse(strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n"))))
	// The first reply may be sent before the agent acts: the reply
	// looked at is the one the reclassification queued.
	first, err := h.app.Store.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.app.Bot.Reclassify(context.Background(), conv, "missing_envelopes", "agent"); err != nil {
		t.Fatal(err)
	}
	out, err := h.app.Store.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	var reply *state.Outgoing
	for i, o := range out {
		if o.ConversationID == conv && o.Kind == "reply" && !slices.ContainsFunc(first, func(f state.Outgoing) bool { return f.ID == o.ID }) {
			reply = &out[i]
		}
	}
	if reply == nil {
		t.Fatalf("no reply queued for %s after reclassifying: %+v", conv, out)
	}
	if reply.Template != "missing_envelopes_tp_wait" || !strings.Contains(reply.Text, "mardi 13/04/2027") || strings.Contains(reply.Text, "DTE CCP") {
		t.Errorf("got template %s, want the TP reply for the session of 13/04/2027:\n%s", reply.Template, reply.Text)
	}
	if c, _ := h.app.Store.Conversation(conv); !c.Misrouted {
		t.Error("a TP matter in the CCP mailbox is not flagged misrouted")
	}
}
