package bot_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"mailbot/state"
)

// processAll processes each (mailbox, message) pair in its own goroutine,
// at once, as the watchers do, and fails the test on any error.
func processAll(t *testing.T, process func(mailbox, msg string) error, jobs [][2]string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(jobs))
	for _, j := range jobs {
		wg.Go(func() { errs <- process(j[0], j[1]) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// The same mail delivered to two sector mailboxes at once makes one
// conversation, though both commits are built before either is written.
func TestSameMailInTwoMailboxesAtOnceMakesOneConversation(t *testing.T) {
	b, st := newBot(t, nil, 0)
	var jobs [][2]string
	for i := range 10 {
		m := raw(fmt.Sprintf("Centre <c%d@centre%d.test>", i, i), "Connexion CERES impossible", fmt.Sprintf("<twice%d@centre.test>", i),
			"Bonjour,\r\nJe n'arrive plus à me connecter à CERES. Comment faire ?")
		// Each delivery adds its own trace field, as two LMTP transactions do.
		jobs = append(jobs, [2]string{"btp", "Delivered-To: epreuves-btp@afpa.fr\r\n" + m}, [2]string{"ccp", "Delivered-To: epreuves-ccp@afpa.fr\r\n" + m})
	}
	processAll(t, func(mailbox, msg string) error {
		return b.Process(context.Background(), mailbox, strings.NewReader(msg))
	}, jobs)
	convs, err := st.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != 10 {
		t.Errorf("got %d conversations for 10 mails each in two mailboxes, want 10", len(convs))
	}
}

// Replies to one sender stay within the daily cap (3 in newBot) when
// its mails are committed together.
func TestReplyCapHoldsUnderConcurrentCommits(t *testing.T) {
	b, st := newBot(t, nil, 0)
	var jobs [][2]string
	for i := range 8 {
		jobs = append(jobs, [2]string{"btp", raw("Centre <same@centre.test>", fmt.Sprintf("Connexion CERES impossible n°%d", i),
			fmt.Sprintf("<cap%d@centre.test>", i), fmt.Sprintf("Bonjour,\r\nJe n'arrive plus à me connecter à CERES (poste %d). Comment faire ?", i))})
	}
	processAll(t, func(mailbox, msg string) error {
		return b.ProcessWithCursor(context.Background(), mailbox, strings.NewReader(msg), &state.Cursor{UIDValidity: 1})
	}, jobs)
	out, err := st.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	replies := 0
	for _, o := range out {
		if len(o.To) == 1 && o.To[0] == "same@centre.test" {
			replies++
		}
	}
	if replies != 3 {
		t.Errorf("got %d automatic mails to one sender, want the cap of 3", replies)
	}
}
