package bot

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"mailbot/state"
)

// fakeSender records what the dispatcher hands it. Before returning, each
// Send waits until hold sends are in flight at once (or a deadline).
type fakeSender struct {
	st    *state.Store
	keeps bool
	hold  int

	mu       sync.Mutex
	inFlight int
	most     int
	all      chan struct{}
	seen     map[string]int // attempts recorded in the store when the send began
	sent     map[string]int
	order    map[string][]string // IDs sent, by conversation
}

func (f *fakeSender) KeepsAttempts(state.Outgoing) bool { return f.keeps }

func (f *fakeSender) Send(_ context.Context, o state.Outgoing) error {
	recorded := -1
	if out, err := f.st.Outbox(); err == nil {
		for _, x := range out {
			if x.ID == o.ID {
				recorded = x.Attempts
			}
		}
	}
	f.mu.Lock()
	f.inFlight++
	f.most = max(f.most, f.inFlight)
	if f.inFlight == f.hold {
		close(f.all)
		f.hold = -1
	}
	f.seen[o.ID] = recorded
	f.sent[o.ID]++
	f.order[o.ConversationID] = append(f.order[o.ConversationID], o.ID)
	f.mu.Unlock()
	select {
	case <-f.all:
	case <-time.After(10 * time.Second):
	}
	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
	return nil
}

// dispatchBot queues n due mails, in conversations of perConv mails each
// (0: one conversation for all), and returns a bot sending them through f.
func dispatchBot(t *testing.T, n, perConv int, f *fakeSender, concurrency int) (*Bot, *state.Store) {
	t.Helper()
	st, err := state.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	var out []state.Outgoing
	for i := range n {
		conv := "GEV-DISP"
		if perConv > 0 {
			conv = fmt.Sprint("GEV-DISP", i/perConv)
		}
		// Each falls due a minute after the one before.
		sendAt := now.Add(time.Duration(i-n) * time.Minute)
		out = append(out, state.Outgoing{ID: fmt.Sprintf("o%d", i), ConversationID: conv, Kind: "reply",
			MessageID: fmt.Sprintf("<r%d@afpa.fr>", i), From: "epreuves-btp@afpa.fr", To: []string{"c@x.test"},
			Created: now, SendAt: sendAt, Status: state.OutPending})
	}
	if err := st.Commit(state.Commit{Outgoing: out}); err != nil {
		t.Fatal(err)
	}
	f.st, f.all, f.seen, f.sent, f.order = st, make(chan struct{}), map[string]int{}, map[string]int{}, map[string][]string{}
	b := New(Options{Store: st, Sender: f, IsTemporary: func(error) bool { return true }, SendConcurrency: concurrency,
		Clock: func() time.Time { return now }})
	return b, st
}

func TestSendDueRunsConcurrencySends(t *testing.T) {
	const n, pool = 7, 3
	f := &fakeSender{hold: pool}
	b, st := dispatchBot(t, n, 1, f, pool)
	if err := b.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f.most != pool {
		t.Errorf("at most %d sends at once, want %d", f.most, pool)
	}
	out, _ := st.Outbox()
	for _, o := range out {
		if o.Status != state.OutSent || o.Attempts != 1 || f.sent[o.ID] != 1 {
			t.Errorf("%s: status %s, %d attempts, sent %d times; want sent once", o.ID, o.Status, o.Attempts, f.sent[o.ID])
		}
	}
}

// The outbox is read sendBatch mails at a time, and one call still sends
// every mail due, each once.
func TestSendDueSendsALongOutboxBatchByBatch(t *testing.T) {
	n := 2*sendBatch + 5
	f := &fakeSender{hold: 1}
	b, st := dispatchBot(t, n, 1, f, 2)
	if err := b.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	out, _ := st.Outbox()
	sent := 0
	for _, o := range out {
		if o.Status == state.OutSent && f.sent[o.ID] == 1 {
			sent++
		}
	}
	if sent != n || len(f.sent) != n {
		t.Errorf("%d of %d mails sent once (%d sent at all)", sent, n, len(f.sent))
	}
}

// Conversations are sent side by side, the mails of each one after the
// other in the order they fell due.
func TestSendDueKeepsTheOrderOfAConversation(t *testing.T) {
	const convs, perConv, pool = 3, 3, 3
	f := &fakeSender{hold: pool}
	b, _ := dispatchBot(t, convs*perConv, perConv, f, pool)
	if err := b.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f.most != pool {
		t.Errorf("at most %d sends at once, want %d (one per conversation)", f.most, pool)
	}
	for c := range convs {
		var want []string
		for i := range perConv {
			want = append(want, fmt.Sprint("o", c*perConv+i))
		}
		if got := f.order[fmt.Sprint("GEV-DISP", c)]; !slices.Equal(got, want) {
			t.Errorf("conversation %d: sent %v, want %v", c, got, want)
		}
	}
}

// Without a Sender that keeps its own record, the attempt is committed
// before the send; with one, the attempt is committed with the result.
func TestAttemptRecordedBeforeUnlessTheSenderKeepsIt(t *testing.T) {
	for _, keeps := range []bool{false, true} {
		t.Run(fmt.Sprint("keeps=", keeps), func(t *testing.T) {
			f := &fakeSender{hold: 1, keeps: keeps}
			b, st := dispatchBot(t, 1, 0, f, 1)
			if err := b.SendDue(context.Background()); err != nil {
				t.Fatal(err)
			}
			want := 1
			if keeps {
				want = 0
			}
			if got := f.seen["o0"]; got != want {
				t.Errorf("attempts in the store during the send: got %d, want %d", got, want)
			}
			out, _ := st.Outbox()
			if o := out[0]; o.Status != state.OutSent || o.Attempts != 1 || o.LastAttempt.IsZero() {
				t.Errorf("after: got %s with %d attempts (last %v), want sent after 1", o.Status, o.Attempts, o.LastAttempt)
			}
		})
	}
}

// A temporary failure is recorded with its attempt, and the retry waits
// for its backoff, also when the attempt is recorded with the result.
func TestKeptAttemptFailureBacksOff(t *testing.T) {
	f := &failingSender{fakeSender{keeps: true}}
	b, st := dispatchBot(t, 1, 0, &f.fakeSender, 1)
	b.opts.Sender = f
	if err := b.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	out, _ := st.Outbox()
	o := out[0]
	if o.Status != state.OutPending || o.Attempts != 1 || !o.NextAttempt.After(o.LastAttempt) || o.LastError == "" {
		t.Fatalf("got %+v, want pending after 1 attempt with a later next attempt", o)
	}
	if err := b.SendDue(context.Background()); err != nil { // not due yet
		t.Fatal(err)
	}
	if out, _ := st.Outbox(); out[0].Attempts != 1 {
		t.Errorf("retried before the backoff: %d attempts", out[0].Attempts)
	}
}

type failingSender struct{ fakeSender }

func (f *failingSender) Send(context.Context, state.Outgoing) error {
	return errors.New("451 try later")
}
