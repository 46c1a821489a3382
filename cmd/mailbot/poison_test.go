package main

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mailbot/mailbot/memimap"
	"mailbot/mailbot/testutil"
	"mailbot/state"
)

// TestPoisonMailSurvivesCrashes runs the real binary as a supervisor
// would (restarted whenever it dies) on a mailbox holding one message
// that kills it each time it is decided — here the LLM's endpoint kills
// the process when asked about it, as an out-of-memory kill would — and
// three ordinary questions. The bot must not die forever: the message is
// tried once in its batch, then twice alone, then quarantined with a task
// for an agent, and the others are answered.
func TestPoisonMailSurvivesCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("long: builds and restarts the real binary")
	}
	imapSrv, sink := testutil.IMAP(t, "epreuves-btp@afpa.fr"), testutil.Sink(t)

	var mu sync.Mutex
	var running *exec.Cmd
	kills := 0
	llm := testutil.NewLLM(t, func(ctx context.Context, prompt string) (string, float64) {
		if strings.Contains(prompt, "Xyzzy") {
			mu.Lock()
			kills++
			running.Process.Signal(syscall.SIGKILL)
			mu.Unlock()
			<-ctx.Done()
		}
		return "other", 0.1
	})
	// A threshold no model reaches on the poison text: the LLM is always
	// asked, whatever the embedded model makes of it.
	conf := llm.Configure(testutil.NewConfig(t, imapSrv.Addr(), sink.Addr()).Mailbox("btp").
		Set("imap.poll_interval", "1s").Set("policy.threshold", 0.99))
	cfgPath := conf.Write()
	bin := buildBinary(t, t.TempDir())

	date := time.Now().Format(time.RFC1123Z)
	deliver := func(id, body string) {
		raw := fmt.Sprintf("From: Centre <%s@centre.test>\r\nTo: epreuves-btp@afpa.fr\r\nSubject: Question\r\nMessage-ID: <%s@centre.test>\r\nDate: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n", id, id, date, body)
		if _, err := imapSrv.Append(context.Background(), "epreuves-btp@afpa.fr", memimap.Inbox, []byte(raw)); err != nil {
			t.Fatal(err)
		}
	}
	deliver("poison", "Bonjour,\r\nXyzzy plugh quux.")
	for i := range 3 {
		deliver(fmt.Sprintf("ceres%d", i), "Bonjour,\r\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé. Comment faire ?")
	}

	allMarked := func() bool {
		flags, err := imapSrv.Flags(context.Background(), "epreuves-btp@afpa.fr", memimap.Inbox)
		if err != nil || len(flags) != 4 {
			return false
		}
		for _, f := range flags {
			if !slices.ContainsFunc(f, func(s string) bool { return strings.EqualFold(s, "$MailbotDone") }) {
				return false
			}
		}
		return true
	}
	const maxStarts = 6
	for start := 1; ; start++ {
		if start > maxStarts {
			t.Fatalf("the bot died %d times on the same message: it never quarantined it", kills)
		}
		mu.Lock()
		running = startBinary(t, bin, cfgPath, conf.Dir())
		p := running
		mu.Unlock()
		exited := make(chan error, 1)
		go func() { exited <- p.Wait() }()
		done := false
		deadline := time.After(2 * time.Minute)
		for !done {
			select {
			case err := <-exited:
				t.Logf("start %d: the bot died (%v)", start, err)
				done = true
			case <-deadline:
				t.Fatalf("start %d: neither dead nor finished after 2 minutes", start)
			case <-time.After(100 * time.Millisecond):
				if allMarked() && len(sink.Messages()) >= 3 {
					p.Process.Signal(syscall.SIGTERM)
					if err := <-exited; err != nil {
						t.Errorf("exit after SIGTERM: %v", err)
					}
					done = true
				}
			}
		}
		if allMarked() {
			break
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if kills != 3 {
		t.Errorf("the message killed the bot %d times, want 3 (in its batch, then twice alone)", kills)
	}
	replied := map[string]bool{}
	for _, m := range sink.Messages() {
		replied[m.Header.Get("In-Reply-To")] = true
	}
	for i := range 3 {
		if id := fmt.Sprintf("<ceres%d@centre.test>", i); !replied[id] {
			t.Errorf("%s got no reply", id)
		}
	}
	st, err := state.Open(conf.StatePath())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tasks, _ := st.Tasks()
	found := false
	for _, task := range tasks {
		c, err := st.Conversation(task.ConversationID)
		found = found || err == nil && task.Priority == state.PriorityUrgent && strings.Contains(task.Title, "Message impossible à traiter") &&
			slices.Contains(c.MessageIDs, "<poison@centre.test>")
	}
	if !found {
		t.Errorf("no urgent task for the quarantined message: %+v", tasks)
	}
	if n, _ := st.Unreadable(); n["poison"] != 1 {
		t.Errorf("unreadable counts: got %v, want one poison", n)
	}
}
