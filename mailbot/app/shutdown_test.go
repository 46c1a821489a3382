package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/memimap"
	"mailbot/mailbot/testutil"
	"mailbot/state"
)

// unsureMail has no known topic: under unsureThreshold the classifier
// asks the LLM, whatever the model makes of it.
func unsureMail(id string) string {
	return mail(centre, btpBox, "Une question", id, "Mon, 1 Mar 2027 09:55:00 +0100", "Bonjour,\nXyzzy plugh quux.\nMerci")
}

// unsureThreshold is the classifier's threshold in tests that need the
// LLM asked.
const unsureThreshold = 0.95

// Stopping lets the message in flight finish, its LLM call included: it
// is committed with the model's answer and marked, not filed as "other".
func TestStopFinishesTheDecisionInFlight(t *testing.T) {
	asked, answer := make(chan struct{}, 1), make(chan struct{})
	llm := testutil.NewLLM(t, func(ctx context.Context, _ string) (string, float64) {
		asked <- struct{}{}
		select {
		case <-answer:
		case <-ctx.Done():
		}
		return "ceres_support", 0.95
	})
	h := newMemHarness(t, monday, setup{configure: func(c *testutil.Config) { llm.Configure(c); c.Set("policy.threshold", unsureThreshold) }})
	uid := h.deliver(btpBox, unsureMail("<stop1@cfp-exemple.test>"))
	<-asked
	stopped := make(chan struct{})
	go func() { h.stopBot(); close(stopped) }()
	time.Sleep(100 * time.Millisecond) // the stop is under way; a pause, not a synchronisation
	close(answer)
	<-stopped
	convs := h.conversationsAfterStop()
	if len(convs) != 1 {
		t.Fatalf("got %d conversations, want the message decided", len(convs))
	}
	// Whether the answer tips the category is the classifier's business;
	// here it must have been heard, not cut by the stop.
	var reasons []string
	for _, e := range convs[0].Entries {
		reasons = append(reasons, e.Reasons...)
	}
	if heard := strings.Join(reasons, "\n"); !strings.Contains(heard, "second avis") || strings.Contains(heard, "indisponible") {
		t.Errorf("reasons %q: want the second opinion's answer heard", reasons)
	}
	if flags, _ := h.imap.Flags(context.Background(), btpBox, memimap.Inbox); !hasDone(flags[uid]) {
		t.Errorf("flags %v: want the finished message marked before the bot stopped", flags[uid])
	}
}

// A decision still running when the grace ends is cut, and nothing is
// committed: the message waits, unmarked, for the next run.
func TestStopCutsADecisionPastTheGrace(t *testing.T) {
	asked := make(chan struct{}, 1)
	llm := testutil.NewLLM(t, func(ctx context.Context, _ string) (string, float64) {
		asked <- struct{}{}
		<-ctx.Done()
		return "ceres_support", 0.95
	})
	h := newMemHarness(t, monday, setup{grace: 200 * time.Millisecond, configure: func(c *testutil.Config) { llm.Configure(c); c.Set("policy.threshold", unsureThreshold) }})
	uid := h.deliver(btpBox, unsureMail("<stop2@cfp-exemple.test>"))
	<-asked
	h.stopBot()
	if convs := h.conversationsAfterStop(); len(convs) != 0 {
		t.Errorf("got %d conversations (category %s), want none", len(convs), convs[0].Category)
	}
	if flags, _ := h.imap.Flags(context.Background(), btpBox, memimap.Inbox); hasDone(flags[uid]) {
		t.Errorf("the cut message is marked: it would never be decided")
	}
}

// conversationsAfterStop reads the state file of the stopped bot.
func (h *harness) conversationsAfterStop() []state.Conversation {
	h.t.Helper()
	st, err := state.Open(h.cfg.State.Path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer st.Close()
	convs, err := st.Conversations()
	if err != nil {
		h.t.Fatal(err)
	}
	return convs
}

func hasDone(flags []string) bool {
	for _, f := range flags {
		if strings.EqualFold(f, "$MailbotDone") {
			return true
		}
	}
	return false
}

// A part that fails (here the dashboard, with a TLS file missing) stops
// the whole bot at once with its error, instead of running on without it.
func TestFailingPartStopsTheBot(t *testing.T) {
	conf := testutil.NewConfig(t, testutil.IMAP(t, btpBox).Addr(), testutil.Sink(t).Addr()).Mailbox("btp")
	cfg := conf.Set("web.tls_cert_file", filepath.Join(conf.Dir(), "missing.pem")).Set("web.tls_key_file", filepath.Join(conf.Dir(), "missing.key")).Parse()
	a, err := New(cfg, Options{Clock: testutil.NewClock(monday).Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "dashboard") || !strings.Contains(err.Error(), "missing.pem") {
			t.Errorf("got %v, want the dashboard's error", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the bot runs on without its dashboard")
	}
}

// A message over imap.max_message_size is never downloaded, yet not lost:
// it is recorded from its envelope with an urgent task, marked, and
// counted in /metrics and /healthz.
func TestOversizedMailIsRecordedUnread(t *testing.T) {
	t.Setenv("MAILBOT_TEST_METRICS_TOKEN", "jeton")
	h := newMemHarness(t, monday, setup{configure: func(c *testutil.Config) {
		c.Set("imap.max_message_size", 64<<10).Set("web.metrics_token_env", "MAILBOT_TEST_METRICS_TOKEN")
	}})
	big := mail(centre, btpBox, "Dossier complet", "<big@cfp-exemple.test>", "Mon, 1 Mar 2027 09:55:00 +0100",
		"Bonjour,\nvoici le dossier.\n"+strings.Repeat("0123456789abcdef\n", 5000))
	uid := h.deliver(btpBox, big)
	h.waitFlag(btpBox, uid, "$MailbotDone")
	convs := testutil.WaitConversations(t, h.app.Store, 1)
	if c := convs[0]; c.Priority != state.PriorityUrgent || c.CentreAddress != "certif@cfp-exemple.test" || !strings.Contains(c.Subject, "Dossier complet") {
		t.Errorf("conversation: got %+v", c)
	}
	tasks, _ := h.app.Store.Tasks()
	if len(tasks) != 1 || !strings.Contains(tasks[0].Title, "Message impossible à traiter") {
		t.Errorf("tasks: got %+v", tasks)
	}
	metrics := get(t, "http://"+h.app.WebAddr()+"/metrics")
	if !strings.Contains(metrics, `mailbot_messages_unreadable_total{reason="too_large"} 1`) {
		t.Errorf("/metrics does not count it:\n%s", grep(metrics, "unreadable"))
	}
	var health struct{ Unreadable map[string]int }
	if err := json.Unmarshal([]byte(get(t, "http://"+h.app.WebAddr()+"/healthz")), &health); err != nil || health.Unreadable["too_large"] != 1 {
		t.Errorf("/healthz: got %v %v, want one too large", health.Unreadable, err)
	}
	if n := len(h.smtp.Messages()); n != 0 {
		t.Errorf("got %d mails sent, want none: nothing is answered unread", n)
	}
}

// get reads url as monitoring does, with the metrics token "jeton".
func get(t *testing.T, url string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer jeton")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func grep(text, word string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
