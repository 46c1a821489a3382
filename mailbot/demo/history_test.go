package demo

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/mailbot/testutil"
	"mailbot/state"
)

// The demo starts with a month of history: mail on most days, most
// categories, agents' corrections, engineers' answers relayed, replies
// held for approval, conversations closed and open.
func TestDemoHasHistory(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2027, 3, 9, 9, 20, 0, 0, calendar.Paris)
	clock := testutil.NewClock(start)
	var out bytes.Buffer
	sum, err := Run(context.Background(), Options{Once: true, Out: &out, Dir: dir, WebListen: "127.0.0.1:0", Clock: clock.Now})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "history: 30 days") {
		t.Errorf("the demo does not say what its history holds:\n%s", out.String())
	}
	st, err := state.Open(filepath.Join(dir, "mailbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	convs, err := st.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	days, categories, statuses := map[time.Time]bool{}, map[string]bool{}, map[string]int{}
	reclassified := 0
	for _, c := range convs {
		categories[c.Category] = true
		statuses[c.Status]++
		for _, e := range c.Entries {
			if e.Kind == "in" {
				if e.At.After(start) || e.At.Before(start.AddDate(0, 0, -31)) {
					t.Errorf("conversation %s: mail at %s, outside the month before the demo's clock", c.ID, e.At)
				}
				days[calendar.DateOf(e.At)] = true
			}
			if e.Kind == "note" && strings.HasPrefix(e.Text, "reclassée : ") {
				reclassified++
			}
		}
	}
	out2, err := st.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, o := range out2 {
		kinds[o.Kind+"/"+o.Status]++
	}
	t.Logf("%d conversations over %d days, %d categories, statuses %v, %d reclassified, outbox %v, history %+v",
		len(convs), len(days), len(categories), statuses, reclassified, kinds, sum.History)
	if len(days) < 20 {
		t.Errorf("mail on %d days, want 20 or more", len(days))
	}
	if len(categories) < 8 {
		t.Errorf("%d categories (%v), want 8 or more", len(categories), categories)
	}
	if reclassified == 0 || sum.History.Reclassified != reclassified {
		t.Errorf("%d reclassifications in the conversations, the history says %d; want at least one", reclassified, sum.History.Reclassified)
	}
	if kinds["relay/sent"] == 0 {
		t.Error("no engineer's answer relayed")
	}
	if kinds["reply/held"]+kinds["ack/held"] == 0 {
		t.Error("no reply held for approval")
	}
	if statuses[state.StatusClosed] == 0 || statuses[state.StatusOpen]+statuses[state.StatusNeedsHuman]+statuses[state.StatusWaitingEngineer] == 0 {
		t.Errorf("statuses %v: want closed and open conversations", statuses)
	}
}

// BenchmarkSeedHistory measures the history the demo writes before it
// starts.
func BenchmarkSeedHistory(b *testing.B) {
	list, err := Samples()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		e, err := startServers(b.TempDir(), Options{WebListen: "127.0.0.1:0"})
		if err != nil {
			b.Fatal(err)
		}
		if err := e.seed(context.Background(), list, nil); err != nil {
			b.Fatal(err)
		}
		if _, err := seedHistory(context.Background(), e.cfg, e.start, list); err != nil {
			b.Fatal(err)
		}
		e.close()
	}
}
