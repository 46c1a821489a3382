package main

import (
	"context"
	"fmt"
	"os"

	"mailbot/mailbot/config"
	"mailbot/mailbot/snapshot"
	"mailbot/state"
)

// readState opens cfg's state file for a read-only command: a copy from
// the running daemon, which holds the file, or else the file itself.
// done closes it.
func readState(ctx context.Context, cfg *config.Config) (st *state.Store, done func() error, err error) {
	if _, err := os.Stat(cfg.State.Path); err != nil {
		return nil, nil, fmt.Errorf("state file: %w (give --config FILE)", err)
	}
	return snapshot.Open(ctx, cfg.State.Path)
}
