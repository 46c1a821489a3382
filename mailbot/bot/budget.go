package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
)

// ErrUnprocessable wraps the failures a message causes by itself: reading
// or deciding it took longer than Options.StageTimeout, or panicked. The
// watcher counts them toward quarantine.
var ErrUnprocessable = errors.New("the message could not be processed")

// withinBudget runs f, a pure stage of the processing (reading, deciding),
// in a goroutine of its own for at most Options.StageTimeout. A panic in
// f or the time running out is an error wrapping ErrUnprocessable; the
// goroutine is then abandoned with its context cancelled, and its result
// is never used, so it commits nothing.
func (b *Bot) withinBudget(ctx context.Context, log *slog.Logger, stage string, f func(context.Context)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				log.Error("panic while "+stage+" a message", "panic", v, "stack", string(debug.Stack()))
				done <- fmt.Errorf("%w: %s panicked: %v", ErrUnprocessable, stage, v)
			}
		}()
		f(ctx)
		done <- nil
	}()
	timer := time.NewTimer(b.opts.StageTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("%w: %s took longer than %v", ErrUnprocessable, stage, b.opts.StageTimeout)
	}
}
