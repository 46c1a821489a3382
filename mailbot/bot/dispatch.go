package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"mailbot/state"
)

// Retry schedule for temporary failures (capped exponential backoff with
// jitter, as mox's queue does): 30 s, 1 min, 2 min … up to 1 h, for at
// most two days before an agent is asked to look.
const (
	retryMin     = 30 * time.Second
	retryMax     = time.Hour
	retryGiveUp  = 48 * time.Hour
	idleDispatch = time.Minute // re-check the outbox at least this often
	sendTimeout  = time.Minute // the most one SMTP transaction may take
)

// errNotDue stops an attempt on mail that is no longer due.
var errNotDue = errors.New("no longer due")

// AttemptKeeper is a Sender that keeps a durable record of each attempt
// before its SMTP transaction starts — the copy in the Sent folder. For
// its mail the dispatcher records the attempt with the result, in one
// commit (the argument is in docs/architecture.md, "Sending").
type AttemptKeeper interface {
	KeepsAttempts(o state.Outgoing) bool
}

// backoff is the wait before attempt n+1, with ±25 % jitter so that many
// mails failing together do not retry together.
func backoff(attempts int) time.Duration {
	d := retryMin << min(attempts-1, 16)
	d = min(d, retryMax)
	return time.Duration(float64(d) * (0.75 + rand.Float64()/2))
}

