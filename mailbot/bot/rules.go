package bot

import (
	"mailbot/mailbot/engine"
	"mailbot/mailbot/loopguard"
)

// Rules are the settings of a Bot that a reload (SIGHUP) may change: the
// decision engine (templates, model, calendar, policy), whom the bot
// believes and writes to, and the sending modes. A Bot holds them behind
// one atomic pointer and a reload swaps the whole bundle, so each message
// is decided and committed under one set of rules, old or new, never a
// mix. A Rules is never changed once given to the Bot.
type Rules struct {
	Engine *engine.Engine
	Guard  *loopguard.Guard
	// Engineers lists each sector's engineers.
	Engineers map[string][]string
	// TrustedAuthservID names the receiving server whose topmost
	// Authentication-Results field is read when an engineer's answer is
	// checked ("": none is read).
	TrustedAuthservID string
	// ReplyToDomains are the domains, besides the sender's own, where a
	// Reply-To may send an answer.
	ReplyToDomains []string
	// Modes says, per category, whether mail is sent, held for approval
	// or only recorded.
	Modes Modes
	// ReminderWorkingDays before engineers are reminded (0: never).
	ReminderWorkingDays int
}

// rules are the rules in force now.
func (b *Bot) rules() *Rules { return b.live.Load() }

// SetRules puts r in force for every message decided from now on; a
// message already being decided keeps the rules it started with.
func (b *Bot) SetRules(r Rules) { b.live.Store(&r) }

// Rules returns the rules in force.
func (b *Bot) Rules() Rules { return *b.rules() }

// rules are the rules this turn started with: one message is decided,
// recorded and answered under one set.
func (t *turn) rules() *Rules {
	if t.live == nil {
		t.live = t.bot.rules()
	}
	return t.live
}
