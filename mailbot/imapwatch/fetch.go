package imapwatch

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// fetch downloads one message with BODY.PEEK[], which leaves \Seen alone
// (RFC 9051 section 6.4.5). The whole body is read and the command
// completed before the handler sees it, so the handler never gets a
// truncated message and may take its time without holding the connection
// in the middle of a literal; a large body waits in a temporary file (see
// spool). It returns nil if the message is gone; release frees the body.
func (s *conn) fetch(uid uint32) (f *Fetched, release func(), err error) {
	wd := startWatchdog(s.raw, s.o.CommandTimeout, s.o.FetchTimeout)
	cmd := s.c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{
		UID:          true,
		Flags:        true,
		InternalDate: true,
		BodySection:  []*imap.FetchItemBodySection{{Peek: true}},
	})
	f, release, err = s.readMessage(cmd.Next(), wd.kick)
	// Close drains what readMessage left; its error is the server's verdict.
	if closeErr := cmd.Close(); err == nil {
		err = closeErr
	}
	if err = wd.stop(err); err != nil {
		if release != nil {
			release()
		}
		return nil, nil, fmt.Errorf("fetch uid %d: %w", uid, err)
	}
	if f != nil && f.UID == 0 {
		f.UID = uid
	}
	return f, release, nil
}

// readMessage collects the items of one FETCH response, in whatever order
// the server sends them.
func (s *conn) readMessage(m *imapclient.FetchMessageData, kick func()) (*Fetched, func(), error) {
	if m == nil {
		return nil, nil, nil
	}
	f := &Fetched{Mailbox: s.o.Name, UIDValidity: s.pos.UIDValidity}
	var release func()
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
				return nil, nil, err
			}
			f.Body, release = body, rel
		}
	}
	if release == nil {
		return nil, nil, errors.New("server sent no BODY[]")
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

// sizes returns the RFC822.SIZE of each message of uids still in the
// folder, in one round trip, so that none over MaxMessageSize is fetched.
func (s *conn) sizes(uids []uint32) (map[uint32]int64, error) {
	set := imap.UIDSet{}
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	var msgs []*imapclient.FetchMessageBuffer
	err := s.guard(func() (err error) {
		msgs, err = s.c.Fetch(set, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fetch sizes: %w", err)
	}
	out := make(map[uint32]int64, len(msgs))
	for _, m := range msgs {
		out[uint32(m.UID)] = m.RFC822Size
	}
	return out, nil
}
