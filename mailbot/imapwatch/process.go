package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
)

// batchSize is how many messages are handed out under one save of the
// position: one write to the Cursors for up to this many messages, and at
// most this many suspects to try alone after a crash.
const batchSize = 16

// process hands every unmarked message above the cursor to the handler,
// then looks again for mail that arrived meanwhile, until none is left:
// mail that came while busy is never left waiting for the next IDLE.
// Suspects of a crash go first, one at a time.
func (s *conn) process(ctx context.Context) error {
	if err := s.trySuspects(ctx); err != nil {
		return err
	}
	from := s.pos.LastUID + 1
	for from != 0 { // from wraps to 0 only past the largest UID
		drain(s.wake) // this look covers what the pending wake-up announced
		uids, sizes, err := s.unmarked(imap.UIDSet{{Start: imap.UID(from), Stop: 0}})
		if err != nil {
			return err
		}
		// "from:*" also matches the largest UID when it is below from
		// (RFC 9051 section 6.4.9): drop it.
		uids = slices.DeleteFunc(uids, func(u uint32) bool { return u < from })
		if from == s.pos.LastUID+1 {
			s.forgetGone(uids)
		}
		if len(uids) == 0 {
			return nil
		}
		for batch := range slices.Chunk(uids, batchSize) {
			if err := s.handleBatch(ctx, batch, sizes, false, s.covers(from, uids, batch)); err != nil {
				return err
			}
		}
		from = uids[len(uids)-1] + 1
	}
	return nil
}

// covers tells whether the saved position already names batch as
// possibly in flight, so that it need not be saved again before the batch
// is handed out: batch comes from uids, the unmarked messages from from
// on, and is the first of them from Position.Next on. After a crash those
// are still the first unmarked ones from Next on (new mail only comes
// after), so trySuspects finds them.
func (s *conn) covers(from uint32, uids, batch []uint32) bool {
	next := s.pos.Next
	if !s.o.HandlerSavesPosition || next == 0 || from > next {
		return false
	}
	i, _ := slices.BinarySearch(uids, next)
	return i < len(uids) && uids[i] == batch[0]
}

// trySuspects handles, each alone, the messages of the batch that was in
// flight when the process last stopped and that are still unmarked: one
// of them may have crashed it. Each attempt is counted in the position
// before it starts, so a crash leaves it counted; a message counted
// QuarantineAfter times is quarantined instead.
func (s *conn) trySuspects(ctx context.Context) error {
	if s.suspectFrom != 0 {
		after, _, err := s.unmarked(imap.UIDSet{{Start: imap.UID(s.suspectFrom), Stop: 0}})
		if err != nil {
			return err
		}
		after = slices.DeleteFunc(after, func(u uint32) bool { return u < s.suspectFrom })
		s.suspects = append(s.suspects, after[:min(len(after), batchSize)]...)
		s.suspectFrom = 0
	}
	if len(s.suspects) == 0 {
		return nil
	}
	set := imap.UIDSet{}
	for _, u := range s.suspects {
		set.AddNum(imap.UID(u))
	}
	unmarked, sizes, err := s.unmarked(set)
	if err != nil {
		return err
	}
	for _, uid := range unmarked {
		s.log.Warn("message in flight when mailbot last stopped: trying it alone", "uid", uid, "failures", s.pos.Failures[uid])
		if err := s.handleBatch(ctx, []uint32{uid}, sizes, true, false); err != nil {
			return err
		}
	}
	s.suspects = nil
	return nil
}

