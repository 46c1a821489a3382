// Package sentbox keeps a copy of every mail the bot sends in the sector
// mailbox's Sent folder, and reads it back to know what already left.
//
// The copy is stored once the SMTP server has accepted the mail, as a mail
// client stores its own: after a crash, a copy means the mail left, and it
// is not sent again. The only doubt left is the time between the server's
// "250" and the copy's APPEND answer: a round trip on an open connection,
// instead of the whole commit to the state file. Versions before this one
// stored the copy before the SMTP transaction, marked $MailbotUnsent, and
// removed the mark after: a marked copy still means the mail may not have
// left.
package sentbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailbot/mailbot/imapwatch"
)

// Unsent marks a copy, stored by an earlier version, whose SMTP
// transaction was not seen to succeed.
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
	Sent bool // the SMTP server accepted it (no Unsent mark)
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

// Append stores raw, the copy of a mail that left, marked \Seen.
func (s *Session) Append(raw []byte) error {
	cmd := s.c.Append(s.b.folder, int64(len(raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: time.Now()})
	if _, err := cmd.Write(raw); err != nil {
		cmd.Close()
		return s.wrap("append", err)
	}
	if err := cmd.Close(); err != nil {
		return s.wrap("append", err)
	}
	if _, err := cmd.Wait(); err != nil {
		return s.wrap("append", err)
	}
	return nil
}

// MarkSent removes the Unsent mark from a copy an earlier version stored:
// the mail left.
func (s *Session) MarkSent(uid imap.UID) error {
	store := &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: []imap.Flag{Unsent}}
	if err := s.c.Store(imap.UIDSetNum(uid), store, nil).Close(); err != nil {
		return s.wrap("clear the unsent mark", err)
	}
	return nil
}
