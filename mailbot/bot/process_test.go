package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/bot"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/loopguard"
	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/testutil"
	"mailbot/mailbot/workflow"
	"mailbot/state"
	"mailbot/templates"
)

// adviser is an LLM second opinion under the test's control: it reports
// each call on called and answers when release is closed. stubborn ones
// ignore their context, as a hung computation would.
type adviser struct {
	called   chan string
	release  chan struct{}
	stubborn bool
	panics   bool
}

func newAdviser() *adviser {
	return &adviser{called: make(chan string, 10), release: make(chan struct{})}
}

func (a *adviser) Advise(ctx context.Context, subject, _ string) (classify.Category, float64, error) {
	a.called <- subject
	switch {
	case a.panics:
		panic("adviser bug")
	case a.stubborn:
		<-a.release
	default:
		select {
		case <-a.release:
		case <-ctx.Done():
			return classify.Other, 0, ctx.Err()
		}
	}
	return classify.CeresSupport, 0.9, nil
}

// monday is a working morning: replies go at once.
var monday = time.Date(2027, time.March, 1, 10, 0, 0, 0, calendar.Paris)

func newBot(t testing.TB, adv classify.Adviser, stage time.Duration) (*bot.Bot, *state.Store) {
	t.Helper()
	// A high threshold, so that unsure is unsure whatever the model makes
	// of it, and sure, a plain CERES question, is still decided.
	return newBotWith(t, classify.Options{Adviser: adv, Threshold: 0.95}, stage)
}