// handleBatch saves the position with batch in flight, unless the saved
// position covers it already, then settles each message: quarantined when
// too large (sizes, from unmarked) or failed too often, else handed to the
// handler. solo is a suspect's lone attempt. The handler's waits are
// gathered and concluded in order (see pending) before anything else
// touches the folder.
func (s *conn) handleBatch(ctx context.Context, batch []uint32, sizes map[uint32]int64, solo, covered bool) error {
	batch = slices.DeleteFunc(slices.Clone(batch), func(u uint32) bool { return s.failures[u] >= s.o.MaxAttempts })
	if len(batch) == 0 {
		return nil
	}
	// A suspect's lone attempt is counted before it starts, so that a
	// crash leaves it counted.
	counted := solo && s.pos.Failures[batch[0]] < s.o.QuarantineAfter
	if counted {
		s.fault(batch[0], 1)
	}
	if counted || !covered {
		s.pos.InFlight = batch
		s.savePosition()
	}
	p := &pending{s: s, solo: solo}
	defer p.abandon()
	for i := 0; i < len(batch); {
		if ctx.Err() != nil {
			// Stopping: no new message is taken; those handed out are
			// concluded and marked.
			return errors.Join(p.conclude(ctx), ctx.Err())
		}
		uid := batch[i]
		size := sizes[uid]
		n := 1
		var err error
		switch {
		case size > s.o.MaxMessageSize:
			err = p.quarantine(ctx, uid, TooLarge, fmt.Errorf("%w: %d bytes", errTooLarge, size))
		case s.poisoned(uid, counted):
			err = p.quarantine(ctx, uid, Poison, errors.New("it was being handled when mailbot stopped without finishing"))
		default:
			n, err = s.handleRun(ctx, p, s.run(batch[i:], sizes, counted), counted)
		}
		if err != nil {
			return err
		}
		i += n
	}
	return p.conclude(ctx)
}

// poisoned tells a message counted QuarantineAfter times in flight when
// the process stopped; counted is a suspect's lone attempt, counted
// already.
func (s *conn) poisoned(uid uint32, counted bool) bool {
	return !counted && s.pos.Failures[uid] >= s.o.QuarantineAfter
}

// run is the start of rest that one FETCH downloads: rest[0], and the
// messages after it that go to the handler too, while their bodies add
// up to at most runBytes.
func (s *conn) run(rest []uint32, sizes map[uint32]int64, counted bool) []uint32 {
	total := sizes[rest[0]]
	n := 1
	for ; n < len(rest); n++ {
		size := sizes[rest[n]]
		if size > s.o.MaxMessageSize || s.poisoned(rest[n], counted) || total+size > runBytes {
			break
		}
		total += size
	}
	return rest[:n]
}

// pending holds the messages of a batch handed to the handler whose
// decisions are not yet known durable, in UID order. While any is
// pending the connection counts as busy (see closer): a shutdown lets
// them be concluded and marked.
type pending struct {
	s    *conn
	solo bool
	msgs []handed
	busy bool
}

// handed is one message handed to the handler: its wait, or the error
// the handler returned.
type handed struct {
	uid     uint32
	log     *slog.Logger
	counted bool
	wait    func() error
	err     error
}

// enter marks the connection busy before a message is handed out; false
// when it is stopping.
func (p *pending) enter() bool {
	if p.busy {
		return true
	}
	p.busy = p.s.closer.enter()
	return p.busy
}

func (p *pending) add(h handed) { p.msgs = append(p.msgs, h) }

// settled records uid as done (see conn.settle) unless the batch is a
// suspect's lone attempt.
func (p *pending) settled(uid uint32) {
	// A suspect is settled out of order: below it may lie unmarked
	// mail the search from the cursor has not listed yet (one
	// committed but not marked when the process died), which the
	// cursor must not pass. The keyword keeps it from a second turn.
	if !p.solo {
		p.s.settle(uid)
	}
}

// settle settles uid when f reports it done.
func (p *pending) settle(uid uint32, f func() (bool, error)) error {
	done, err := f()
	if err == nil && done {
		p.settled(uid)
	}
	return err
}

// quarantine concludes the messages handed out before uid, then
// quarantines uid as work in flight.
func (p *pending) quarantine(ctx context.Context, uid uint32, reason Reason, cause error) error {
	if err := p.conclude(ctx); err != nil {
		return err
	}
	return p.settle(uid, func() (bool, error) {
		return p.s.inFlight(ctx, func() (bool, error) { return p.s.quarantine(ctx, uid, reason, cause) })
	})
}

