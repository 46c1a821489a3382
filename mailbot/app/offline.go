package app

import (
	"context"
	"errors"
	"log/slog"

	"mailbot/mailbot/bot"
	"mailbot/mailbot/config"
	"mailbot/mailbot/engine"
	"mailbot/state"
)

// Offline is the bot of a configuration with nothing around it: no
// watcher, no dispatcher, no dashboard. Its caller feeds it messages and
// agents' actions, and calls SendDue when mail should leave (`mailbot
// replay`, the demo's history). Close it when done.
type Offline struct {
	Bot    *bot.Bot
	Store  *state.Store
	Engine *engine.Engine
}

// errShadow: a shadow bot never sends; its sender is never called, and
// refuses if it were.
var errShadow = errors.New("a shadow bot sends nothing")

type refuse struct{}

func (refuse) Send(context.Context, state.Outgoing) error { return errShadow }

// NewOffline opens the configuration's state file and builds its bot,
// whose mail goes to send.
func NewOffline(cfg *config.Config, opts Options, send bot.Sender) (*Offline, error) {
	return newOffline(cfg, opts, send, nil)
}

// NewShadow is NewOffline with every category in shadow mode: mail is
// recorded, never sent.
func NewShadow(cfg *config.Config, opts Options) (*Offline, error) {
	return newOffline(cfg, opts, refuse{}, &bot.Modes{Default: bot.ModeShadow})
}

// newOffline builds the bot; modes, when set, replace the configured ones.
func newOffline(cfg *config.Config, opts Options, send bot.Sender, modes *bot.Modes) (*Offline, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	eng, err := NewEngine(cfg, opts.Logger)
	if err != nil {
		return nil, err
	}
	st, err := state.Open(cfg.State.Path)
	if err != nil {
		return nil, err
	}
	bo := botOptions(cfg, eng, st, opts)
	if modes != nil {
		bo.Modes = *modes
	}
	bo.Sender, bo.IsTemporary, bo.OnSent = send, func(error) bool { return false }, opts.OnSent
	return &Offline{Bot: bot.New(bo), Store: st, Engine: eng}, nil
}

// Close closes the state file.
func (o *Offline) Close() error { return o.Store.Close() }
