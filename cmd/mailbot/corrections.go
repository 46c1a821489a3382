package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"mailbot/mailbot/corrections"
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
	cfg, err := loadConfig(*cfgPath, "")
	if err != nil {
		return err
	}
	st, done, err := readState(ctx, cfg)
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
