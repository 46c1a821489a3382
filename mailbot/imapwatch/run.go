package imapwatch

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// watcher is the state of one Run, kept across connections. Only Run's
// goroutine touches it, except wake, which imapclient's reader signals.
type watcher struct {
	o      Options
	log    *slog.Logger
	wake   chan struct{}
	status reporter

	// pos mirrors the saved position of the selected folder; loaded tells
	// that it was read once, at the first SELECT.
	pos    Position
	loaded bool
	// suspects are the UIDs in flight when the process last stopped,
	// to try one at a time (see trySuspects), with the first batch of
	// unmarked messages from suspectFrom on (Position.Next).
	suspects    []uint32
	suspectFrom uint32
	// failures counts the handler's other failures by UID, and settled
	// holds the UIDs above pos.LastUID that are done; both are under
	// pos.UIDValidity.
	failures map[uint32]int
	settled  map[uint32]bool
}

// Run watches one mailbox until ctx is done, reconnecting as needed. It
// returns nil once ctx is done, or an error wrapping ErrInvalidOptions
// without connecting.
func Run(ctx context.Context, opts Options) error {
	o, err := opts.withDefaults()
	switch {
	case err != nil:
		return err
	case o.Handler == nil:
		return invalid("Handler", "is nil")
	case o.Cursors == nil:
		return invalid("Cursors", "is nil")
	}
	w := &watcher{
		o:        o,
		log:      o.Logger.With("mailbox", o.Name, "folder", o.Folder),
		wake:     make(chan struct{}, 1),
		status:   reporter{s: Status{Name: o.Name}, on: o.OnStatus},
		failures: make(map[uint32]int),
		settled:  make(map[uint32]bool),
	}
	w.run(ctx)
	if w.loaded {
		// The cursor moved since the last batch: keep it for the next run.
		// Nothing is in flight once Run stops: no suspect after a clean stop.
		w.pos.InFlight, w.pos.Next = nil, 0
		if err := o.Cursors.SavePosition(o.Name, w.pos.clone()); err != nil {
			w.log.Error("save position", "last_uid", w.pos.LastUID, "err", err)
		}
	}
	return nil
}

func (w *watcher) run(ctx context.Context) {
	b := backoff{min: w.o.BackoffMin, max: w.o.BackoffMax}
	attempt := 0
	for {
		worked, err := w.session(ctx)
		if ctx.Err() != nil {
			w.log.Info("stopped watching", "reason", context.Cause(ctx))
			return
		}
		if worked {
			attempt = 0
		}
		if errors.Is(err, errRenew) {
			w.log.Info("renewing the IMAP session before its credentials expire")
		} else {
			delay := b.delay(attempt)
			w.log.Warn("IMAP session ended, reconnecting", "err", err, "attempt", attempt+1, "in", delay)
			w.status.failed(err)
			if !sleep(ctx, delay) {
				w.log.Info("stopped watching", "reason", context.Cause(ctx))
				return
			}
			attempt++
		}
		w.status.update(func(s *Status) { s.Reconnects++ })
	}
}

// sleep waits d or until ctx is done; it reports whether d elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
