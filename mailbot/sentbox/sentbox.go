// Package sentbox keeps a copy of every mail the bot sends in the sector
// mailbox's Sent folder, and reads it back to know what already left.
//
// The copy is stored before the SMTP transaction, marked $MailbotUnsent,
// and the mark is removed as soon as the server has accepted the mail, on
// the same connection. After a crash, a copy without the mark means the
// mail left: it is not sent again. The only doubt left is the time between
// the server's "250" and the removal of the mark: a round trip on an open
// connection, instead of the whole commit to the state file.
package sentbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailbot/mailbot/imapwatch"
)

// Unsent marks a copy whose SMTP transaction has not been seen to succeed.
const Unsent = "$MailbotUnsent"

// Box is one mailbox's Sent folder.
type Box struct {
	conn   imapwatch.Options
	folder string
}

// New returns the Sent folder named folder of the mailbox reached with
// conn (address, TLS and credentials).
func New(conn imapwatch.Options, folder string) *Box {
	return &Box{conn: conn, folder: folder}
}

// Session is one connection to the folder.
type Session struct {
	b *Box
	c *imapclient.Client
}

// Open connects and selects the folder, creating it when missing; ctx
// bounds the connecting only. A session is a connection of its own, beside
// the watcher's, so it never disturbs an IDLE.
func (b *Box) Open(ctx context.Context) (*Session, error) {
	c, err := imapwatch.Dial(ctx, b.conn)
	if err != nil {
		return nil, fmt.Errorf("sent folder of %s: %w", b.conn.Name, err)
	}
	s := &Session{b: b, c: c}
	if _, err := c.Select(b.folder, nil).Wait(); err != nil {
		if err := c.Create(b.folder, nil).Wait(); err != nil {
			s.Close()
			return nil, s.wrap("create", err)
		}
		if _, err := c.Select(b.folder, nil).Wait(); err != nil {
			s.Close()
			return nil, s.wrap("select", err)
		}
	}
	return s, nil
}

// logoutWait bounds the wait for LOGOUT's answer: a silent server must not
// hold the dispatcher.
const logoutWait = 10 * time.Second

// Close logs out and closes the connection, without waiting longer than
// logoutWait (or the connection's CommandTimeout, when shorter) for the
// server's answer.
func (s *Session) Close() {
	wait := logoutWait
	if d := s.b.conn.CommandTimeout; d > 0 {
		wait = min(wait, d)
	}
	cut := time.AfterFunc(wait, func() { s.c.Close() })
	defer cut.Stop()
	_ = s.c.Logout().Wait()
	s.c.Close()
}

func (s *Session) wrap(what string, err error) error {
	return fmt.Errorf("sent folder %s of %s: %s: %w", s.b.folder, s.b.conn.Name, what, err)
}

// Copy is a stored copy of a mail.
type Copy struct {
	UID  imap.UID
	Sent bool // the server accepted it (no Unsent mark)
}

// Find looks for the copy of the mail with this Message-ID.
func (s *Session) Find(messageID string) (Copy, bool, error) {
	crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-Id", Value: messageID}}}
	data, err := s.c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return Copy{}, false, s.wrap("search", err)
	}
	uids := data.AllUIDs()
	if len(uids) == 0 {
		return Copy{}, false, nil
	}
	msgs, err := s.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		return Copy{}, false, s.wrap("fetch flags", err)
	}
	// Any copy without the mark proves the mail left.
	for _, m := range msgs {
		if !slices.ContainsFunc(m.Flags, func(f imap.Flag) bool { return strings.EqualFold(string(f), Unsent) }) {
			return Copy{UID: m.UID, Sent: true}, true, nil
		}
	}
	return Copy{UID: msgs[0].UID}, true, nil
}

// Append stores raw, marked \Seen and Unsent, and returns its UID (UIDPLUS,
// RFC 4315; 0 when the server does not say).
func (s *Session) Append(raw []byte) (imap.UID, error) {
	cmd := s.c.Append(s.b.folder, int64(len(raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen, Unsent}, Time: time.Now()})
	if _, err := cmd.Write(raw); err != nil {
		cmd.Close()
		return 0, s.wrap("append", err)
	}
	if err := cmd.Close(); err != nil {
		return 0, s.wrap("append", err)
	}
	data, err := cmd.Wait()
	if err != nil {
		return 0, s.wrap("append", err)
	}
	return data.UID, nil
}

// MarkSent removes the Unsent mark from the copy: the mail left.
func (s *Session) MarkSent(uid imap.UID) error {
	if uid == 0 {
		return errors.New("no UID for the copy (server without UIDPLUS)")
	}
	store := &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: []imap.Flag{Unsent}}
	if err := s.c.Store(imap.UIDSetNum(uid), store, nil).Close(); err != nil {
		return s.wrap("clear the unsent mark", err)
	}
	return nil
}
