package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"mailbot/mailbot/config"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/replay"
)

const replayUsage = "mailbot replay --config FILE [--mailbox SECTOR] [--state FILE] [--json] PATH..."

// replayLine is one line of `mailbot replay --json`: the keys of
// `mailbot classify` (SPEC section 7) and what the bot made of the
// message in its conversation.
type replayLine struct {
	classifyLine
	// Status is "decided", "duplicate" (already in the state file) or
	// "error"; the last two carry no decision (action "ignore").
	Status       string `json:"status"`
	Conversation string `json:"conversation"`
	Note         string `json:"note,omitempty"`
	Error        string `json:"error,omitempty"`
}

func cmdReplay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	mailbox := fs.String("mailbox", "", "sector every message arrived in (default: the sector of its To address)")
	statePath := fs.String("state", "", "state file that receives the decisions (default: state.path of the configuration)")
	asJSON := fs.Bool("json", false, "print one JSON object per message (the keys of mailbot classify)")
	paths, err := parseArgs(fs, args)
	if err != nil || *cfgPath == "" || len(paths) == 0 {
		return fmt.Errorf("%w: %s", errUsage, replayUsage)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	if *mailbox != "" && cfg.SectorAddress(*mailbox) == "" {
		return fmt.Errorf("%w: --mailbox %q is not a configured mailbox", errUsage, *mailbox)
	}
	if *statePath != "" {
		cfg.State.Path = *statePath
	}
	var bar *progressbar.ProgressBar
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	var encErr error
	sum, err := replay.Run(ctx, replay.Options{
		Config: cfg, Paths: paths, Mailbox: *mailbox, Logger: newLogger(stderr, slog.LevelWarn),
		Scanned: func(n int) {
			if isTerminal(stderr) {
				bar = progressbar.NewOptions(n, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("replay"),
					progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
			}
		},
		Each: func(r replay.Result) {
			if bar != nil {
				_ = bar.Add(1)
			}
			if *asJSON && encErr == nil {
				encErr = enc.Encode(replayLineOf(r))
			}
		},
	})
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("%w (replay writes to the state file: stop mailbot run, or give --state OTHER.db)", err)
	}
	if encErr != nil {
		return encErr
	}
	out := stdout
	if *asJSON {
		out = stderr // stdout carries the JSON lines only
	}
	sum.Write(out)
	return err // interrupted: what was replayed is committed and summed up
}

func replayLineOf(r replay.Result) replayLine {
	var d engine.Decision
	line := replayLine{Status: "decided"}
	switch {
	case r.Err != nil:
		line.Status, line.Error = "error", r.Err.Error()
	case r.Event == nil:
		line.Status, line.Note = "duplicate", "already in the state file: nothing done"
	default:
		d = r.Event.Decision
		line.Conversation, line.Note = r.Event.Conversation, r.Event.Note
	}
	line.classifyLine = lineOf(filepath.Base(r.Name), r.MessageID, r.Mailbox, d, false)
	if line.Status != "decided" {
		line.Action = "ignore"
	}
	return line
}

// isTerminal tells whether w is a terminal (the progress bar is drawn
// only there).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
