package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/sentbox"
	"mailbot/state"
)

// deliverQuestions delivers n CERES questions, each from its own centre so
// the daily cap per sender never applies, and returns their Message-IDs.
func (h *harness) deliverQuestions(prefix string, n int) []string {
	h.t.Helper()
	var ids []string
	for i := range n {
		id := fmt.Sprintf("<%s%d@cfp-exemple.test>", prefix, i)
		from := fmt.Sprintf("certif-%s%d@cfp-exemple.test", prefix, i)
		h.deliver(btpBox, mail(from, btpBox, fmt.Sprintf("Connexion CERES %s%d", prefix, i), id, "Mon, 1 Mar 2027 09:55:00 +0100", ceresQuestion))
		ids = append(ids, id)
	}
	return ids
}

// answeredOnce checks that the sink got exactly one reply to each id, and
// nothing else.
func (h *harness) answeredOnce(ids []string) {
	h.t.Helper()
	got := h.smtp.Messages()
	seen := map[string]int{}
	for _, m := range got {
		seen[m.Header.Get("In-Reply-To")]++
	}
	for _, id := range ids {
		if seen[id] != 1 {
			h.t.Errorf("%s answered %d times, want 1", id, seen[id])
		}
	}
	if len(got) != len(ids) {
		h.t.Errorf("the sink got %d mails, want %d", len(got), len(ids))
	}
}

// waitAllSent waits until n outgoing mails are recorded as sent.
func (h *harness) waitAllSent(n int, kick func()) {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := h.app.Store.Outbox()
		if err != nil {
			h.t.Fatal(err)
		}
		sent := 0
		for _, o := range out {
			if o.Status == state.OutSent {
				sent++
			}
		}
		if sent == n {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%d of %d mails sent after 30 s", sent, n)
		}
		if kick != nil {
			kick()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Replies go out on the kept connections ([smtp] connections = 2 by
// default), not on one connection each.
func TestRepliesReuseTheSMTPConnections(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	ids := h.deliverQuestions("k", 8)
	h.waitAllSent(len(ids), nil)
	h.answeredOnce(ids)
	if got := h.smtp.Connections(); got > 2 {
		t.Errorf("%d replies took %d SMTP connections, want at most 2", len(ids), got)
	}
	// Mail queued by this run and never tried cannot have a copy yet: no
	// search of the Sent folder, which costs a real server a pass over it.
	if got := h.imap.Commands("Sent", "SEARCH"); got != 0 {
		t.Errorf("%d first sends searched the Sent folder %d times, want 0", len(ids), got)
	}
}

// The SMTP server refuses mail, then drops its connections, in the middle
// of a stream of replies: each is still sent, exactly once.
func TestSMTPFailingMidStreamLosesNothingSendsNothingTwice(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	ids := h.deliverQuestions("a", 3)
	h.waitAllSent(3, nil)
	if err := h.smtp.FailNext(2, 451, "try again later"); err != nil {
		t.Fatal(err)
	}
	ids = append(ids, h.deliverQuestions("b", 3)...)
	h.waitOutgoing("refused", func(o state.Outgoing) bool { return o.LastError != "" })
	h.smtp.Stop() // drops the kept connections
	if err := h.smtp.Restart(); err != nil {
		t.Fatal(err)
	}
	ids = append(ids, h.deliverQuestions("c", 3)...)
	// The refused mail is retried once its backoff has passed.
	h.waitAllSent(len(ids), func() {
		h.clock.Advance(time.Minute)
		h.app.Bot.Poke()
	})
	h.answeredOnce(ids)
}

// A mail refused once is retried: the retry looks in the Sent folder
// first (the refusal could have come after the mail left), and the folder
// ends with one copy, stored once the mail was accepted.
func TestRetryKeepsOneCopyInSent(t *testing.T) {
	h := newHarness(t, paris(2027, time.March, 1, 10, 0))
	if err := h.smtp.FailNext(1, 451, "try again later"); err != nil {
		t.Fatal(err)
	}
	ids := h.deliverQuestions("r", 1)
	h.waitOutgoing("refused", func(o state.Outgoing) bool { return o.LastError != "" })
	if flags, err := h.imap.Flags(context.Background(), btpBox, "Sent"); err != nil || len(flags) != 0 {
		t.Errorf("after the refusal the Sent folder holds %v (%v), want no copy: the mail has not left", flags, err)
	}
	h.waitAllSent(1, func() {
		h.clock.Advance(time.Minute)
		h.app.Bot.Poke()
	})
	h.answeredOnce(ids)
	if h.imap.Commands("Sent", "SEARCH") == 0 {
		t.Error("the retry stored a copy without looking for the first one")
	}
	h.sentCopies(1)
}

// sentCopies checks that the Sent folder holds n copies, none marked
// unsent.
func (h *harness) sentCopies(n int) {
	h.t.Helper()
	flags, err := h.imap.Flags(context.Background(), btpBox, "Sent")
	if err != nil {
		h.t.Fatal(err)
	}
	if len(flags) != n {
		h.t.Errorf("the Sent folder holds %d copies, want %d: %v", len(flags), n, flags)
	}
	for uid, fl := range flags {
		if slices.ContainsFunc(fl, func(f string) bool { return strings.EqualFold(f, sentbox.Unsent) }) {
			h.t.Errorf("copy %d is still marked unsent: %v", uid, fl)
		}
	}
}
