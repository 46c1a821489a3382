package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/config"
	"mailbot/state"
)

func verdict(conv, bot, agent string, received time.Time) state.Verdict {
	return state.Verdict{Conversation: conv, Mailbox: "btp", Received: received, BotCategory: bot, AgentCategory: agent,
		Agent: "marie", At: received.Add(time.Hour), Reclassified: bot != agent}
}

// now is Tuesday 9 March 2027, in ISO week 10.
var sampleVerdicts = []state.Verdict{
	verdict("GEV-A1", "ceres_support", "ceres_support", now.Add(-time.Hour)),
	verdict("GEV-A2", "missing_envelopes", "missing_envelopes", now.Add(-24*time.Hour)),
	verdict("GEV-A3", "other", "cancellation", now.Add(-24*time.Hour)),
	verdict("GEV-B1", "complaint", "missing_envelopes", now.AddDate(0, 0, -3)),
	verdict("GEV-B2", "complaint", "complaint", now.AddDate(0, 0, -8)),
	verdict("GEV-OLD", "complaint", "other", now.AddDate(0, 0, -60)),
}

func TestAgreementOf(t *testing.T) {
	a := agreementOf(sampleVerdicts, now.AddDate(0, 0, -29))
	if a.Total.Agreed != 3 || a.Total.Samples != 5 || a.Total.Percent() != "60\u202f%" {
		t.Errorf("total: %+v %s, want 3 of 5, 60 %%", a.Total, a.Total.Percent())
	}
	want := []rate{
		{Label: "Semaine 9 de 2027 (du 01/03 au 07/03)", Agreed: 1, Samples: 2},
		{Label: "Semaine 10 de 2027 (du 08/03 au 14/03)", Agreed: 2, Samples: 3},
	}
	if len(a.Weeks) != len(want) || a.Weeks[0] != want[0] || a.Weeks[1] != want[1] {
		t.Errorf("weeks: got %+v, want %+v", a.Weeks, want)
	}
	got := map[string]categoryRate{}
	var order []string
	for _, c := range a.Categories {
		got[c.Label], order = c, append(order, c.Label)
	}
	if strings.Join(order, ",") != "Annulation de session,Plis non reçus,Réclamation,Assistance CERES,Autre" {
		t.Errorf("category order: %v", order)
	}
	for label, w := range map[string]categoryRate{
		"Plis non reçus":        {Bot: rate{Agreed: 1, Samples: 1}, Agent: rate{Agreed: 1, Samples: 2}},
		"Réclamation":           {Bot: rate{Agreed: 1, Samples: 2}, Agent: rate{Agreed: 1, Samples: 1}},
		"Annulation de session": {Agent: rate{Samples: 1}},
		"Autre":                 {Bot: rate{Samples: 1}},
	} {
		c := got[label]
		if c.Bot != w.Bot || c.Agent != w.Agent {
			t.Errorf("%s: got bot %+v agent %+v, want bot %+v agent %+v", label, c.Bot, c.Agent, w.Bot, w.Agent)
		}
	}
	if p := (rate{}).Percent(); p != "—" {
		t.Errorf("no sample: %q", p)
	}
}

// TestStatsPageShowsAgreement: the statistics page says, in French, how
// often agents kept the bot's category, per week and per category, with
// the counts and what a sample is; what agents and mail wrote is escaped.
func TestStatsPageShowsAgreement(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	if b := body(c.get("/statistiques?jours=30")); !strings.Contains(b, "Aucune conversation traitée par un agent sur la période.") {
		t.Error("without verdicts the page does not say there is nothing to measure")
	}
	hostile := verdict("GEV-XSS001", hostileSubject, "other", now.Add(-time.Hour))
	hostile.Agent = hostileSubject
	for _, v := range append(sampleVerdicts, hostile) {
		if err := f.store.Commit(state.Commit{Verdict: &v, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	b := body(c.get("/statistiques?jours=30"))
	for _, want := range []string{"Accord entre le robot et les agents", "Un échantillon est une conversation qu'un agent a traitée",
		"3 accord(s) sur 6 échantillon(s), soit 50\u202f%",
		"<td>Semaine 10 de 2027 (du 08/03 au 14/03)</td><td>2</td><td>4</td><td>50\u202f%</td>",
		"<td>Plis non reçus</td><td>1</td><td>1 (100\u202f%)</td><td>2</td><td>1 (50\u202f%)</td>"} {
		if !strings.Contains(b, want) {
			t.Errorf("stats page lacks %q", want)
		}
	}
	if strings.Contains(b, "<script>document.title") {
		t.Error("hostile text reached the page unescaped")
	}
	if b := body(c.get("/statistiques?jours=7")); !strings.Contains(b, "Semaine 9 de 2027") || !strings.Contains(b, "sur 5 échantillon(s)") {
		t.Error("the period does not bound the samples")
	}
}

// BenchmarkAgreement reads and counts 10 000 verdicts, a few years of
// agents' work, as the statistics page does.
func BenchmarkAgreement(b *testing.B) {
	st, err := state.Open(b.TempDir() + "/state.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cats := []string{"cancellation", "complaint", "other", "ceres_support"}
	for i := range 10000 {
		v := verdict(fmt.Sprintf("GEV-%06d", i), cats[i%4], cats[i%3], now.Add(-time.Duration(i)*time.Hour))
		if v.Reclassified {
			v.Example = &state.Example{Subject: "Objet", Text: strings.Repeat("texte du message ", 40)}
		}
		if err := st.Commit(state.Commit{Verdict: &v, At: now}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		vs, err := st.Verdicts()
		if err != nil {
			b.Fatal(err)
		}
		agreementOf(vs, now.AddDate(0, 0, -365))
	}
}
