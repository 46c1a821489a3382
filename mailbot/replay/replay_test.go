package replay

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/mailbot/config"
	"mailbot/mailbot/testutil"
	"mailbot/state"
)

func sample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mboxOf writes messages as an mboxrd file (RFC 4155): a From_ line, the
// message with its "From " lines quoted, an empty line.
func mboxOf(msgs ...string) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("From centre@example.fr Mon Mar  1 14:30:00 2027\n")
		b.WriteString(strings.ReplaceAll(m, "\nFrom ", "\n>From "))
		b.WriteString("\n")
	}
	return b.String()
}

// exports writes the same French sample mail as a folder of .eml files
// (named so that the answer sorts before its question), an mbox and a
// Maildir that repeats one message of the mbox.
func exports(t *testing.T) []string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "eml", "1-relance.eml"), sample(t, "relance.eml"))
	writeFile(t, filepath.Join(dir, "eml", "2-question.eml"), sample(t, "question-ingenierie.eml"))
	writeFile(t, filepath.Join(dir, "eml", "notes.txt"), "not mail")
	writeFile(t, filepath.Join(dir, "export.mbox"), mboxOf(sample(t, "liens.eml"), sample(t, "ceres.eml")))
	writeFile(t, filepath.Join(dir, "Maildir", "new", "1709290000.M1P1.host"), sample(t, "absence.eml"))
	writeFile(t, filepath.Join(dir, "Maildir", "cur", "1709280000.M2P2.host:2,S"), sample(t, "liens.eml"))
	if err := os.MkdirAll(filepath.Join(dir, "Maildir", "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	return []string{filepath.Join(dir, "eml"), filepath.Join(dir, "export.mbox"), filepath.Join(dir, "Maildir")}
}

// replayConfig points IMAP and SMTP at closed ports and answers a sender
// once a day, so that the loop guard's limit shows.
func replayConfig(t *testing.T) (*config.Config, *testutil.Config) {
	b := testutil.NewConfig(t, testutil.ClosedPort(t), testutil.ClosedPort(t)).Mailbox("btp").Mailbox("ccp").
		Engineer("btp", "ingenierie-btp@afpa.fr").Set("policy.max_replies_per_day", 1)
	return b.Parse(), b
}

func TestReplayRecordsShadowDecisions(t *testing.T) {
	cfg, _ := replayConfig(t)
	var results []Result
	sum, err := Run(context.Background(), Options{Config: cfg, Paths: exports(t), Each: func(r Result) { results = append(results, r) }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Messages != 6 || sum.Decided != 5 || sum.Duplicates != 1 || len(sum.Errors) != 0 {
		t.Fatalf("got %+v; want 6 messages, 5 decided, 1 duplicate (the mbox's mail again in the Maildir), no error", sum)
	}
	// The question and its follow-up ("je complète ma question d'hier")
	// are both engineering questions.
	wantCat := map[string]int{"engineering_question": 2, "missing_envelopes": 1, "ceres_support": 1, "auto_reply": 1}
	for c, n := range wantCat {
		if sum.ByCategory[c] != n {
			t.Errorf("category %s: got %d, want %d (all: %v)", c, sum.ByCategory[c], n, sum.ByCategory)
		}
	}
	// Replayed by date, whatever the files' order.
	for i := 1; i < len(results); i++ {
		if results[i].Date.Before(results[i-1].Date) {
			t.Errorf("%s (%s) replayed after %s (%s)", results[i].Name, results[i].Date, results[i-1].Name, results[i-1].Date)
		}
	}
	byID := map[string]Result{}
	for _, r := range results {
		if r.Event != nil {
			byID[r.MessageID] = r
		}
	}
	question, followUp := byID["<q1.20270302@cfa-batiment-exemple.fr>"], byID["<q2.20270303@cfa-batiment-exemple.fr>"]
	if question.Event == nil || followUp.Event == nil || question.Event.Conversation != followUp.Event.Conversation {
		t.Errorf("threading: the follow-up is not in its question's conversation (%+v, %+v)", question.Event, followUp.Event)
	}
	if followUp.Event != nil && followUp.Event.Decision.Plan.Action != "escalate" {
		t.Errorf("follow-up: got action %s, want escalate (for an agent)", followUp.Event.Decision.Plan.Action)
	}
	// The second mail of the day to the same centre is not answered:
	// the 24-hour limit ran on the messages' own dates.
	if ceres := byID["<c1.20270301@formation-exemple.fr>"]; ceres.Event == nil || !strings.Contains(ceres.Event.Note, "aucun envoi automatique") {
		t.Errorf("rate limit: got %+v, want no automatic mail for the second message of the day", ceres.Event)
	}

	checkState(t, cfg.State.Path, sum.Shadow)

	// A second replay of the same files finds every message already there.
	again, err := Run(context.Background(), Options{Config: cfg, Paths: exports(t)})
	if err != nil {
		t.Fatal(err)
	}
	if again.Duplicates != 6 || again.Shadow != 0 {
		t.Errorf("second replay: got %+v, want 6 duplicates and no new mail", again)
	}
}

// checkState checks what a replay left in the state file: shadow mail
// never tried, four conversations dated by their mail.
func checkState(t *testing.T, path string, shadow int) {
	t.Helper()
	st, err := state.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out, err := st.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != shadow || shadow < 3 {
		t.Errorf("outbox holds %d mails, summary says %d shadow; want the ack, the forward and the reply (3 or more)", len(out), shadow)
	}
	for _, o := range out {
		if o.Status != state.OutShadow || o.Attempts != 0 {
			t.Errorf("mail %s (%s): status %s after %d attempts; want shadow, never tried", o.ID, o.Kind, o.Status, o.Attempts)
		}
	}
	convs, err := st.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != 4 {
		t.Errorf("got %d conversations, want 4 (question and follow-up share one)", len(convs))
	}
	for _, c := range convs {
		in := c.Entries[0]
		if !c.Created.Equal(in.At) || c.Created.Year() != 2027 {
			t.Errorf("conversation %s created %s; want the date of its first message (clock = Date)", c.ID, c.Created)
		}
		if in.MessageID == "<l1.20270301@formation-exemple.fr>" && !strings.Contains(in.Text, "\nFrom our side") {
			t.Errorf("the mbox's quoted >From line is not unquoted:\n%s", in.Text)
		}
	}
}

func TestReplayReportsWhatItCannotReplay(t *testing.T) {
	cfg, _ := replayConfig(t)
	cfg.IMAP.MaxMessageSize = 600
	dir := t.TempDir()
	big := sample(t, "question-ingenierie.eml") + strings.Repeat("ligne de remplissage\n", 40)
	writeFile(t, filepath.Join(dir, "gros.eml"), big)
	writeFile(t, filepath.Join(dir, "ailleurs.eml"), strings.Replace(sample(t, "ceres.eml"), "epreuves-ccp@afpa.fr", "contact@example.fr", 1))
	sum, err := Run(context.Background(), Options{Config: cfg, Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Errors) != 2 || !strings.Contains(strings.Join(sum.Errors, "\n"), "max_message_size") || !strings.Contains(strings.Join(sum.Errors, "\n"), "--mailbox") {
		t.Errorf("got errors %q, want the large mail and the one for no mailbox", sum.Errors)
	}
	// --mailbox replays mail addressed elsewhere into the given sector.
	sum, err = Run(context.Background(), Options{Config: cfg, Paths: []string{filepath.Join(dir, "ailleurs.eml")}, Mailbox: "ccp"})
	if err != nil || sum.Decided != 1 {
		t.Errorf("with Mailbox: got %+v, %v; want the message decided", sum, err)
	}
	if _, err := Run(context.Background(), Options{Config: cfg, Paths: []string{filepath.Join(dir, "absent")}}); err == nil {
		t.Error("a missing path gives no error")
	}
}

func TestReplayRefusesALockedStateFile(t *testing.T) {
	cfg, _ := replayConfig(t)
	st, err := state.Open(cfg.State.Path) // as the running daemon does
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = Run(context.Background(), Options{Config: cfg, Paths: exports(t)})
	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Errorf("got %v, want an error saying the state file is locked", err)
	}
}
