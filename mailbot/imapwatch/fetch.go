package imapwatch

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// fetched is one message of a run: its body, or why it has none.
type fetched struct {
	f       *Fetched
	release func()
	err     error // errTooLarge or errSpool
}

// runBytes bounds the bodies of one run held at once, as spoolInMemory
// bounds one body: a larger message is fetched alone.
const runBytes = spoolInMemory

// fetchRun downloads the messages of uids with one UID FETCH of
// BODY.PEEK[], which leaves \Seen alone (RFC 9051 section 6.4.5): one
// round trip for a run of mail instead of one per message. Every body is
// read and the command completed before the handler sees any, so the
// handler never gets a truncated message and may take its time without
// holding the connection in the middle of a response; a large body waits
// in a temporary file (see spool). A message that cannot be kept (over
// MaxMessageSize after all, or no room to spool it) is returned with its
// error, its body skipped, and the run goes on. A message missing from
// the answer is gone.
func (s *conn) fetchRun(uids []uint32) (map[uint32]fetched, error) {
	set := imap.UIDSet{}
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	wd := startWatchdog(s.raw, s.o.CommandTimeout, s.o.FetchTimeout)
	cmd := s.c.Fetch(set, &imap.FetchOptions{
		UID:          true,
		Flags:        true,
		InternalDate: true,
		BodySection:  []*imap.FetchItemBodySection{{Peek: true}},
	})
	got := map[uint32]fetched{}
	var err error
	// cmd.Next skips what readMessage left of a message it gave up on.
	for m := cmd.Next(); m != nil; m = cmd.Next() {
		f, release, rerr := s.readMessage(m, wd.kick)
		if f.UID == 0 && len(uids) == 1 {
			f.UID = uids[0]
		}
		if !slices.Contains(uids, f.UID) { // imapclient routes by UID: defensive
			if release != nil {
				release()
			}
			err = cmp.Or(rerr, fmt.Errorf("server sent UID %d, not asked for", f.UID))
			break
		}
		if rerr != nil && !errors.Is(rerr, errTooLarge) && !errors.Is(rerr, errSpool) {
			err = rerr
			break
		}
		f.Mailbox, f.UIDValidity = s.o.Name, s.pos.UIDValidity
		got[f.UID] = fetched{f: f, release: release, err: rerr}
	}
	// Close drains what was left unread; its error is the server's verdict.
	if closeErr := cmd.Close(); err == nil {
		err = closeErr
	}
	if err = wd.stop(err); err != nil {
		for _, r := range got {
			if r.release != nil {
				r.release()
			}
		}
		return nil, fmt.Errorf("fetch uid %v: %w", set, err)
	}
	return got, nil
}

// readMessage collects the items of one FETCH response, in whatever order
// the server sends them. f is never nil: on an error it holds what came
// before it (the UID, when the server sent it first).
func (s *conn) readMessage(m *imapclient.FetchMessageData, kick func()) (f *Fetched, release func(), err error) {
	f = &Fetched{}
	for item := m.Next(); item != nil; item = m.Next() {
		switch item := item.(type) {
		case imapclient.FetchItemDataUID:
			f.UID = uint32(item.UID)
		case imapclient.FetchItemDataFlags:
			f.Flags = make([]string, len(item.Flags))
			for i, fl := range item.Flags {
				f.Flags[i] = string(fl)
			}
		case imapclient.FetchItemDataInternalDate:
			f.InternalDate = item.Time
		case imapclient.FetchItemDataBodySection:
			if release != nil {
				continue // a second body section: the server repeats itself
			}
			body, rel, err := s.readLiteral(item.Literal, kick)
			if err != nil {
				return f, nil, err
			}
			f.Body, release = body, rel
		}
	}
	if release == nil {
		return f, nil, errors.New("server sent no BODY[]")
	}
	return f, release, nil
}

// readLiteral spools a body literal, kicking the watchdog as bytes come.
func (s *conn) readLiteral(lit imap.LiteralReader, kick func()) (io.Reader, func(), error) {
	if lit == nil { // NIL body
		return bytes.NewReader(nil), func() {}, nil
	}
	if n := lit.Size(); n > s.o.MaxMessageSize {
		return nil, nil, fmt.Errorf("%w: %d bytes", errTooLarge, n)
	}
	return spool(progress{lit, kick}, lit.Size(), s.o.SpoolDir)
}

// progress calls kick on every read that returns data.
type progress struct {
	r    io.Reader
	kick func()
}

func (p progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.kick()
	}
	return n, err
}
