package memimap

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Append delivers raw into the user's folder, with flags, and returns its
// UID. Delivery is server-side, like an MTA's, so clients in IDLE on that
// folder get an EXISTS at once.
func (s *Server) Append(ctx context.Context, username, folder string, raw []byte, flags ...imap.Flag) (uint32, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	a, err := s.account(username)
	if err != nil {
		return 0, err
	}
	data, err := a.mem.Append(folder, bytes.NewReader(raw), &imap.AppendOptions{Flags: flags})
	if err != nil {
		return 0, fmt.Errorf("memimap: append to %s/%s: %w", username, folder, err)
	}
	return uint32(data.UID), nil
}

// RecreateMailbox deletes and re-creates the user's folder, empty and with a
// new UIDVALIDITY, then ends the user's connections: a client must select
// the folder again to see the change.
func (s *Server) RecreateMailbox(username, folder string) error {
	a, err := s.account(username)
	if err != nil {
		return err
	}
	if err := a.mem.Delete(folder); err != nil {
		return fmt.Errorf("memimap: delete %s/%s: %w", username, folder, err)
	}
	if err := a.mem.Create(folder, nil); err != nil {
		return fmt.Errorf("memimap: create %s/%s: %w", username, folder, err)
	}
	s.kick(username, "Mailbox was re-created")
	return nil
}

// Flags returns the flags and keywords of every message in the user's
// folder, by UID, each list sorted. It reads them over a client connection
// with EXAMINE, so it changes nothing, not even \Seen.
func (s *Server) Flags(ctx context.Context, username, folder string) (map[uint32][]string, error) {
	a, err := s.account(username)
	if err != nil {
		return nil, err
	}
	var out map[uint32][]string
	err = s.withClient(ctx, a.User, func(c *imapclient.Client) error {
		sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err != nil {
			return fmt.Errorf("examine %s: %w", folder, err)
		}
		out = make(map[uint32][]string, sel.NumMessages)
		if sel.NumMessages == 0 {
			return nil
		}
		// 1:* — every message (RFC 9051 section 9, seq-range).
		msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
		if err != nil {
			return fmt.Errorf("fetch flags in %s: %w", folder, err)
		}
		for _, m := range msgs {
			flags := make([]string, len(m.Flags))
			for i, f := range m.Flags {
				flags[i] = string(f)
			}
			slices.Sort(flags)
			out[uint32(m.UID)] = flags
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("memimap: flags of %s/%s: %w", username, folder, err)
	}
	return out, nil
}

// withClient logs in as u over loopback, runs f, and logs out. ctx bounds
// the whole exchange.
func (s *Server) withClient(ctx context.Context, u User, f func(*imapclient.Client) error) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c := imapclient.New(conn, nil)
	defer c.Close()
	if err := c.Login(u.Username, u.Password).Wait(); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	if err := f(c); err != nil {
		return err
	}
	return c.Logout().Wait()
}