// conclude waits for each pending decision in order and records the
// failures, then marks every message whose decision is durable in one
// STORE, and leaves the connection free. The cursor passes a message only
// once it is marked, and never a failure recorded meanwhile (see
// conn.settle).
func (p *pending) conclude(ctx context.Context) error {
	defer p.abandon()
	var durable []uint32
	for len(p.msgs) > 0 {
		h := p.msgs[0]
		p.msgs = p.msgs[1:]
		if h.err == nil {
			h.err = p.s.callWait(h)
		}
		if h.err == nil {
			p.s.committed(h.uid)
			durable = append(durable, h.uid)
			continue
		}
		err := p.settle(h.uid, func() (bool, error) { return p.s.failed(ctx, h) })
		if err != nil {
			return err
		}
	}
	if len(durable) == 0 {
		return nil
	}
	done, err := p.s.mark(p.s.log.With("uids", durable), durable...)
	if err == nil && done {
		for _, uid := range durable {
			p.settled(uid)
		}
	}
	return err
}

// abandon leaves the connection free; messages still pending (the
// connection failed) stay unmarked, and their decisions, durable or not,
// make the next turn a duplicate the handler recognises.
func (p *pending) abandon() {
	p.msgs = nil
	if p.busy {
		p.busy = false
		p.s.closer.leave()
	}
}

// unmarked returns, in ascending order, the UIDs of set that lack the done
// keyword and \Deleted, with their RFC822.SIZE, in one round trip: a
// FETCH of the flags and sizes, where a SEARCH then a FETCH of the sizes
// took two, so that no message over MaxMessageSize is downloaded. It also
// collects the end of the IDLE before it (see wait).
func (s *conn) unmarked(set imap.UIDSet) ([]uint32, map[uint32]int64, error) {
	const done = -1 // in sizes: marked, or deleted
	sizes := map[uint32]int64{}
	err := s.guard(func() error {
		cmd := s.c.Fetch(set, &imap.FetchOptions{UID: true, Flags: true, RFC822Size: true})
		for m := cmd.Next(); m != nil; m = cmd.Next() {
			buf, err := m.Collect()
			if err != nil {
				cmd.Close()
				return err
			}
			// A flag change another session made may come as a second
			// answer for the same message, without its size.
			uid := uint32(buf.UID)
			switch {
			case sizes[uid] == done:
			case slices.ContainsFunc(buf.Flags, func(f imap.Flag) bool {
				return f == imap.FlagDeleted || strings.EqualFold(string(f), s.o.DoneKeyword)
			}):
				sizes[uid] = done
			default:
				sizes[uid] = max(sizes[uid], buf.RFC822Size)
			}
		}
		return cmd.Close()
	})
	if err != nil {
		return nil, nil, fmt.Errorf("fetch flags of %v: %w", set, err)
	}
	if err := s.ended(); err != nil {
		return nil, nil, err
	}
	s.status.update(func(st *Status) { st.LastCheck = time.Now() })
	uids := make([]uint32, 0, len(sizes))
	for uid, size := range sizes {
		if uid == 0 || size == done {
			delete(sizes, uid)
			continue
		}
		uids = append(uids, uid)
	}
	slices.Sort(uids)
	return uids, sizes, nil
}

// handleRun fetches run and hands its messages to the handler in UID
// order (see hand), and returns how many of them it settled or handed.
func (s *conn) handleRun(ctx context.Context, p *pending, run []uint32, counted bool) (int, error) {
	got, err := s.fetchRun(run)
	if err != nil {
		return 0, err
	}
	defer func() { // what was not handed
		for _, r := range got {
			if r.release != nil {
				r.release()
			}
		}
	}()
	for i, uid := range run {
		r, ok := got[uid]
		if !ok { // expunged meanwhile: nothing left to decide
			p.settled(uid)
			continue
		}
		delete(got, uid)
		if err := s.hand(ctx, p, uid, counted, r); err != nil {
			return i + 1, err
		}
		if ctx.Err() != nil {
			return i + 1, nil
		}
	}
	return len(run), nil
}

