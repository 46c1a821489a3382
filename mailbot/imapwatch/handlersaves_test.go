package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// countingCursors counts the watcher's own saves; the handler saves
// through MemCursors directly, as the bot saves with its commit.
type countingCursors struct {
	MemCursors
	saves atomic.Int32
}

func (c *countingCursors) SavePosition(mailbox string, p Position) error {
	c.saves.Add(1)
	return c.MemCursors.SavePosition(mailbox, p)
}

// savingHandler saves f.Position with its "decision", as the bot does.
func savingHandler(c *countingCursors, h func(context.Context, Fetched) error) func(context.Context, Fetched) error {
	return func(ctx context.Context, f Fetched) error {
		if err := h(ctx, f); err != nil {
			return err
		}
		return c.MemCursors.SavePosition(f.Mailbox, f.Position)
	}
}

// TestHandlerSavedPositionSparesTheWatchersWrite: when the handler saves
// the position with each message, mail that comes one message at a time
// costs no write of the watcher's own, past the first.
func TestHandlerSavedPositionSparesTheWatchersWrite(t *testing.T) {
	s := startServer(t)
	rec := newRecorder()
	cursors := &countingCursors{}
	opts := baseOptions(s.Addr(), savingHandler(cursors, rec.handle), cursors)
	opts.HandlerSavesPosition = true
	startRun(t, opts)
	appendMail(t, s, 1)
	eventually(t, "uid 1 marked", func() bool { return marked(t, s, 1) })
	first := cursors.saves.Load()
	for n := 2; n <= 6; n++ {
		appendMail(t, s, n)
		eventually(t, fmt.Sprintf("uid %d marked", n), func() bool { return marked(t, s, uint32(n)) })
	}
	if got := cursors.saves.Load(); got != first {
		t.Errorf("the watcher saved the position %d more times for 5 messages, want none", got-first)
	}
	if p, _ := cursors.Position("btp"); p.Next != 7 || p.LastUID < 4 {
		t.Errorf("position saved by the handler: got %+v, want next 7", p)
	}
}

// TestMessageThatKillsTheProcessIsFoundWithoutASave: the message that
// kills the process was handed out without a save of the watcher's own;
// the position the handler saved with the previous message names it as
// possibly in flight, and it is quarantined after two lone deaths.
func TestMessageThatKillsTheProcessIsFoundWithoutASave(t *testing.T) {
	s := startServer(t)
	rec := newRecorder()
	dead := make(chan struct{})
	bury := sync.OnceFunc(func() { close(dead) })
	var killed atomic.Int32
	disk := &countingCursors{} // what survives each death
	handle := func(ctx context.Context, f Fetched) error {
		if f.UID == 2 {
			killed.Add(1)
			<-dead
			return errors.New("the process is gone")
		}
		return rec.handle(ctx, f)
	}
	for run := 1; run <= 3; run++ {
		cursors := &countingCursors{}
		p, _ := disk.Position("btp")
		cursors.MemCursors.SavePosition("btp", p)
		opts := baseOptions(s.Addr(), savingHandler(cursors, handle), cursors)
		opts.HandlerSavesPosition = true
		opts.Quarantine = (&quarantineLog{}).record
		startRun(t, opts)
		t.Cleanup(bury)
		if run == 1 {
			appendMail(t, s, 1)
			eventually(t, "uid 1 marked", func() bool { return marked(t, s, 1) })
			saves := cursors.saves.Load()
			appendMail(t, s, 2)
			eventually(t, "uid 2 handed out", func() bool { return killed.Load() == 1 })
			if cursors.saves.Load() != saves {
				t.Fatal("the watcher saved before handing uid 2 out: this test wants the covered path")
			}
		}
		eventually(t, fmt.Sprintf("run %d handing uid 2 out", run), func() bool { return killed.Load() == int32(run) })
		p, _ = cursors.Position("btp")
		disk.MemCursors.SavePosition("btp", p)
		if run > 1 && (!slices.Equal(p.InFlight, []uint32{2}) || p.Failures[2] != run-1) {
			t.Fatalf("run %d saved %+v, want uid 2 alone in flight, counted %d times", run, p, run-1)
		}
	}
	quarantine := &quarantineLog{}
	opts := baseOptions(s.Addr(), savingHandler(disk, handle), disk)
	opts.HandlerSavesPosition = true
	opts.Quarantine = quarantine.record
	startRun(t, opts)
	eventually(t, "uid 2 marked", func() bool { return marked(t, s, 2) })
	if q := quarantine.all(); len(q) != 1 || q[0].UID != 2 || q[0].Reason != Poison {
		t.Errorf("quarantined: got %+v, want uid 2 as poison", q)
	}
	if n := killed.Load(); n != 3 {
		t.Errorf("attempts on uid 2: got %d, want 3 (one handed out, two alone)", n)
	}
}

// TestCommittedMessageUnmarkedAtTheCrashIsMarkedAfterIt: the process dies
// between the handler's commit of uid 2 (its position says Next = 3) and
// the STORE of the done keyword. After the restart uid 3 is a suspect and
// tried alone first; that must not carry the cursor past uid 2, which is
// handed again (the handler's dedupe makes that cheap) and marked.
func TestCommittedMessageUnmarkedAtTheCrashIsMarkedAfterIt(t *testing.T) {
	s := startServer(t)
	dead := make(chan struct{})
	bury := sync.OnceFunc(func() { close(dead) })
	disk := &countingCursors{} // what survives the death
	first := newRecorder()
	committed := make(chan struct{})
	dies := func(ctx context.Context, f Fetched) error {
		if err := first.handle(ctx, f); err != nil {
			return err
		}
		if err := disk.MemCursors.SavePosition(f.Mailbox, f.Position); err != nil {
			return err
		}
		if f.UID == 2 { // committed, then killed before the watcher marks it
			close(committed)
			<-dead
			return errors.New("the process is gone")
		}
		return nil
	}
	opts := baseOptions(s.Addr(), dies, disk)
	opts.HandlerSavesPosition = true
	startRun(t, opts)
	t.Cleanup(bury)
	appendMail(t, s, 1)
	eventually(t, "uid 1 marked", func() bool { return marked(t, s, 1) })
	appendMail(t, s, 2)
	<-committed
	appendMail(t, s, 3)
	if p, _ := disk.Position("btp"); p.Next != 3 || p.LastUID != 1 {
		t.Fatalf("position committed with uid 2: got %+v, want last uid 1, next 3", p)
	}

	again := newRecorder()
	opts = baseOptions(s.Addr(), savingHandler(disk, again.handle), disk)
	opts.HandlerSavesPosition = true
	startRun(t, opts)
	eventually(t, "uid 3 marked", func() bool { return marked(t, s, 3) })
	eventually(t, "uid 2, committed before the crash, marked after it", func() bool { return marked(t, s, 2) })
	if again.count(2) != 1 {
		t.Errorf("uid 2 handed %d times after the restart, want 1", again.count(2))
	}
}
