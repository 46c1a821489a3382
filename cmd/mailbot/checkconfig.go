package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"mailbot/mailbot/app"
	"mailbot/mailbot/config"
)

// errChecksFailed: --dial found a server it cannot use; the lines printed
// say which and why.
var errChecksFailed = errors.New("some checks failed (see above)")

func cmdCheckConfig(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("check-config", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	dial := fs.Bool("dial", false, "also connect and sign in to every server (nothing is sent)")
	if _, err := parseArgs(fs, args); err != nil || *cfgPath == "" {
		return fmt.Errorf("%w: mailbot check-config --config FILE [--dial]", errUsage)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	// Templates, calendar and LLM settings are checked by building the engine.
	if _, err := app.NewEngine(cfg, slog.New(slog.DiscardHandler)); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	for i, m := range cfg.Mailboxes {
		if _, err := m.Resolve(); err != nil {
			fmt.Fprintf(stdout, "warning: mailbox[%d] (%s): %v\n", i, m.Sector, err)
		}
	}
	fmt.Fprintf(stdout, "%s: ok (%d mailboxes)\n", *cfgPath, len(cfg.Mailboxes))
	if !*dial {
		return nil
	}
	ok := app.DialCheck(ctx, cfg, slog.New(slog.DiscardHandler), func(c app.Check) {
		fmt.Fprintln(stdout, c)
	})
	if !ok {
		return errChecksFailed
	}
	return nil
}