// hand gives one fetched message to the handler; its outcome joins p,
// concluded at once when it is already known. counted tells that the
// attempt was counted among the message's failures before it started.
func (s *conn) hand(ctx context.Context, p *pending, uid uint32, counted bool, r fetched) error {
	log := s.log.With("uid", uid)
	switch {
	case errors.Is(r.err, errTooLarge): // the server's size was wrong
		return p.quarantine(ctx, uid, TooLarge, r.err)
	case errors.Is(r.err, errSpool):
		s.recordFailure(log, uid, r.err)
		return nil
	}
	defer r.release()
	f := r.f
	s.status.update(func(st *Status) { st.LastFetch = time.Now() })
	if s.o.HandlerSavesPosition {
		f.Position = s.pos.clone()
		f.Position.Next = uid + 1
		delete(f.Position.Failures, uid) // settled once the handler commits
	}
	if !p.enter() {
		return ctx.Err()
	}
	h := handed{uid: uid, log: log, counted: counted}
	h.wait, h.err = s.callHandler(ctx, *f)
	p.add(h)
	if h.err != nil {
		return p.conclude(ctx) // a failure is recorded in order, before the next message
	}
	return nil
}

// committed notes that the handler committed uid's decision.
func (s *conn) committed(uid uint32) {
	if s.o.HandlerSavesPosition {
		s.pos.Next = uid + 1 // as saved by the handler
	}
	s.forget(uid)
}

// failed records the failure of a message whose handler or wait failed.
// done reports whether the message is settled all the same (quarantined);
// err is a connection failure.
func (s *conn) failed(ctx context.Context, h handed) (done bool, err error) {
	switch {
	case ctx.Err() != nil:
		return false, ctx.Err()
	case errors.Is(h.err, ErrBadMessage):
		return s.badMessage(ctx, h.log, h.uid, h.counted, h.err)
	}
	if h.counted {
		s.fault(h.uid, -1) // not the message's doing: its lone attempt does not count
	}
	s.recordFailure(h.log, h.uid, h.err)
	return false, nil
}

// badMessage counts a failure the message caused, and quarantines the
// message once it has failed QuarantineAfter times.
func (s *conn) badMessage(ctx context.Context, log *slog.Logger, uid uint32, counted bool, err error) (bool, error) {
	if !counted {
		s.fault(uid, 1)
		s.savePosition()
	}
	n := s.pos.Failures[uid]
	s.status.failed(fmt.Errorf("uid %d: %w", uid, err))
	if n >= s.o.QuarantineAfter {
		return s.quarantine(ctx, uid, Poison, err)
	}
	log.Warn("the message made the handler fail: it will be retried, then quarantined", "failures", n, "max", s.o.QuarantineAfter, "err", err)
	return false, nil
}

// callHandler hands f to the handler. One message must not crash the
// daemon: a panic counts as the message's failure.
func (s *conn) callHandler(ctx context.Context, f Fetched) (wait func() error, err error) {
	defer s.recoverAs(f.UID, &err)
	wait, err = s.o.Handler(ctx, f)
	if err == nil && wait == nil {
		wait = Committed
	}
	return wait, err
}

// callWait waits for a handed message's decision; a panic there too
// counts as the message's failure.
func (s *conn) callWait(h handed) (err error) {
	defer s.recoverAs(h.uid, &err)
	return h.wait()
}

func (s *conn) recoverAs(uid uint32, err *error) {
	if v := recover(); v != nil {
		s.log.Error("handler panicked", "uid", uid, "panic", v, "stack", string(debug.Stack()))
		*err = fmt.Errorf("%w: handler panicked: %v", ErrBadMessage, v)
	}
}

func (s *conn) recordFailure(log *slog.Logger, uid uint32, err error) {
	n := s.failures[uid] + 1
	s.failures[uid] = n
	s.status.failed(fmt.Errorf("uid %d: %w", uid, err))
	if n < s.o.MaxAttempts {
		log.Warn("handler failed, message will be retried", "attempt", n, "max", s.o.MaxAttempts, "err", err)
		return
	}
	log.Error("handler failed too often: message skipped and left unmarked until restart", "attempts", n, "err", err)
}

