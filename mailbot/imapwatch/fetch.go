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
// in the middle of a literal. It returns nil, nil if the message is gone.
func (s *conn) fetch(uid uint32) (*Fetched, error) {
	wd := startWatchdog(s.raw, s.o.CommandTimeout)
	cmd := s.c.Fetch(imap.UIDSetNum(imap.UID(uid)), &imap.FetchOptions{
		UID:          true,
		Flags:        true,
		InternalDate: true,
		BodySection:  []*imap.FetchItemBodySection{{Peek: true}},
	})
	f, err := s.readMessage(cmd.Next(), wd.kick)
	// Close drains what readMessage left; its error is the server's verdict.
	if closeErr := cmd.Close(); err == nil {
		err = closeErr
	}
	if err = wd.stop(err); err != nil {
		return nil, fmt.Errorf("fetch uid %d: %w", uid, err)
	}
	if f != nil && f.UID == 0 {
		f.UID = uid
	}
	return f, nil
}

// readMessage collects the items of one FETCH response, in whatever order
// the server sends them.
func (s *conn) readMessage(m *imapclient.FetchMessageData, kick func()) (*Fetched, error) {
	if m == nil {
		return nil, nil
	}
	f := &Fetched{Mailbox: s.o.Name, UIDValidity: s.uidValidity}
	var body []byte
	gotBody := false
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
			b, err := s.readLiteral(item.Literal, kick)
			if err != nil {
				return nil, err
			}
			body, gotBody = b, true
		}
	}
	if !gotBody {
		return nil, errors.New("server sent no BODY[]")
	}
	f.Body = bytes.NewReader(body)
	return f, nil
}

// readLiteral reads a body literal, kicking the watchdog as bytes come.
func (s *conn) readLiteral(lit imap.LiteralReader, kick func()) ([]byte, error) {
	if lit == nil { // NIL body
		return nil, nil
	}
	if n := lit.Size(); n > s.o.MaxMessageSize {
		return nil, fmt.Errorf("%w: %d bytes", errTooLarge, n)
	}
	buf := bytes.NewBuffer(make([]byte, 0, lit.Size()))
	if _, err := buf.ReadFrom(progress{lit, kick}); err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return buf.Bytes(), nil
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
