package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"

	"mailbot/mailbot/app"
	"mailbot/mailbot/config"
)

func cmdCheckConfig(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("check-config", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	if err := fs.Parse(args); err != nil || *cfgPath == "" {
		return fmt.Errorf("%w: mailbot check-config --config FILE", errUsage)
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
	return nil
}