// fault adds delta to the failures the message caused.
func (s *conn) fault(uid uint32, delta int) {
	if s.pos.Failures == nil {
		s.pos.Failures = make(map[uint32]int)
	}
	s.pos.Failures[uid] += delta
	if s.pos.Failures[uid] <= 0 {
		delete(s.pos.Failures, uid)
	}
}

// forget drops the failure counts of a message that is settled.
func (s *conn) forget(uid uint32) {
	delete(s.failures, uid)
	delete(s.pos.Failures, uid)
}

// mark sets the done keyword on uids, then moves them if asked, one
// command each for all. A refusal by the server is logged and the
// messages count as done, since their decisions are committed; a
// connection failure is returned.
func (s *conn) mark(log *slog.Logger, uids ...uint32) (done bool, err error) {
	set := imap.UIDSet{}
	for _, uid := range uids {
		set.AddNum(imap.UID(uid))
	}
	err = s.guard(func() error {
		return s.c.Store(set, &imap.StoreFlags{
			Op:     imap.StoreFlagsAdd,
			Silent: true,
			Flags:  []imap.Flag{imap.Flag(s.o.DoneKeyword)},
		}, nil).Close()
	})
	if err != nil && !isServerRefusal(err) {
		return false, fmt.Errorf("mark uid %v: %w", set, err)
	}
	if err != nil {
		log.Error("server refused the done keyword", "keyword", s.o.DoneKeyword, "err", err)
	}
	if s.o.MoveTo == "" || !s.canMove {
		return true, nil
	}
	err = s.guard(func() error {
		_, err := s.c.Move(set, s.o.MoveTo).Wait()
		return err
	})
	if err != nil && !isServerRefusal(err) {
		return false, fmt.Errorf("move uid %v to %q: %w", set, s.o.MoveTo, err)
	}
	if err != nil {
		log.Error("server refused to move the message", "move_to", s.o.MoveTo, "err", err)
	}
	return true, nil
}

// settle records uid as done and moves the cursor as far as it can: up
// to the highest done UID below every message still failing. uid comes
// from a search from the cursor, which lists every unmarked message above
// it, handed out in order, and UIDs only grow (RFC 9051 section
// 2.3.1.1), so nothing unsettled is left behind. A suspect is not
// settled: it comes from elsewhere (see handleBatch).
// The cursor is saved with the next batch, or when Run returns.
func (s *conn) settle(uid uint32) {
	s.settled[uid] = true
	limit := uint32(math.MaxUint32)
	for f := range s.failures {
		if f > s.pos.LastUID && f < limit {
			limit = f
		}
	}
	for f := range s.pos.Failures {
		if f > s.pos.LastUID && f < limit {
			limit = f
		}
	}
	next := s.pos.LastUID
	for d := range s.settled {
		if d < limit && d > next {
			next = d
		}
	}
	for d := range s.settled {
		if d <= next {
			delete(s.settled, d)
		}
	}
	s.pos.LastUID = next
}

// savePosition writes the position; a failure is logged and reported, and
// the watcher goes on (the keyword still keeps a message from being
// handled twice, the handler's dedupe the rest).
func (s *conn) savePosition() {
	if err := s.o.Cursors.SavePosition(s.o.Name, s.pos.clone()); err != nil {
		s.log.Error("save position", "last_uid", s.pos.LastUID, "err", err)
		s.status.failed(fmt.Errorf("save position: %w", err))
	}
}

// forgetGone drops failure counts of messages that a search from the
// cursor no longer lists (expunged, or marked by someone): they must not
// hold the cursor back.
func (s *conn) forgetGone(unmarked []uint32) {
	for f := range s.failures {
		if f > s.pos.LastUID && !slices.Contains(unmarked, f) {
			delete(s.failures, f)
		}
	}
	for f := range s.pos.Failures {
		if f > s.pos.LastUID && !slices.Contains(unmarked, f) {
			delete(s.pos.Failures, f)
		}
	}
}

func drain(ch chan struct{}) {
	select {
	case <-ch:
	default:
	}
}
