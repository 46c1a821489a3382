// Package replay runs exported mail — an mbox file, a Maildir, a folder
// of .eml files — through the whole bot in shadow (`mailbot replay`):
// threading, dedupe, the loop guard's rate limits and the workflow
// decide each message as the running bot would, and every mail the bot
// would send is recorded in the state file with the status "shadow",
// for the dashboard and the digest. Nothing is sent and no IMAP server
// is touched: no watcher, dispatcher or reminder runs. The LLM's second
// opinion is asked when the configuration has one.
//
// Each message is decided as of its own Date: the bot's clock is set to
// it before the message is processed, so business hours, deadlines and
// the 24-hour reply limits read as they did on the day.
package replay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"mailbot/mailbot/app"
	"mailbot/mailbot/bot"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

// Options say what to replay and where the results go.
type Options struct {
	// Config is the bot's configuration; its state file receives the
	// decisions.
	Config *config.Config
	// Paths are the mbox files, Maildirs, folders and .eml files.
	Paths []string
	// Mailbox, when set, is the sector every message is replayed into;
	// otherwise the sector of its To/Cc/Delivered-To address.
	Mailbox string
	Logger  *slog.Logger
	// Scanned, when set, is told how many messages will be replayed.
	Scanned func(n int)
	// Each, when set, is told each message's result, in order.
	Each func(Result)
}

// Result is what became of one message.
type Result struct {
	Item
	// Event is the bot's decision; nil when the message was not decided
	// (Err, or already in the state file).
	Event *bot.Event
	// Err says why the message could not be replayed.
	Err error
}

// Duplicate tells that the state file already held the message.
func (r Result) Duplicate() bool { return r.Event == nil && r.Err == nil }

// Summary counts what a replay did.
type Summary struct {
	Messages   int
	Decided    int
	Duplicates int
	Errors     []string // one per message that failed, "name: why"
	ByCategory map[string]int
	ByAction   map[string]int
	// Shadow is the mail recorded and not sent; Tasks the agents' tasks
	// created.
	Shadow, Tasks int
	From, To      time.Time // the replayed messages' dates
}

// clock is the bot's clock during a replay: the date of the message in hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Run replays the messages under o.Paths and returns the summary. It
// fails only when the configuration, the state file or a path cannot
// be used; a message that cannot be replayed is counted in the summary.
func Run(ctx context.Context, o Options) (Summary, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	var clk clock
	var last *bot.Event
	sh, err := app.NewShadow(o.Config, app.Options{Logger: o.Logger, Clock: clk.Now, OnDecision: func(ev bot.Event) { last = &ev }})
	if err != nil {
		return Summary{}, err
	}
	defer sh.Close()
	configured := map[string]bool{}
	for _, m := range o.Config.Mailboxes {
		configured[m.Sector] = true
	}
	sectorOf := func(m *mailmsg.Message) string {
		if o.Mailbox != "" {
			return o.Mailbox
		}
		if s := sh.Engine.SectorOf(m); configured[s] {
			return s
		}
		return ""
	}
	items, err := Scan(o.Paths, o.Config.IMAP.MaxMessageSize, sectorOf)
	if err != nil {
		return Summary{}, err
	}
	if o.Scanned != nil {
		o.Scanned(len(items))
	}
	before, err := tally(sh.Store)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{ByCategory: map[string]int{}, ByAction: map[string]int{}}
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		last = nil
		res := Result{Item: it}
		if it.Err != "" {
			res.Err = errors.New(it.Err)
		} else if raw, err := it.Raw(); err != nil {
			res.Err = err
		} else {
			clk.set(it.Date.In(calendar.Paris))
			res.Err = sh.Bot.Process(ctx, it.Mailbox, bytes.NewReader(raw))
			if res.Err == nil {
				res.Event = last
			}
		}
		sum.add(res)
		if o.Each != nil {
			o.Each(res)
		}
	}
	after, err := tally(sh.Store)
	if err != nil {
		return sum, err
	}
	sum.Shadow, sum.Tasks = after.shadow-before.shadow, after.tasks-before.tasks
	return sum, nil
}

func (s *Summary) add(r Result) {
	s.Messages++
	if s.From.IsZero() || r.Date.Before(s.From) {
		s.From = r.Date
	}
	if r.Date.After(s.To) {
		s.To = r.Date
	}
	switch {
	case r.Err != nil:
		s.Errors = append(s.Errors, r.Name+": "+r.Err.Error())
	case r.Event == nil:
		s.Duplicates++
	default:
		s.Decided++
		p := r.Event.Decision.Plan
		s.ByCategory[string(p.Category)]++
		s.ByAction[string(p.Action)]++
	}
}

// counts of the state file, taken before and after.
type counts struct{ shadow, tasks int }

func tally(st *state.Store) (counts, error) {
	var c counts
	out, err := st.Outbox()
	if err != nil {
		return c, fmt.Errorf("replay: read outbox: %w", err)
	}
	for _, o := range out {
		if o.Status == state.OutShadow {
			c.shadow++
		}
	}
	tasks, err := st.Tasks()
	c.tasks = len(tasks)
	return c, err
}

// Write prints the summary for an operator.
func (s Summary) Write(w io.Writer) {
	fmt.Fprintf(w, "replayed %d messages", s.Messages)
	if s.Messages > 0 {
		fmt.Fprintf(w, " dated %s to %s", s.From.In(calendar.Paris).Format("02/01/2006"), s.To.In(calendar.Paris).Format("02/01/2006"))
	}
	fmt.Fprintf(w, ": %d decided, %d already in the state file, %d errors\n", s.Decided, s.Duplicates, len(s.Errors))
	fmt.Fprintf(w, "  by category: %s\n  by action:   %s\n", joinCounts(s.ByCategory), joinCounts(s.ByAction))
	fmt.Fprintf(w, "  recorded in shadow, not sent: %d mails; agent tasks: %d\n", s.Shadow, s.Tasks)
	for _, e := range s.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
}

func joinCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
