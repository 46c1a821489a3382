// Package retention archives the closed conversations older than
// [state] keep, so that the hot buckets and their indexes hold what the
// agents still work on (see state.Store.ArchiveClosed).
package retention

import (
	"context"
	"log/slog"
	"time"

	"mailbot/state"
)

// Every is how often the daemon archives.
const Every = 6 * time.Hour

// Options configures Run.
type Options struct {
	Store *state.Store
	// Keep is how long a closed conversation stays after its last
	// activity.
	Keep time.Duration
	// Clock is the time source; nil means time.Now.
	Clock  func() time.Time
	Logger *slog.Logger
}

// Once archives what is due now and returns how many conversations it
// moved.
func Once(o Options) (int, error) {
	now := time.Now
	if o.Clock != nil {
		now = o.Clock
	}
	return o.Store.ArchiveClosed(now().Add(-o.Keep))
}

// Run archives at once, then every Every, until ctx is done. A failure
// is logged and tried again at the next round: nothing is lost by
// archiving late.
func Run(ctx context.Context, o Options) error {
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	ticker := time.NewTicker(Every)
	defer ticker.Stop()
	for {
		n, err := Once(o)
		switch {
		case err != nil:
			log.Error("archive closed conversations", "err", err)
		case n > 0:
			log.Info("archived closed conversations", "count", n, "keep", o.Keep)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}
