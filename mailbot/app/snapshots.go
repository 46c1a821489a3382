package app

import (
	"context"

	"mailbot/mailbot/snapshot"
)

// serveSnapshots lets the read-only commands read the state file while
// the bot holds it (package snapshot). Mail comes first: a socket that
// cannot be opened is logged, and the bot runs without it.
func (a *App) serveSnapshots(ctx context.Context) error {
	if err := snapshot.Serve(ctx, a.cfg.State.Path, a.Store, a.log); err != nil {
		a.log.Error("read-only commands (mailbot digest) cannot reach the running bot; they will wait for it to stop", "err", err)
	}
	return nil
}
