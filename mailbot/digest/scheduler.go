package digest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/state"
)

// Kind is the outbox kind of a digest mail; its Template names the scope
// ("digest" for all sectors, "digest:btp" for one), which is how the last
// digest of a scope is found again after a restart.
const Kind = "digest"

// checkEvery bounds a wait, so a moved clock (tests, suspend) is noticed.
const checkEvery = time.Minute

// SchedulerOptions wire a Scheduler. Clock, Logger and Poke may be nil.
type SchedulerOptions struct {
	Store    *state.Store
	Calendar *calendar.Calendar
	Config   config.Digest
	// Sectors are the configured mailboxes' sectors (per-sector digests).
	Sectors []string
	// Mailboxes returns the watchers' states when a digest is built.
	Mailboxes        func() []Mailbox
	UnreachableAfter time.Duration
	DashboardURL     string
	Clock            func() time.Time
	Logger           *slog.Logger
	// Poke wakes the outbox dispatcher once a digest is queued.
	Poke func()
}

// Scheduler queues the digest in the outbox at the configured time on
// working days; the bot's dispatcher sends it like any other mail, with
// its retries.
type Scheduler struct {
	o     SchedulerOptions
	clock time.Duration
	// cal is the calendar in force; a reload swaps it (SetCalendar).
	cal atomic.Pointer[calendar.Calendar]
}

// NewScheduler checks the options.
func NewScheduler(o SchedulerOptions) (*Scheduler, error) {
	clock, err := ParseClock(o.Config.Time)
	if err != nil {
		return nil, err
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Mailboxes == nil {
		o.Mailboxes = func() []Mailbox { return nil }
	}
	s := &Scheduler{o: o, clock: clock}
	s.SetCalendar(o.Calendar)
	return s, nil
}

// SetCalendar puts a new calendar (closures, hours) in force (a reload).
func (s *Scheduler) SetCalendar(cal *calendar.Calendar) { s.cal.Store(cal) }

// Run queues each digest when it is due, until ctx is done.
func (s *Scheduler) Run(ctx context.Context) error {
	if len(s.o.Config.To) == 0 && len(s.o.Config.SectorTo) == 0 {
		s.o.Logger.Info("no digest: digest.to (or agents.digest_to) is empty")
		return nil
	}
	for {
		next, err := s.Tick()
		if err != nil {
			s.o.Logger.Error("digest", "err", err)
		}
		wait := min(max(next.Sub(s.o.Clock()), time.Second), checkEvery)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// Tick queues every digest that is due now and returns when the next one is.
func (s *Scheduler) Tick() (time.Time, error) {
	now := s.o.Clock()
	var errs []string
	next := time.Time{}
	for _, sector := range s.scopes() {
		last, err := s.lastSent(sector)
		if err != nil {
			return now.Add(checkEvery), err
		}
		due := s.due(last, now)
		if !due.After(now) {
			if err := s.queue(sector, last, now); err != nil {
				errs = append(errs, err.Error())
				continue
			}
			due = NextRun(s.cal.Load(), s.clock, now)
		}
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	if len(errs) > 0 {
		return now.Add(checkEvery), fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return next, nil
}

// due is when the scope's next digest goes: today's run when it has come
// and no digest went since (a restart at 08:20 still sends today's), else
// the next run. Runs missed on earlier days are not caught up: their
// content is in the next digest.
func (s *Scheduler) due(last, now time.Time) time.Time {
	if slot := PrevRun(s.cal.Load(), s.clock, now); calendar.DateOf(slot) == calendar.DateOf(now) && last.Before(slot) {
		return slot
	}
	return NextRun(s.cal.Load(), s.clock, now)
}

func (s *Scheduler) scopes() []string { return Scopes(s.o.Config, s.o.Sectors) }

// Scopes are the digests a configuration asks for: "" (all sectors), or
// each of sectors when per_sector is set.
func Scopes(c config.Digest, sectors []string) []string {
	if c.PerSector {
		return sectors
	}
	return []string{""}
}

func template(sector string) string {
	if sector == "" {
		return Kind
	}
	return Kind + ":" + sector
}

// lastSent is when the scope's last digest was queued (zero if never).
func (s *Scheduler) lastSent(sector string) (time.Time, error) {
	// Digests belong to no conversation: the index keeps them apart from
	// the replies, newest first.
	o, _, err := s.o.Store.LastOutgoing("", func(o state.Outgoing) bool {
		return o.Kind == Kind && o.Template == template(sector)
	})
	if err != nil {
		return time.Time{}, err
	}
	return o.Created, nil
}

// Recipients are who receives the digest of a scope ("" for all sectors).
func Recipients(c config.Digest, sector string) []string {
	if to := c.SectorTo[sector]; sector != "" && len(to) > 0 {
		return to
	}
	return c.To
}

func (s *Scheduler) queue(sector string, last, now time.Time) error {
	to := Recipients(s.o.Config, sector)
	if len(to) == 0 {
		return nil
	}
	cal := s.cal.Load()
	since := last
	if since.IsZero() {
		// A first digest covers the period since the previous run.
		since = PrevRun(cal, s.clock, PrevRun(cal, s.clock, now).Add(-time.Nanosecond))
	}
	m, err := Build(Options{
		Store: s.o.Store, Calendar: cal, Sector: sector, Since: since, Now: now,
		Mailboxes: s.o.Mailboxes(), UnreachableAfter: s.o.UnreachableAfter, DashboardURL: s.o.DashboardURL,
	})
	if err != nil {
		return err
	}
	o := Outgoing(m, s.o.Config.From, to, now)
	o.Template = template(sector)
	if err := s.o.Store.Commit(state.Commit{Outgoing: []state.Outgoing{o}, At: now}); err != nil {
		return fmt.Errorf("queue digest: %w", err)
	}
	s.o.Logger.Info("digest queued", "sector", sector, "to", to, "since", since)
	if s.o.Poke != nil {
		s.o.Poke()
	}
	return nil
}

// Outgoing is the digest as a mail for the outbox (or for direct sending).
func Outgoing(m Mail, from string, to []string, now time.Time) state.Outgoing {
	return state.Outgoing{
		ID: state.NewID("digest", now), Kind: Kind, Template: Kind,
		MessageID: "<mailbot.digest." + randomHex() + "@" + domainOf(from) + ">",
		From:      from, FromName: "mailbot – Unité GEV", To: to,
		Subject: m.Subject, Text: m.Text, HTML: m.HTML,
		// RFC 3834 section 5: a report made by a program, not a reply.
		AutoSubmitted: "auto-generated",
		Created:       now, SendAt: now, Status: state.OutPending,
	}
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "mailbot.invalid"
}

func randomHex() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