// Dispatch sends due mail until ctx is done.
func (b *Bot) Dispatch(ctx context.Context) error {
	for {
		if err := b.SendDue(ctx); err != nil {
			b.log.Error("outbox", "err", err)
		}
		wait := idleDispatch
		if next, ok, err := b.opts.Store.NextDue(); err == nil && ok {
			wait = min(max(next.Sub(b.now()), 0), idleDispatch)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case <-b.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// sendBatch is how many due mails SendDue reads at once: memory stays
// flat however long the outbox, and a batch keeps every connection busy.
const sendBatch = 64

// SendDue sends every mail whose time has come, Options.SendConcurrency
// at a time, sendBatch read at once. The mails of one conversation go one
// after the other, in the order they fell due, so that, say, an
// acknowledgement and the answer that follows it arrive in that order.
func (b *Bot) SendDue(ctx context.Context) error {
	tried := map[string]bool{}
	for ctx.Err() == nil {
		due, err := b.opts.Store.Due(b.now(), sendBatch)
		if err != nil {
			return fmt.Errorf("read outbox: %w", err)
		}
		// A mail tried in this call and still due (its result could not
		// move it on) waits for the next call rather than looping here.
		fresh := slices.DeleteFunc(slices.Clone(due), func(o state.Outgoing) bool { return tried[o.ID] })
		if len(fresh) == 0 {
			return nil
		}
		for _, o := range fresh {
			tried[o.ID] = true
		}
		if err := b.sendAll(ctx, fresh); err != nil {
			return err
		}
		if len(due) < sendBatch {
			return nil
		}
	}
	return nil
}

// sendAll sends due, Options.SendConcurrency at a time, the mails of one
// conversation in order.
func (b *Bot) sendAll(ctx context.Context, due []state.Outgoing) error {
	byConv := map[string][]state.Outgoing{}
	var convs []string
	for _, o := range due {
		if byConv[o.ConversationID] == nil {
			convs = append(convs, o.ConversationID)
		}
		byConv[o.ConversationID] = append(byConv[o.ConversationID], o)
	}
	var (
		g        errgroup.Group
		mu       sync.Mutex
		recorded []func() error
	)
	g.SetLimit(b.opts.SendConcurrency)
	for _, c := range convs {
		g.Go(func() error {
			for _, o := range byConv[c] {
				if ctx.Err() != nil {
					return nil
				}
				wait, err := b.sendOne(ctx, o)
				if err != nil {
					return err
				}
				mu.Lock()
				recorded = append(recorded, wait)
				mu.Unlock()
			}
			return nil
		})
	}
	err := g.Wait()
	// The results were queued as they came, and are waited for once the
	// batch is sent: results that come while the file syncs share the
	// next commit. Until a result is durable, a crash leaves its mail
	// pending, which a crash between the send and its record did anyway
	// (see docs/architecture.md, "Sending").
	for _, wait := range recorded {
		err = errors.Join(err, wait())
	}
	return err
}

// attempt notes an attempt at now and when the next may come.
func attempt(o *state.Outgoing, now time.Time) {
	o.Attempts++
	o.LastAttempt = now
	o.NextAttempt = now.Add(backoff(o.Attempts))
}

// sendOne checks the mail is still due, records the attempt before trying
// (unless the Sender keeps that record itself, see AttemptKeeper), so that
// a crash during the attempt never turns into a burst of retries, then
// queues the record of the outcome: the returned function waits until it
// is durable, then logs and counts it.
func (b *Bot) sendOne(ctx context.Context, o state.Outgoing) (func() error, error) {
	now := b.now()
	k, ok := b.opts.Sender.(AttemptKeeper)
	kept := ok && k.KeepsAttempts(o)
	if kept {
		// The Sender's record stands for the attempt: a read, no commit.
		x, found, err := b.opts.Store.Outgoing(o.ID)
		if err != nil {
			return nil, fmt.Errorf("check outgoing %s: %w", o.ID, err)
		}
		if !found || !x.IsDue(now) {
			return noResult, nil // another sender took it, or an agent changed it
		}
		o = x
		attempt(&o, now) // recorded with the result
	} else {
		err := b.opts.Store.UpdateOutgoing(o.ID, func(x *state.Outgoing, _ *state.Commit) error {
			if !x.IsDue(now) {
				return errNotDue // another sender took it, or an agent changed it
			}
			attempt(x, now)
			o = *x
			return nil
		})
		switch {
		case errors.Is(err, errNotDue):
			return noResult, nil
		case err != nil:
			return nil, fmt.Errorf("record attempt for %s: %w", o.ID, err)
		}
	}
	log := b.log.With("outgoing", o.ID, "conversation", o.ConversationID, "message_id", o.MessageID, "attempt", o.Attempts)
	// A send in flight finishes even when the bot is stopping: cutting
	// it after the server got the data would make the retry a duplicate.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	sendErr := b.opts.Sender.Send(sendCtx, o)
	cancel()
	// The result may touch the conversation (when its question reached
	// the engineers): the bot's lock orders it with the messages' commits
	// (a turn built on the conversation before it fails its revision
	// check and is built again), and is released before the fsync, so that
	// a message's turn does not wait for the disk on a send's behalf.
	b.mu.Lock()
	wait := b.opts.Store.SubmitOutgoing(o.ID, func(x *state.Outgoing, cm *state.Commit) error {
		if kept {
			attempt(x, now)
		}
		switch {
		case sendErr == nil:
			x.Status, x.SentAt, x.LastError = state.OutSent, b.now(), ""
			forwarded(x, cm)
		case b.opts.IsTemporary(sendErr) && b.now().Sub(x.Created) < retryGiveUp:
			x.LastError = sendErr.Error()
		default:
			x.Status, x.LastError = state.OutFailed, sendErr.Error()
			cm.Tasks = append(cm.Tasks, state.Task{
				ID: state.NewID("task", b.now()), ConversationID: x.ConversationID, Priority: state.PriorityHigh, Created: b.now(),
				Title: "Envoi impossible à " + fmt.Sprint(x.To) + " : " + sendErr.Error(),
			})
		}
		o = *x
		return nil
	})
	b.mu.Unlock()
	return func() error {
		if err := wait(); err != nil {
			return fmt.Errorf("record result for %s: %w", o.ID, err)
		}
		b.reportSent(log, o, sendErr)
		return nil
	}, nil
}

// noResult is sendOne's answer for a mail it left alone.
func noResult() error { return nil }

// reportSent logs and counts the recorded outcome o of a send.
func (b *Bot) reportSent(log *slog.Logger, o state.Outgoing, sendErr error) {
	switch o.Status {
	case state.OutSent:
		log.Info("sent", "to", o.To, "kind", o.Kind)
		b.opts.Metrics.Sent(o.Kind)
		if b.opts.OnSent != nil {
			b.opts.OnSent(o)
		}
	case state.OutFailed:
		log.Error("send failed permanently: agent task created", "err", sendErr)
		b.opts.Metrics.SendFailed(o.Kind, false)
	default:
		log.Warn("send failed temporarily: will retry", "err", sendErr, "next", o.NextAttempt)
		b.opts.Metrics.SendFailed(o.Kind, true)
	}
}

// forwarded notes in the conversation, with the result of a forward or a
// reminder, when its question reached the engineers: reminders count from
// there.
func forwarded(o *state.Outgoing, cm *state.Commit) {
	if o.Kind != "forward" && o.Kind != "reminder" {
		return
	}
	cm.EditOf = o.ConversationID
	cm.Edit = func(c *state.Conversation) {
		if o.Kind == "forward" {
			c.ForwardedAt = o.SentAt
		}
		c.RemindedAt = o.SentAt
	}
}
