package corrections

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailbot/classify"
	"mailbot/classify/corpus"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

var received = time.Date(2027, time.March, 1, 9, 50, 0, 0, calendar.Paris)

func verdicts() []state.Verdict {
	no := false
	long := strings.Repeat("très long paragraphe sans retour à la ligne, ", 40)
	return []state.Verdict{
		{Conversation: "GEV-AAAA2222", Mailbox: "btp", Received: received, BotCategory: "other", BotConfidence: 0.42,
			AgentCategory: "cancellation", Agent: "marie", At: received.Add(time.Hour), Reclassified: true,
			Example: &state.Example{MessageID: "<a1@cfp-exemple.test>", From: "certif@cfp-exemple.test", FromName: "Centre Élan",
				To: "epreuves-btp@afpa.fr", Subject: "TR: Annulation — session d'été", Text: "Bonjour,\nLa session du 13/04/2027 est annulée ; nous n'avons pas reçu les plis.\n" + long + "\nMerci.",
				SessionDate: "2027-04-13", EnvelopesReceived: &no}},
		{Conversation: "GEV-BBBB3333", Mailbox: "ccp", Received: received, BotCategory: "ceres_support", AgentCategory: "ceres_support", Agent: "paul", At: received},
		{Conversation: "../GEV CCCC", Mailbox: "ccp", Received: received, BotCategory: "complaint", AgentCategory: "other", Agent: "paul", At: received,
			Reclassified: true, Example: &state.Example{MessageID: "pas un identifiant", From: "", Subject: "", Text: "Publicité."}},
	}
}

// TestExportWritesAnEvalFolder: the reclassifications (not the
// acceptances) become well-formed UTF-8 messages named after their
// conversation and a labels.jsonl the corpus reader accepts, labelled with
// the agent's category; read back, each message gives the model the text
// the agent labelled; and the same verdicts give the same bytes.
func TestExportWritesAnEvalFolder(t *testing.T) {
	dir, again := t.TempDir(), t.TempDir()
	n, err := Export(verdicts(), dir)
	if err != nil || n != 2 {
		t.Fatalf("Export: %d, %v; want 2 examples", n, err)
	}
	labels, err := corpus.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 2 || labels[0].File != "GEV-AAAA2222.eml" || labels[1].File != "___GEV_CCCC.eml" {
		t.Fatalf("labels: %+v", labels)
	}
	l := labels[0]
	if l.Category != classify.Cancellation || l.Mailbox != "btp" || l.Received != "2027-03-01T09:50:00+01:00" ||
		l.SessionDate == nil || *l.SessionDate != "2027-04-13" || l.EnvelopesReceived == nil || *l.EnvelopesReceived ||
		!strings.Contains(l.Note, "marie") || !strings.Contains(l.Note, "other") {
		t.Errorf("label: %+v", l)
	}
	for i, v := range verdicts() {
		if !v.Reclassified {
			continue
		}
		name := labels[min(i, 1)].File
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.SplitAfter(string(raw), "\n") {
			if line != "" && (!strings.HasSuffix(line, "\r\n") || len(line) > 1000) {
				t.Fatalf("%s: a line without CRLF or over 998 octets (RFC 5322 section 2.1.1): %q", name, line)
			}
		}
		m := mailmsg.Parse(bytes.NewReader(raw))
		ex := v.Example
		if m.Subject != ex.Subject || strings.TrimRight(m.Text, "\r\n") != ex.Text || !m.Date.Equal(received) ||
			m.MessageID == "" || m.From.Address == "" || len(m.To) != 1 || len(m.Problems) > 0 {
			t.Errorf("%s read back: subject %q, date %v, id %q, from %+v, to %+v, problems %v\ntext %q", name, m.Subject, m.Date, m.MessageID, m.From, m.To, m.Problems, m.Text)
		}
		stored := classify.NewText(&mailmsg.Message{Subject: ex.Subject, Text: ex.Text})
		if got := classify.NewText(m); strings.TrimSpace(got) != strings.TrimSpace(stored) {
			t.Errorf("%s: the model reads %q, it read %q before the export", name, got, stored)
		}
	}
	first, _ := os.ReadFile(filepath.Join(dir, "GEV-AAAA2222.eml"))
	if m := mailmsg.Parse(bytes.NewReader(first)); m.MessageID != "<a1@cfp-exemple.test>" || m.From.Name != "Centre Élan" {
		t.Errorf("original Message-ID and sender not kept: %q %+v", m.MessageID, m.From)
	}
	if _, err := Export(verdicts(), again); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"labels.jsonl", "GEV-AAAA2222.eml", "___GEV_CCCC.eml"} {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(again, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two exports of the same verdicts", name)
		}
	}
}
