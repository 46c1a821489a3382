package state

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// maxGroup bounds the writes grouped into one transaction, so that one
// transaction stays short and a failing write is retried with few others.
const maxGroup = 256

// A write is one caller's change. fn may run more than once (when another
// write of its group fails, the group is written again without it), so it
// must change nothing but the transaction.
type write struct {
	fn   func(*bolt.Tx) error
	done chan error
	// lazy: its caller waits for it later, so its group may wait for
	// more (see writer.gather).
	lazy bool
}

// lingerFor is how long a group of lazy writes waits for more before it
// is committed: results of sends come one by one, a few milliseconds
// apart, and would otherwise cost an fsync each. A write that is waited
// for at once ends the wait.
const lingerFor = 10 * time.Millisecond

// writer is the file's single writer (group commit): it takes the writes
// queued while the previous transaction was being synced and commits them
// in one transaction, one fsync for all. Each caller learns its own
// write's result: a write whose fn fails is left out and the group is
// written again without it, so one bad write fails no other.
type writer struct {
	db *bolt.DB
	// queue is buffered, so that a caller queues its write without
	// waiting for the transaction being synced: the writes queued
	// meanwhile make the next group.
	queue   chan write
	mu      sync.RWMutex // closed, and no send on a closed queue
	closed  bool
	stopped sync.WaitGroup
	commits atomic.Int64
	lingers time.Duration // lingerFor; tests lengthen it
	// budget and idle are mappedBudget and idleRelease; tests change them.
	budget   int64
	idle     time.Duration
	resident *residency // nil where it cannot be read
}

func startWriter(db *bolt.DB) *writer {
	w := &writer{db: db, queue: make(chan write, maxGroup), lingers: lingerFor,
		budget: mappedBudget, idle: idleRelease, resident: openResidency()}
	w.stopped.Add(1)
	go w.run()
	return w
}

// submit queues fn, in order after the writes submitted before it
// returned, and returns a function that waits for its result.
func (w *writer) submit(fn func(*bolt.Tx) error) func() error {
	return w.queueWrite(write{fn: fn, done: make(chan error, 1)})
}

// submitLazy is submit for a caller that will not wait at once: the
// write may wait up to lingerFor for others to share its fsync.
func (w *writer) submitLazy(fn func(*bolt.Tx) error) func() error {
	return w.queueWrite(write{fn: fn, done: make(chan error, 1), lazy: true})
}

func (w *writer) queueWrite(wr write) func() error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return func() error { return ErrClosed }
	}
	w.queue <- wr
	return func() error { return <-wr.done }
}

// update runs fn in the writer's next transaction and returns once it is
// durable.
func (w *writer) update(fn func(*bolt.Tx) error) error { return w.submit(fn)() }

// stop lets the writer finish the writes queued, then ends it.
func (w *writer) stop() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	w.stopped.Wait()
}

// run commits the queued writes, and gives back the file's mapped pages
// (see release) after a commit once the process's file-backed memory has
// grown by w.budget since it last did, and w.idle after the last commit of
// a burst, so that the burst does not stay resident until the next write.
// Where that memory cannot be read, it gives them back every w.idle
// during a burst instead.
func (w *writer) run() {
	defer w.stopped.Done()
	defer w.resident.close()
	base, measured := w.resident.fileBytes()
	released := time.Now()
	// The release after a burst: armed by each commit that did not
	// release, stopped by each that did (a stopped timer fires no more).
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	defer idle.Stop()
	giveBack := func() {
		// Failing costs memory, not data: nothing to do but go on.
		_ = release(w.db)
		released = time.Now()
		base, measured = w.resident.fileBytes()
	}
	due := func() bool {
		if now, ok := w.resident.fileBytes(); ok && measured {
			return now-base >= w.budget
		}
		return time.Since(released) >= w.idle
	}
	for {
		select {
		case first, ok := <-w.queue:
			if !ok {
				return
			}
			w.commit(w.gather(first))
			if due() {
				giveBack()
				idle.Stop()
			} else {
				idle.Reset(w.idle)
			}
		case <-idle.C:
			giveBack()
		}
	}
}

// gather makes first's group: the writes queued meanwhile and, while every
// write of the group is lazy, those that come within w.lingers, up to
// maxGroup.
func (w *writer) gather(first write) []write {
	group, lazy := []write{first}, first.lazy
	var linger <-chan time.Time
	if lazy {
		t := time.NewTimer(w.lingers)
		defer t.Stop()
		linger = t.C
	}
	for len(group) < maxGroup {
		var wr write
		ok := true
		if lazy {
			select {
			case wr, ok = <-w.queue:
			case <-linger:
				return group
			}
		} else {
			select {
			case wr, ok = <-w.queue:
			default:
				return group
			}
		}
		if !ok {
			return group
		}
		group = append(group, wr)
		lazy = lazy && wr.lazy
	}
	return group
}

// errLeftOut ends a group's transaction when one of its writes failed.
var errLeftOut = errors.New("a write of the group failed")

// commit writes group in one transaction, leaving out the writes that
// fail, and tells each caller its result.
func (w *writer) commit(group []write) {
	for len(group) > 0 {
		failed, failure := -1, error(nil)
		err := w.db.Update(func(tx *bolt.Tx) error {
			for i, wr := range group {
				if err := wr.fn(tx); err != nil {
					failed, failure = i, err
					return errLeftOut
				}
			}
			return nil
		})
		if failed < 0 {
			w.commits.Add(1)
			for _, wr := range group {
				wr.done <- err // nil, or the file's own failure, which all share
			}
			return
		}
		group[failed].done <- failure
		group = append(group[:failed], group[failed+1:]...)
	}
}

// Writes counts the write transactions committed since Open: each costs
// the file two fdatasync calls (bbolt syncs the data pages, then the meta
// page). Benchmarks divide it by the messages processed.
func (s *Store) Writes() int64 { return s.w.commits.Load() }
