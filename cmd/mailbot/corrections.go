package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"mailbot/mailbot/config"
	"mailbot/mailbot/corrections"
	"mailbot/mailbot/snapshot"
)

const correctionsUsage = "mailbot corrections export DIR [--config FILE]"

// cmdCorrections writes the agents' reclassifications as a labelled
// folder, to retrain with: mailbot train --corpus testdata/train --corpus DIR.
func cmdCorrections(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return fmt.Errorf("%w: %s", errUsage, correctionsUsage)
	}
	fs := flag.NewFlagSet("corrections export", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "configuration file (TOML) naming the state file; default: mailbot.db")
	dirs, err := parseArgs(fs, args[1:])
	if err != nil || len(dirs) != 1 {
		return fmt.Errorf("%w: %s", errUsage, correctionsUsage)
	}
	cfg := config.Default()
	if *cfgPath != "" {
		if cfg, err = config.Load(*cfgPath); err != nil {
			return err
		}
	}
	if _, err := os.Stat(cfg.State.Path); err != nil {
		return fmt.Errorf("state file: %w (give --config FILE)", err)
	}
	// The running daemon holds the state file: it hands out a copy.
	st, done, err := snapshot.Open(ctx, cfg.State.Path)
	if err != nil {
		return err
	}
	defer done()
	verdicts, err := st.Verdicts()
	if err != nil {
		return fmt.Errorf("read the corrections: %w", err)
	}
	n, err := corrections.Export(verdicts, dirs[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "corrections: %d labelled example(s) written to %s; retrain with: mailbot train --corpus testdata/train --corpus %s\n", n, dirs[0], dirs[0])
	return nil
}
