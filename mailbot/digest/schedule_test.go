package digest

import (
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/testutil"
	"mailbot/state"
)

func TestNextAndPrevRun(t *testing.T) {
	cal, err := calendar.New(calendar.Options{Closures: []time.Time{calendar.Date(2027, time.March, 10)}})
	if err != nil {
		t.Fatal(err)
	}
	clock := 8*time.Hour + 15*time.Minute
	tests := []struct {
		name       string
		t          time.Time
		next, prev time.Time
	}{
		{"before today's run", paris(time.March, 9, 7, 0), paris(time.March, 9, 8, 15), paris(time.March, 8, 8, 15)},
		{"exactly at the run", paris(time.March, 9, 8, 15), paris(time.March, 11, 8, 15), paris(time.March, 9, 8, 15)},
		{"closure day skipped", paris(time.March, 9, 12, 0), paris(time.March, 11, 8, 15), paris(time.March, 9, 8, 15)},
		{"friday evening to monday", paris(time.March, 12, 18, 0), paris(time.March, 15, 8, 15), paris(time.March, 12, 8, 15)},
		{"easter monday skipped", time.Date(2027, time.March, 26, 18, 0, 0, 0, calendar.Paris),
			time.Date(2027, time.March, 30, 8, 15, 0, 0, calendar.Paris), time.Date(2027, time.March, 26, 8, 15, 0, 0, calendar.Paris)},
		{"after the spring DST change", time.Date(2027, time.March, 28, 12, 0, 0, 0, calendar.Paris),
			time.Date(2027, time.March, 30, 8, 15, 0, 0, calendar.Paris), time.Date(2027, time.March, 26, 8, 15, 0, 0, calendar.Paris)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NextRun(cal, clock, tc.t); !got.Equal(tc.next) {
				t.Errorf("NextRun: got %v, want %v", got, tc.next)
			}
			if got := PrevRun(cal, clock, tc.t); !got.Equal(tc.prev) {
				t.Errorf("PrevRun: got %v, want %v", got, tc.prev)
			}
		})
	}
}

func TestParseClock(t *testing.T) {
	if d, err := ParseClock("07:45"); err != nil || d != 7*time.Hour+45*time.Minute {
		t.Errorf("got %v %v, want 7h45m", d, err)
	}
	if _, err := ParseClock("7h45"); err == nil {
		t.Error("got no error for 7h45")
	}
}

func digests(t *testing.T, s *state.Store) []state.Outgoing {
	t.Helper()
	all, err := s.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	var out []state.Outgoing
	for _, o := range all {
		if o.Kind == Kind {
			out = append(out, o)
		}
	}
	return out
}

func newScheduler(t *testing.T, s *state.Store, c *testutil.Clock, cfg config.Digest, pokes *int) *Scheduler {
	t.Helper()
	sc, err := NewScheduler(SchedulerOptions{
		Store: s, Calendar: newCalendar(t), Config: cfg, Sectors: []string{"btp", "ccp"},
		Clock: c.Now, Logger: slog.New(slog.DiscardHandler), Poke: func() { *pokes++ },
	})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestSchedulerQueuesOncePerWorkingDay(t *testing.T) {
	s := openStore(t)
	seed(t, s)
	c := testutil.NewClock(paris(time.March, 9, 7, 0))
	pokes := 0
	cfg := config.Digest{Time: "08:15", To: []string{"gev@afpa.fr"}, From: "epreuves-btp@afpa.fr"}
	sc := newScheduler(t, s, c, cfg, &pokes)
	steps := []struct {
		name     string
		now      time.Time
		restart  bool
		want     int
		wantNext time.Time
	}{
		{"before the time", paris(time.March, 9, 7, 0), false, 0, paris(time.March, 9, 8, 15)},
		{"at the time", paris(time.March, 9, 8, 15), false, 1, paris(time.March, 10, 8, 15)},
		{"same minute again", paris(time.March, 9, 8, 15), false, 1, paris(time.March, 10, 8, 15)},
		{"restart later that day", paris(time.March, 9, 11, 0), true, 1, paris(time.March, 10, 8, 15)},
		{"saturday", paris(time.March, 13, 8, 15), false, 1, paris(time.March, 15, 8, 15)},
		{"monday, after a restart past the time", paris(time.March, 15, 9, 0), true, 2, paris(time.March, 16, 8, 15)},
	}
	for _, st := range steps {
		c.Set(st.now)
		if st.restart {
			sc = newScheduler(t, s, c, cfg, &pokes)
		}
		next, err := sc.Tick()
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := digests(t, s)
		if len(got) != st.want || !next.Equal(st.wantNext) {
			t.Errorf("%s: got %d digests, next %v; want %d, next %v", st.name, len(got), next, st.want, st.wantNext)
		}
	}
	if pokes != 2 {
		t.Errorf("got %d pokes, want one per digest (2)", pokes)
	}
	d := digests(t, s)[0] // newest first: Monday's
	checks := []struct{ name, got, want string }{
		{"status", d.Status, state.OutPending},
		{"to", strings.Join(d.To, ","), "gev@afpa.fr"},
		{"auto-submitted", d.AutoSubmitted, "auto-generated"},
		{"message-id domain", d.MessageID[strings.IndexByte(d.MessageID, '@'):], "@afpa.fr>"},
		{"period starts at the previous digest", strconv.FormatBool(strings.Contains(d.Text, "Période : du 09/03/2027 08:15 au 15/03/2027 09:00")), "true"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %q, want %q", ch.name, ch.got, ch.want)
		}
	}
}

func TestSchedulerPerSector(t *testing.T) {
	s := openStore(t)
	c := testutil.NewClock(paris(time.March, 9, 8, 15))
	pokes := 0
	cfg := config.Digest{Time: "08:15", PerSector: true, To: []string{"gev@afpa.fr"},
		SectorTo: map[string][]string{"ccp": {"gev-ccp@afpa.fr"}}, From: "epreuves-btp@afpa.fr"}
	if _, err := newScheduler(t, s, c, cfg, &pokes).Tick(); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range digests(t, s) {
		got[d.Template] = strings.Join(d.To, ",") + " " + d.Subject[strings.Index(d.Subject, "("):strings.Index(d.Subject, ")")+1]
	}
	want := map[string]string{"digest:btp": "gev@afpa.fr (BTP)", "digest:ccp": "gev-ccp@afpa.fr (CCP)"}
	if len(got) != len(want) || got["digest:btp"] != want["digest:btp"] || got["digest:ccp"] != want["digest:ccp"] {
		t.Errorf("got %v, want %v", got, want)
	}
}
