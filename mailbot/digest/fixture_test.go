package digest

import (
	"path/filepath"
	"testing"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/state"
)

func paris(m time.Month, d, h, min int) time.Time {
	return time.Date(2027, m, d, h, min, 0, 0, calendar.Paris)
}

// The fixture's digest runs Tuesday 9 March 2027 at 08:15 and covers the
// day since Monday's run.
var (
	fixSince = paris(time.March, 8, 8, 15)
	fixNow   = paris(time.March, 9, 8, 15)
)

func openStore(t *testing.T) *state.Store {
	t.Helper()
	s, err := state.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newCalendar(t *testing.T) *calendar.Calendar {
	t.Helper()
	cal, err := calendar.New(calendar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// conv is one fixture conversation with its incoming mail at the given times.
func conv(id, sector, category, status, priority, subject string, in ...time.Time) *state.Conversation {
	c := &state.Conversation{
		ID: id, Sector: sector, Category: category, Status: status, Priority: priority,
		CentreAddress: "certif@" + id[4:] + ".test", CentreName: "Centre " + id[4:], Subject: subject,
		Created: in[0], Updated: in[len(in)-1],
	}
	for _, at := range in {
		c.Entries = append(c.Entries, state.Entry{At: at, Kind: "in", From: c.CentreAddress, Subject: subject})
	}
	return c
}

func task(id, conv, priority, title string, at time.Time) state.Task {
	return state.Task{ID: id, ConversationID: conv, Priority: priority, Title: title, Created: at}
}

func out(id, conv, kind, status string, created, sent time.Time) state.Outgoing {
	return state.Outgoing{ID: id, ConversationID: conv, Kind: kind, Status: status, Created: created, SendAt: created, SentAt: sent,
		MessageID: "<" + id + "@afpa.test>", To: []string{"certif@centre.test"}, Subject: "Re: …", Text: "Bonjour"}
}

// seed writes the fixture: each kind of work the digest reports, in
// several sectors, with a hostile subject and centre name.
func seed(t *testing.T, s *state.Store) {
	t.Helper()
	mon := func(h, m int) time.Time { return paris(time.March, 8, h, m) }
	fri := func(h, m int) time.Time { return paris(time.March, 5, h, m) }
	hostile := conv("GEV-AUTRE1", "industrie", "other", state.StatusNeedsHuman, state.PriorityNormal,
		`<script>alert(1)</script> "><img src=x onerror=alert(2)>`, mon(16, 0))
	hostile.CentreName = `Centre "Évil" <b>gras</b>`
	engineering := conv("GEV-ING001", "btp", "engineering_question", state.StatusWaitingEngineer, state.PriorityNormal,
		"Question sur le DTE maçon", paris(time.March, 2, 16, 0))
	engineering.ForwardedAt = paris(time.March, 3, 8, 30)
	commits := []state.Commit{
		{Conversation: conv("GEV-PLIS01", "btp", "missing_envelopes", state.StatusNeedsHuman, state.PriorityUrgent, "Plis non reçus session du 18/03", mon(10, 0)),
			Tasks: []state.Task{task("t1", "GEV-PLIS01", state.PriorityUrgent, "Plis non reçus à moins de 2 semaines de la session", mon(10, 0))}},
		{Conversation: conv("GEV-ANNUL1", "ccp", "cancellation", state.StatusNeedsHuman, state.PriorityHigh, "Session annulée par la DREETS", mon(11, 0)),
			Tasks: []state.Task{task("t2", "GEV-ANNUL1", state.PriorityHigh, "Annuler l'expédition des plis", mon(11, 0))}},
		{Conversation: conv("GEV-RECLA1", "tertiaire", "complaint", state.StatusNeedsHuman, state.PriorityHigh, "Colis ouvert à la réception", fri(14, 0)),
			Tasks: []state.Task{task("t3", "GEV-RECLA1", state.PriorityHigh, "Réclamation à traiter", fri(14, 0))}},
		{Conversation: hostile},
		{Conversation: engineering},
		{Conversation: conv("GEV-ING002", "industrie", "engineering_question", state.StatusWaitingEngineer, state.PriorityNormal,
			"Épreuve de soudure : matériel", mon(17, 45))},
		{Conversation: conv("GEV-CERES1", "btp", "ceres_support", state.StatusOpen, state.PriorityNormal, "Connexion CERES impossible", mon(10, 0)),
			Outgoing: []state.Outgoing{out("o1", "GEV-CERES1", "reply", state.OutSent, mon(10, 0), mon(10, 1))}},
		{Conversation: conv("GEV-TIME01", "ccp", "request_timing", state.StatusOpen, state.PriorityNormal, "Quand demander le DTE ?", mon(9, 0)),
			Outgoing: []state.Outgoing{out("o2", "GEV-TIME01", "reply", state.OutHeld, mon(9, 0), time.Time{})}},
		{Conversation: conv("GEV-BOUNC1", "tertiaire", "ceres_support", state.StatusOpen, state.PriorityNormal, "Accès CERES", fri(9, 0), mon(14, 0)),
			Tasks:    []state.Task{task("t4", "GEV-BOUNC1", state.PriorityHigh, "Un message envoyé par la GEV n'a pas été remis", mon(14, 0))},
			Outgoing: []state.Outgoing{out("o3", "GEV-BOUNC1", "reply", state.OutSent, fri(9, 0), fri(9, 1))}},
		{Conversation: conv("GEV-SHADW1", "btp", "session_change", state.StatusOpen, state.PriorityNormal, "Reporter la session", mon(15, 0)),
			Outgoing: []state.Outgoing{out("o4", "GEV-SHADW1", "reply", state.OutShadow, mon(15, 0), time.Time{})}},
		{Conversation: conv("GEV-DONE01", "btp", "complaint", state.StatusClosed, state.PriorityHigh, "Fichier manquant", mon(9, 30)),
			Tasks: []state.Task{{ID: "t5", ConversationID: "GEV-DONE01", Priority: state.PriorityHigh, Title: "Fait", Created: mon(9, 30), Done: true}}},
	}
	for _, cm := range commits {
		if err := s.Commit(cm); err != nil {
			t.Fatal(err)
		}
	}
}

var fixMailboxes = []Mailbox{
	{Name: "btp"},
	{Name: "ccp", DownSince: paris(time.March, 9, 8, 10), LastError: "timeout"},
	{Name: "industrie", DownSince: paris(time.March, 9, 7, 30), LastError: "dial tcp: connection refused <imap.example.org>"},
}
