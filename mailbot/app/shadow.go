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

// Shadow is the bot of a configuration with every category in shadow
// mode and nothing around it: no watcher, no dispatcher, no dashboard
// (`mailbot replay`). Process records the mail it would send; nothing
// sends it. Close it when done.
type Shadow struct {
	Bot    *bot.Bot
	Store  *state.Store
	Engine *engine.Engine
}

// errShadow: a shadow bot never sends; its sender is never called, and
// refuses if it were.
var errShadow = errors.New("a shadow bot sends nothing")

type refuse struct{}

func (refuse) Send(context.Context, state.Outgoing) error { return errShadow }

// NewShadow opens the configuration's state file and builds its bot in
// shadow.
func NewShadow(cfg *config.Config, opts Options) (*Shadow, error) {
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
	bo.Modes = bot.Modes{Default: bot.ModeShadow}
	bo.Sender, bo.IsTemporary = refuse{}, func(error) bool { return false }
	return &Shadow{Bot: bot.New(bo), Store: st, Engine: eng}, nil
}

// Close closes the state file.
func (s *Shadow) Close() error { return s.Store.Close() }