func newBotWith(t testing.TB, copts classify.Options, stage time.Duration) (*bot.Bot, *state.Store) {
	t.Helper()
	st, err := state.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cal, err := calendar.New(calendar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	eng := &engine.Engine{
		Classifier: classify.New(copts),
		Policy:     workflow.Policy{Calendar: cal, GenericAck: true},
		Templates:  tpl,
		Addresses:  map[string]string{"btp": "epreuves-btp@afpa.fr", "ccp": "epreuves-ccp@afpa.fr"},
	}
	engineers := map[string][]string{"btp": {"ingenierie-btp@afpa.fr"}}
	b := bot.New(bot.Options{
		Rules: bot.Rules{
			Engine: eng, Engineers: engineers,
			Guard: loopguard.New([]string{"epreuves-btp@afpa.fr", "epreuves-ccp@afpa.fr"}, engineers["btp"], 3, st),
		},
		Store: st, StageTimeout: stage,
		Sender:      nil,
		IsTemporary: func(error) bool { return true },
		Clock:       testutil.NewClock(monday).Now,
		Logger:      slog.New(slog.DiscardHandler),
	})
	return b, st
}

func raw(from, subject, id, body string) string {
	return fmt.Sprintf("From: %s\r\nTo: epreuves-btp@afpa.fr\r\nSubject: %s\r\nMessage-ID: %s\r\nDate: Mon, 1 Mar 2027 09:55:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
		from, subject, id, body)
}

// unsure has no known topic: below newBot's threshold, the classifier
// asks the second opinion.
var unsure = raw("Centre Un <c1@centre.test>", "Une question", "<unsure@centre.test>", "Bonjour,\r\nXyzzy plugh quux.\r\nMerci")

// sure is a CERES login question the rules answer alone.
var sure = raw("Centre Deux <c2@centre.test>", "Connexion CERES impossible", "<sure@centre.test>",
	"Bonjour,\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé. Comment faire ?")

func seen(t *testing.T, st *state.Store, mailbox, message string) bool {
	t.Helper()
	m := mailmsg.Parse(strings.NewReader(message))
	convs, err := st.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range convs {
		for _, e := range c.Entries {
			if e.Kind == "in" && e.MessageID == m.MessageID && e.Mailbox == mailbox {
				return true
			}
		}
	}
	return false
}

// One slow second opinion must not stall the other mailboxes: the decision
// runs outside the bot's lock.
func TestDecisionRunsOutsideTheLock(t *testing.T) {
	adv := newAdviser()
	b, st := newBot(t, adv, 0)
	slow := make(chan error, 1)
	go func() { slow <- b.Process(context.Background(), "btp", strings.NewReader(unsure)) }()
	<-adv.called
	fast := make(chan error, 1)
	go func() { fast <- b.Process(context.Background(), "ccp", strings.NewReader(sure)) }()
	select {
	case err := <-fast:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a message waited for another message's LLM call")
	}
	if !seen(t, st, "ccp", sure) || seen(t, st, "btp", unsure) {
		t.Error("want the fast message committed while the slow one waits for its second opinion")
	}
	close(adv.release)
	if err := <-slow; err != nil || !seen(t, st, "btp", unsure) {
		t.Errorf("slow message: %v, committed %v", err, seen(t, st, "btp", unsure))
	}
}

// A second opinion cut by shutdown commits nothing: the message is not
// filed as "other", it waits for the next run.
func TestCancelledDecisionCommitsNothing(t *testing.T) {
	adv := newAdviser()
	b, st := newBot(t, adv, 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Process(ctx, "btp", strings.NewReader(unsure)) }()
	<-adv.called
	cancel()
	if err := <-done; err == nil {
		t.Error("got nil, want an error: the message must stay unmarked")
	}
	if convs, _ := st.Conversations(); len(convs) != 0 {
		t.Errorf("got %d conversations, want none (category %s)", len(convs), convs[0].Category)
	}
}

// A decision that panics or overruns its budget is the message's failure
// (ErrUnprocessable), never a crash, and commits nothing.
func TestBadDecisionIsUnprocessable(t *testing.T) {
	for _, name := range []string{"panic", "stall"} {
		t.Run(name, func(t *testing.T) {
			adv := newAdviser()
			adv.panics, adv.stubborn = name == "panic", name == "stall"
			t.Cleanup(func() { close(adv.release) })
			b, st := newBot(t, adv, 200*time.Millisecond)
			err := b.Process(context.Background(), "btp", strings.NewReader(unsure))
			if !errors.Is(err, bot.ErrUnprocessable) {
				t.Errorf("got %v, want ErrUnprocessable", err)
			}
			if convs, _ := st.Conversations(); len(convs) != 0 {
				t.Errorf("got %d conversations, want none", len(convs))
			}
		})
	}
}

var newRef = regexp.MustCompile(`^GEV-[A-Z2-9]{8}$`)

// Two messages whose references collide make two conversations: the
// second gets another reference, and the first keeps its history.
func TestReferenceCollisionMakesANewConversation(t *testing.T) {
	b, st := newBot(t, nil, 0)
	ref := engine.Reference(mailmsg.Parse(strings.NewReader(sure)))
	first := &state.Conversation{ID: ref, Sector: "btp", Status: state.StatusWaitingEngineer, CentreAddress: "autre@centre.test", Subject: "Question DTE"}
	if err := st.Commit(state.Commit{Conversation: first}); err != nil {
		t.Fatal(err)
	}
	if err := b.Process(context.Background(), "btp", strings.NewReader(sure)); err != nil {
		t.Fatal(err)
	}
	convs, _ := st.Conversations()
	if len(convs) != 2 {
		t.Fatalf("got %d conversations, want 2", len(convs))
	}
	if c, _ := st.Conversation(ref); c.CentreAddress != "autre@centre.test" || c.Status != state.StatusWaitingEngineer {
		t.Errorf("the first conversation changed: %+v", c)
	}
	for _, c := range convs {
		if c.ID != ref && (!newRef.MatchString(c.ID) || c.CentreAddress != "c2@centre.test") {
			t.Errorf("second conversation: got %s for %s, want a new GEV-XXXXXXXX for c2@centre.test", c.ID, c.CentreAddress)
		}
	}
	out, _ := st.Outbox()
	if len(out) != 1 || out[0].ConversationID == ref || out[0].To[0] != "c2@centre.test" {
		t.Errorf("outbox: got %+v, want the reply to c2 in its own conversation", out)
	}
}

// A six-character reference from before still names its conversation.
func TestOldReferenceStillThreads(t *testing.T) {
	b, st := newBot(t, nil, 0)
	old := &state.Conversation{ID: "GEV-7K2Q9M", Sector: "btp", Status: state.StatusWaitingEngineer, Category: "engineering_question",
		CentreAddress: "c1@centre.test", Subject: "Question DTE maçon",
		Entries: []state.Entry{{Kind: "in", MessageID: "<q@centre.test>", From: "c1@centre.test", Text: "Question ?"}}}
	old.AddMessageIDs("<q@centre.test>")
	if err := st.Commit(state.Commit{Conversation: old}); err != nil {
		t.Fatal(err)
	}
	followUp := raw("c1@centre.test", "Re: [GEV-7K2Q9M] Question DTE maçon", "<f@centre.test>", "Avez-vous du nouveau ?")
	if err := b.Process(context.Background(), "btp", strings.NewReader(followUp)); err != nil {
		t.Fatal(err)
	}
	convs, _ := st.Conversations()
	if c, _ := st.Conversation("GEV-7K2Q9M"); len(convs) != 1 || c == nil || len(c.Entries) < 2 {
		t.Errorf("got %d conversations, want the follow-up in GEV-7K2Q9M", len(convs))
	}
}

// A megabyte of Subject keeps its Message-ID, and what the bot stores and
// sends of it is short.
func TestHugeSubjectIsCutNotLost(t *testing.T) {
	b, st := newBot(t, nil, 0)
	msg := raw("Centre Deux <c2@centre.test>", "Connexion CERES "+strings.Repeat("très ", 200_000), "<long@centre.test>",
		"Bonjour,\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé.")
	if err := b.Process(context.Background(), "btp", strings.NewReader(msg)); err != nil {
		t.Fatal(err)
	}
	convs, _ := st.Conversations()
	if len(convs) != 1 || len(convs[0].Subject) > 1100 || !slices.Contains(convs[0].MessageIDs, "<long@centre.test>") {
		t.Fatalf("got %d conversations, subject of %d bytes; want one, holding the Message-ID, with a short subject", len(convs), len(convs[0].Subject))
	}
	out, _ := st.Outbox()
	if len(out) != 1 || len([]rune(out[0].Subject)) > engine.MaxEcho+4 || out[0].InReplyTo != "<long@centre.test>" {
		t.Errorf("reply: got subject of %d characters in reply to %q", len([]rune(out[0].Subject)), out[0].InReplyTo)
	}
}

// An unread message (too large, or poison) becomes a conversation with an
// urgent task, once, and is counted.
func TestQuarantineRecordsTheMessageUnread(t *testing.T) {
	b, st := newBot(t, nil, 0)
	q := imapwatch.Quarantined{Mailbox: "btp", UID: 7, UIDValidity: 1, Reason: imapwatch.TooLarge, Size: 71_700_000,
		Subject: "Dossier complet", From: "C1@Centre.test", FromName: "Centre Un", MessageID: "<big@centre.test>",
		Attachments: []string{"dossier.pdf"}}
	for range 2 { // the second time (a crash before the mark) changes nothing
		if err := b.Quarantine(q); err != nil {
			t.Fatal(err)
		}
	}
	convs, _ := st.Conversations()
	if len(convs) != 1 || convs[0].CentreAddress != "c1@centre.test" || convs[0].Priority != state.PriorityUrgent || convs[0].Status != state.StatusNeedsHuman {
		t.Fatalf("got %+v, want one urgent conversation for an agent", convs)
	}
	if e := convs[0].Entries[0]; e.MessageID != "<big@centre.test>" || len(e.Problems) != 1 || !strings.Contains(e.Problems[0], "68.4 Mo") || e.Attachments[0] != "dossier.pdf" {
		t.Errorf("entry: got %+v", e)
	}
	tasks, _ := st.Tasks()
	if len(tasks) != 1 || tasks[0].Priority != state.PriorityUrgent || !strings.Contains(tasks[0].Title, "Message impossible à traiter") || tasks[0].ConversationID != convs[0].ID {
		t.Errorf("tasks: got %+v", tasks)
	}
	if n, _ := st.Unreadable(); n["too_large"] != 1 {
		t.Errorf("unreadable counts: got %v, want one too large", n)
	}
	if out, _ := st.Outbox(); len(out) != 0 {
		t.Errorf("outbox: got %d mails, want none: nothing is answered unread", len(out))
	}
}

// An agent's action is one commit: when its note cannot be written, the
// mail is not released either.
func TestAgentActionIsAllOrNothing(t *testing.T) {
	b, st := newBot(t, nil, 0)
	held := state.Outgoing{ID: "held-1", ConversationID: "GEV-GONE0000", Status: state.OutHeld, SendAt: monday, Created: monday}
	if err := st.Commit(state.Commit{Outgoing: []state.Outgoing{held}}); err != nil {
		t.Fatal(err)
	}
	if err := b.Approve("held-1", "marie"); err == nil {
		t.Error("got nil, want the missing conversation reported")
	}
	if out, _ := st.Outbox(); out[0].Status != state.OutHeld {
		t.Errorf("got %s, want the mail still held: half an action was committed", out[0].Status)
	}
}

// Reclassifying replaces the plan in one commit: the mail of the old plan
// that was not sent is discarded, the new plan's is queued, and the note
// is in the timeline.
func TestReclassifyReplacesThePlan(t *testing.T) {
	b, st := newBot(t, nil, 0)
	if err := b.Process(context.Background(), "btp", strings.NewReader(sure)); err != nil {
		t.Fatal(err)
	}
	convs, _ := st.Conversations()
	if err := b.Reclassify(context.Background(), convs[0].ID, string(classify.Complaint), "marie"); err != nil {
		t.Fatal(err)
	}
	out, _ := st.Outbox()
	status := map[string]string{}
	for _, o := range out {
		status[o.Template] = o.Status
	}
	if len(out) != 2 || status["ceres_support"] != state.OutDiscarded || status["complaint_ack"] != state.OutPending {
		t.Errorf("outbox: got %v, want the CERES reply discarded and the complaint acknowledgement queued", status)
	}
	c, _ := st.Conversation(convs[0].ID)
	if c.Category != "complaint" || !strings.Contains(c.Entries[len(c.Entries)-3].Text, "reclassée : ceres_support → complaint") {
		t.Errorf("conversation: category %s, entries %+v", c.Category, c.Entries)
	}
}

// Hundreds of attachments with huge names leave a bounded trace: a few
// shortened names and how many more there were.
func TestAttachmentNamesAreBounded(t *testing.T) {
	b, st := newBot(t, nil, 0)
	var body strings.Builder
	body.WriteString("From: Centre <c1@centre.test>\r\nTo: epreuves-btp@afpa.fr\r\nSubject: Pièces\r\nMessage-ID: <pj@centre.test>\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nBonjour\r\n")
	for i := range 300 {
		fmt.Fprintf(&body, "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"%d-%s.pdf\"\r\n\r\n%%PDF\r\n", i, strings.Repeat("n", 50_000))
	}
	body.WriteString("--b--\r\n")
	if err := b.Process(context.Background(), "btp", strings.NewReader(body.String())); err != nil {
		t.Fatal(err)
	}
	convs, _ := st.Conversations()
	names := convs[0].Entries[0].Attachments
	total := 0
	for _, n := range names {
		total += len(n)
	}
	if len(names) > 21 || total > 21*200 || !strings.Contains(names[len(names)-1], "280 autres") {
		t.Errorf("got %d names, %d bytes, last %q; want at most 20 short names and a count of the rest", len(names), total, names[len(names)-1])
	}
}

// A message and a reply to it, queued one after the other before either
// commit is durable, end in one conversation, as if each had waited: the
// reply, built before the original was committed, fails its owner check
// and is built again on the committed conversation.
func TestQueuedReplyJoinsTheQueuedOriginal(t *testing.T) {
	b, st := newBot(t, nil, 0)
	original := raw("c2@centre.test", "Connexion CERES impossible", "<orig@centre.test>",
		"Bonjour,\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé. Comment faire ?")
	reply := "In-Reply-To: <orig@centre.test>\r\nReferences: <orig@centre.test>\r\n" +
		raw("c2@centre.test", "Re: Connexion CERES impossible", "<again@centre.test>", "Toujours bloqué ce matin, que faire ?")
	first, err := b.Queue(context.Background(), "btp", strings.NewReader(original), nil)
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.Queue(context.Background(), "btp", strings.NewReader(reply), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(first(), second()); err != nil {
		t.Fatal(err)
	}
	convs, _ := st.Conversations()
	if len(convs) != 1 {
		t.Fatalf("got %d conversations, want 1", len(convs))
	}
	var ids []string
	for _, e := range convs[0].Entries {
		if e.Kind == "in" {
			ids = append(ids, e.MessageID)
		}
	}
	if !slices.Equal(ids, []string{"<orig@centre.test>", "<again@centre.test>"}) {
		t.Errorf("incoming mail of the conversation: got %v, want the original then the reply", ids)
	}
}
