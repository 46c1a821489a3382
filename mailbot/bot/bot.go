// Package bot is the running mailbot: it takes each fetched message through
// the engine, commits the decision, the conversation and the outgoing mail
// to the state file in one transaction, sends the outbox when each mail is
// due, relays the engineers' answers and reminds them of open questions.
package bot

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"mailbot/mailbot/engine"
	"mailbot/mailbot/metrics"
	"mailbot/state"
)

// Sender delivers one outgoing mail (SMTP in production).
type Sender interface {
	Send(ctx context.Context, o state.Outgoing) error
}

// Options wires a Bot. Engine, Store, Guard, Sender, IsTemporary and
// Engineers are required; the others have defaults. The embedded Rules
// are the first in force (see SetRules).
type Options struct {
	Rules
	Store  *state.Store
	Sender Sender
	// IsTemporary tells a failure worth retrying from a permanent one.
	IsTemporary func(error) bool
	// Clock is the time source (tests move it); nil means time.Now.
	Clock  func() time.Time
	Logger *slog.Logger
	// OnDecision, when set, is told about every processed message (the
	// demo prints it).
	OnDecision func(Event)
	// OnSent, when set, is told about every mail the SMTP server accepted.
	OnSent func(state.Outgoing)
	// Metrics counts decisions and sends (nil: none).
	Metrics *metrics.Metrics
	// StageTimeout bounds reading one message, and deciding it (the LLM's
	// second opinion included); zero means DefaultStageTimeout.
	StageTimeout time.Duration
	// SendConcurrency is how many mails are sent at once (0: one).
	SendConcurrency int
}

// DefaultStageTimeout is Options.StageTimeout's default: far above what a
// sound message takes, even 64 MiB of it.
const DefaultStageTimeout = 2 * time.Minute

// Event describes one processed message.
type Event struct {
	Mailbox      string
	From         string
	Subject      string
	Conversation string
	Decision     engine.Decision
	// Note says what happened when it is not the plan itself (duplicate,
	// relay, blocked reply).
	Note string
}

// Bot processes messages and sends mail. Process is safe for concurrent
// use by the mailbox watchers; it serialises the read-modify-write of
// conversations.
type Bot struct {
	opts Options
	log  *slog.Logger
	mu   sync.Mutex    // one message at a time: conversations have one writer
	wake chan struct{} // tells the dispatcher new mail is queued
	live atomic.Pointer[Rules]
}

// New builds a bot.
func New(opts Options) *Bot {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.SendConcurrency <= 0 {
		opts.SendConcurrency = 1
	}
	if opts.StageTimeout <= 0 {
		opts.StageTimeout = DefaultStageTimeout
	}
	b := &Bot{opts: opts, log: opts.Logger, wake: make(chan struct{}, 1)}
	b.SetRules(opts.Rules)
	return b
}

func (b *Bot) now() time.Time { return b.opts.Clock() }

// Poke wakes the dispatcher without blocking: new mail is queued, or the
// clock moved.
func (b *Bot) Poke() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}
