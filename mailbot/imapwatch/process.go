package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime/debug"
	"slices"
	"time"

	"github.com/emersion/go-imap/v2"
)

// process hands every unmarked message above the cursor to the handler,
// then searches again for mail that arrived meanwhile, until none is left:
// mail that came while busy is never left waiting for the next IDLE.
func (s *conn) process(ctx context.Context) error {
	from := s.lastUID + 1
	for from != 0 { // from wraps to 0 only past the largest UID
		drain(s.wake) // this search covers what the pending wake-up announced
		uids, err := s.search(from)
		if err != nil {
			return err
		}
		if from == s.lastUID+1 {
			s.forgetGone(uids)
		}
		if len(uids) == 0 {
			return nil
		}
		for _, uid := range uids {
			done, err := s.handle(ctx, uid)
			if err != nil {
				return err
			}
			if done {
				s.settle(uid)
			}
		}
		from = uids[len(uids)-1] + 1
	}
	return nil
}

// search returns, in ascending order, the UIDs from `from` up that lack the
// done keyword and \Deleted.
func (s *conn) search(from uint32) ([]uint32, error) {
	criteria := &imap.SearchCriteria{
		// from:* — Stop 0 is "*", the largest UID in the folder.
		UID:     []imap.UIDSet{{{Start: imap.UID(from), Stop: 0}}},
		NotFlag: []imap.Flag{imap.Flag(s.o.DoneKeyword), imap.FlagDeleted},
	}
	var data *imap.SearchData
	err := s.guard(func() (err error) {
		data, err = s.c.UIDSearch(criteria, nil).Wait()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search from uid %d: %w", from, err)
	}
	s.status.update(func(st *Status) { st.LastCheck = time.Now() })
	set, ok := data.All.(imap.UIDSet)
	if !ok {
		return nil, errors.New("search answer is not a UID set")
	}
	// A server bug could send a dynamic set; imap.SearchData.AllUIDs
	// would panic on it.
	nums, ok := set.Nums()
	if !ok {
		return nil, errors.New("search answer is a dynamic UID set")
	}
	uids := make([]uint32, 0, len(nums))
	for _, n := range nums {
		// "from:*" also matches the largest UID when it is below from
		// (RFC 9051 section 6.4.9): drop it.
		if uint32(n) >= from {
			uids = append(uids, uint32(n))
		}
	}
	slices.Sort(uids)
	return uids, nil
}

// handle fetches one message, hands it to the handler and marks it. done
// reports whether the message is settled (marked, or gone from the folder);
// err is a connection failure.
func (s *conn) handle(ctx context.Context, uid uint32) (done bool, err error) {
	log := s.log.With("uid", uid)
	if s.failures[uid] >= s.o.MaxAttempts {
		return false, nil // skipped until Run starts again
	}
	f, err := s.fetch(uid)
	switch {
	case errors.Is(err, errTooLarge):
		log.Error("message skipped and left unmarked", "err", err)
		s.failures[uid] = s.o.MaxAttempts
		return false, nil
	case err != nil:
		return false, err
	case f == nil: // expunged meanwhile: nothing left to decide
		return true, nil
	}
	s.status.update(func(st *Status) { st.LastFetch = time.Now() })
	if err := s.callHandler(ctx, *f); err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		s.recordFailure(log, uid, err)
		return false, nil
	}
	delete(s.failures, uid)
	return s.mark(log, uid)
}

func (s *conn) callHandler(ctx context.Context, f Fetched) (err error) {
	defer func() {
		// One message must not crash the daemon: a panic counts as a failure.
		if v := recover(); v != nil {
			s.log.Error("handler panicked", "uid", f.UID, "panic", v, "stack", string(debug.Stack()))
			err = fmt.Errorf("handler panicked: %v", v)
		}
	}()
	return s.o.Handler(ctx, f)
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

// mark sets the done keyword, then moves the message if asked. A refusal
// by the server is logged and the message counts as done, since its
// decision is committed; a connection failure is returned.
func (s *conn) mark(log *slog.Logger, uid uint32) (done bool, err error) {
	set := imap.UIDSetNum(imap.UID(uid))
	err = s.guard(func() error {
		return s.c.Store(set, &imap.StoreFlags{
			Op:     imap.StoreFlagsAdd,
			Silent: true,
			Flags:  []imap.Flag{imap.Flag(s.o.DoneKeyword)},
		}, nil).Close()
	})
	if err != nil && !isServerRefusal(err) {
		return false, fmt.Errorf("mark uid %d: %w", uid, err)
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
		return false, fmt.Errorf("move uid %d to %q: %w", uid, s.o.MoveTo, err)
	}
	if err != nil {
		log.Error("server refused to move the message", "move_to", s.o.MoveTo, "err", err)
	}
	return true, nil
}

// settle records uid as done and moves the cursor as far as it can: up
// to the highest done UID below every message still failing. A search
// from the cursor lists every unmarked message above it, and UIDs only
// grow (RFC 9051 section 2.3.1.1), so nothing unsettled is left behind.
func (s *conn) settle(uid uint32) {
	s.settled[uid] = true
	limit := uint32(math.MaxUint32)
	for f := range s.failures {
		if f > s.lastUID && f < limit {
			limit = f
		}
	}
	next := s.lastUID
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
	if next == s.lastUID {
		return
	}
	s.lastUID = next
	if err := s.o.Cursors.SetCursor(s.o.Name, s.uidValidity, next); err != nil {
		// The keyword still keeps the message from being handled twice.
		s.log.Error("save cursor", "uid", next, "err", err)
		s.status.failed(fmt.Errorf("save cursor: %w", err))
	}
}

// forgetGone drops failure counts of messages that a search from the
// cursor no longer lists (expunged, or marked by someone): they must not
// hold the cursor back.
func (s *conn) forgetGone(unmarked []uint32) {
	for f := range s.failures {
		if f > s.lastUID && !slices.Contains(unmarked, f) {
			delete(s.failures, f)
		}
	}
}

func drain(ch chan struct{}) {
	select {
	case <-ch:
	default:
	}
}
