package dovecottest

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// allMessages is the sequence set 1:*.
var allMessages = imap.SeqSet{{Start: 1, Stop: 0}}

// flagRecent is the IMAP4rev1 session flag, which APPEND cannot set.
const flagRecent = `\Recent`

// Message is what Messages reports of one message.
type Message struct {
	UID       uint32
	Flags     []string
	MessageID string // from the envelope, without angle brackets
	Subject   string
}

// HasFlag tells whether the message carries flag (case-insensitive, as
// IMAP keywords are).
func (m Message) HasFlag(flag string) bool {
	return slices.ContainsFunc(m.Flags, func(f string) bool { return strings.EqualFold(f, flag) })
}

// Dial opens an IMAP connection logged in as user; ctx bounds the whole
// life of the connection. The caller closes it.
func (s *Server) Dial(ctx context.Context, user string) (*imapclient.Client, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.imap)
	if err != nil {
		return nil, fmt.Errorf("dovecottest: IMAP connect: %w", err)
	}
	c := imapclient.New(conn, nil)
	context.AfterFunc(ctx, func() { c.Close() })
	if err := c.Login(user, Password).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("dovecottest: LOGIN as %s: %w", user, err)
	}
	return c, nil
}

// with runs f on a connection as user with folder selected (read-only
// unless write), then logs out.
func (s *Server) with(ctx context.Context, user, folder string, write bool, f func(*imapclient.Client, *imap.SelectData) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c, err := s.Dial(ctx, user)
	if err != nil {
		return err
	}
	defer c.Close()
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: !write}).Wait()
	if err != nil {
		return fmt.Errorf("dovecottest: select %s of %s: %w", folder, user, err)
	}
	if err := f(c, sel); err != nil {
		return fmt.Errorf("dovecottest: %s of %s: %w", folder, user, err)
	}
	return c.Logout().Wait()
}

// Messages lists the messages of user's folder in UID order, without
// changing anything (EXAMINE).
func (s *Server) Messages(ctx context.Context, user, folder string) ([]Message, error) {
	var out []Message
	err := s.with(ctx, user, folder, false, func(c *imapclient.Client, sel *imap.SelectData) error {
		if sel.NumMessages == 0 {
			return nil
		}
		bufs, err := c.Fetch(allMessages, &imap.FetchOptions{UID: true, Flags: true, Envelope: true}).Collect()
		if err != nil {
			return err
		}
		for _, b := range bufs {
			m := Message{UID: uint32(b.UID)}
			for _, f := range b.Flags {
				m.Flags = append(m.Flags, string(f))
			}
			if b.Envelope != nil {
				m.MessageID, m.Subject = b.Envelope.MessageID, b.Envelope.Subject
			}
			out = append(out, m)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b Message) int { return cmp.Compare(a.UID, b.UID) })
	return out, err
}

// Thread asks the server to thread every message of user's folder with
// alg (RFC 5256 REFERENCES, or Dovecot's REFS which, unlike REFERENCES,
// never groups by subject) and returns the threads by UID.
func (s *Server) Thread(ctx context.Context, user, folder string, alg imap.ThreadAlgorithm) ([]imapclient.ThreadData, error) {
	var out []imapclient.ThreadData
	err := s.with(ctx, user, folder, false, func(c *imapclient.Client, _ *imap.SelectData) (err error) {
		out, err = c.UIDThread(&imapclient.ThreadOptions{Algorithm: alg, SearchCriteria: &imap.SearchCriteria{}}).Wait()
		return err
	})
	return out, err
}

// stored is a message kept aside while its folder is re-created.
type stored struct {
	buf   *imapclient.FetchMessageBuffer
	flags []imap.Flag
}

// RecreateMailbox re-creates user's folder as a restore from backup or a
// migration does: every message comes back with a new UID under a new
// UIDVALIDITY (RFC 9051 section 2.3.1.1), same bytes and internal date,
// and its flags but dropFlags. Clients with the folder selected see the
// messages expunged, then Dovecot closes their connections.
func (s *Server) RecreateMailbox(ctx context.Context, user, folder string, dropFlags ...string) error {
	var kept []stored
	var validity uint32
	err := s.with(ctx, user, folder, true, func(c *imapclient.Client, sel *imap.SelectData) error {
		validity = sel.UIDValidity
		if sel.NumMessages == 0 {
			return nil
		}
		bufs, err := c.Fetch(allMessages, &imap.FetchOptions{Flags: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
		if err != nil {
			return fmt.Errorf("read the messages: %w", err)
		}
		for _, b := range bufs {
			kept = append(kept, stored{buf: b, flags: keepFlags(b.Flags, dropFlags)})
		}
		if err := c.Store(allMessages, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
			return fmt.Errorf("delete the messages: %w", err)
		}
		return c.Expunge().Close()
	})
	if err != nil {
		return err
	}
	if err := s.run(ctx, s.bin.doveadm, "mailbox", "update", "-u", user, "--uid-validity", strconv.FormatUint(uint64(validity)+1, 10), folder); err != nil {
		return err
	}
	return s.with(ctx, user, folder, true, func(c *imapclient.Client, _ *imap.SelectData) error {
		for _, m := range kept {
			if err := appendMessage(c, folder, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// keepFlags drops the session flag \Recent, which cannot be set, and the
// flags asked for.
func keepFlags(flags []imap.Flag, drop []string) []imap.Flag {
	var out []imap.Flag
	for _, f := range flags {
		if !strings.EqualFold(string(f), flagRecent) && !slices.ContainsFunc(drop, func(d string) bool { return strings.EqualFold(d, string(f)) }) {
			out = append(out, f)
		}
	}
	return out
}

func appendMessage(c *imapclient.Client, folder string, m stored) error {
	body := m.buf.FindBodySection(&imap.FetchItemBodySection{})
	cmd := c.Append(folder, int64(len(body)), &imap.AppendOptions{Flags: m.flags, Time: m.buf.InternalDate})
	if _, err := cmd.Write(body); err != nil {
		cmd.Close()
		return fmt.Errorf("append: %w", err)
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("append: %w", err)
	}
	_, err := cmd.Wait()
	return err
}
