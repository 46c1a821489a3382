package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/engine"
	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/testutil"
	"mailbot/state"
)

// TestAgentsVerdictsAreKept: what agents do in the dashboard is kept as
// their verdict on the bot's category. A reclassification keeps the mail
// as a labelled example (new text without the quoted history, subject,
// mailbox, time, the bot's category and confidence, the agent's); sending
// the bot's held reply or closing the conversation is an acceptance;
// discarding a reply says nothing; and an acceptance after a
// reclassification does not undo it.
func TestAgentsVerdictsAreKept(t *testing.T) {
	start := paris(2027, time.March, 1, 10, 0)
	h := newMemHarness(t, start, setup{configure: func(c *testutil.Config) { c.Set("modes.default", "approve") }})
	deliver := func(subject, id, body string) string {
		raw := mail(centre, btpBox, subject, id, "Mon, 1 Mar 2027 09:50:00 +0100", body)
		h.waitFlag(btpBox, h.deliver(btpBox, raw), "$MailbotDone")
		return engine.Reference(mailmsg.Parse(strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n"))))
	}
	reclassified := deliver("Re: Session du 13/04/2027", "<v1@cfp-exemple.test>",
		"Bonjour,\nUn candidat a droit à un tiers temps : comment l'appliquer à l'épreuve du 13/04/2027 ?\nCordialement\n\nLe 28/02/2027, GEV a écrit :\n> Nous accusons réception de votre demande.\n> Ancien texte cité.")
	approved := deliver("Connexion CERES", "<v2@cfp-exemple.test>",
		"Bonjour,\nNous n'arrivons plus à nous connecter à CERES depuis ce matin, le mot de passe est refusé.\nMerci")
	closed := deliver("Connexion CERES impossible", "<v3@cfp-exemple.test>",
		"Bonjour,\nImpossible d'ouvrir une session sur CERES, le site affiche une erreur d'identifiant.\nCordialement")

	held := func(conv string) string {
		out, err := h.app.Store.Outbox()
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if o.ConversationID == conv && o.Status == state.OutHeld {
				return o.ID
			}
		}
		t.Fatalf("no held mail in %s: %+v", conv, out)
		return ""
	}
	// The bot's category is whatever the model made of the mail; the
	// verdict must keep that one, not the agent's.
	before, err := h.app.Store.Conversation(reclassified)
	if err != nil || before == nil || before.Category == "complaint" {
		t.Fatalf("conversation %s before the reclassification: %+v (%v)", reclassified, before, err)
	}
	h.clock.Advance(time.Hour)
	if err := h.app.Bot.Reclassify(context.Background(), reclassified, "complaint", "paul"); err != nil {
		t.Fatal(err)
	}
	if err := h.app.Bot.Approve(held(approved), "marie"); err != nil {
		t.Fatal(err)
	}
	if err := h.app.Bot.Discard(held(closed), "marie"); err != nil {
		t.Fatal(err)
	}
	verdicts := func() map[string]state.Verdict {
		vs, err := h.app.Store.Verdicts()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]state.Verdict{}
		for _, v := range vs {
			m[v.Conversation] = v
		}
		return m
	}
	if _, ok := verdicts()[closed]; ok {
		t.Error("discarding the bot's reply was counted as a verdict")
	}
	if err := h.app.Bot.MarkDone(closed, "marie"); err != nil {
		t.Fatal(err)
	}
	if err := h.app.Bot.MarkDone(reclassified, "marie"); err != nil {
		t.Fatal(err)
	}
	vs := verdicts()
	if len(vs) != 3 {
		t.Fatalf("got %d verdicts, want 3: %+v", len(vs), vs)
	}
	for _, conv := range []string{approved, closed} {
		if v := vs[conv]; !v.Agreed() || v.Reclassified || v.Agent != "marie" || v.BotCategory != "ceres_support" || v.Example != nil {
			t.Errorf("acceptance of %s: %+v", conv, v)
		}
	}
	v := vs[reclassified]
	if v.Agreed() || !v.Reclassified || v.Agent != "paul" || v.AgentCategory != "complaint" ||
		v.BotCategory != before.Category || v.BotConfidence <= 0 ||
		v.Mailbox != "btp" || !v.Received.Equal(start) || !v.At.Equal(start.Add(time.Hour)) {
		t.Fatalf("reclassification: %+v", v)
	}
	ex := v.Example
	if ex == nil || ex.Subject != "Re: Session du 13/04/2027" || ex.From != "certif@cfp-exemple.test" || ex.FromName != "Centre Exemple" ||
		ex.To != btpBox || ex.MessageID != "<v1@cfp-exemple.test>" || ex.SessionDate != "2027-04-13" {
		t.Fatalf("example: %+v", ex)
	}
	if !strings.Contains(ex.Text, "tiers temps") || strings.Contains(ex.Text, "Ancien texte") {
		t.Errorf("example text is not the new text alone: %q", ex.Text)
	}
}
