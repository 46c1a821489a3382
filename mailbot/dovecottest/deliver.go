package dovecottest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// Deliver hands raw to Dovecot over LMTP (RFC 2033) from the envelope
// sender from to each recipient, in one transaction, as an MTA does; the
// recipients' Sieve scripts run before it returns. Bare LF line ends are
// sent as CRLF. It fails if any recipient refused the message.
func (s *Server) Deliver(ctx context.Context, from string, to []string, raw []byte) error {
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", s.lmtp)
	if err != nil {
		return fmt.Errorf("dovecottest: LMTP connect: %w", err)
	}
	defer conn.Close()
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c := smtp.NewClientLMTP(conn)
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		return fmt.Errorf("dovecottest: LMTP delivery to %v: %w", to, err)
	}
	if err := c.Quit(); err != nil {
		return fmt.Errorf("dovecottest: LMTP QUIT: %w", err)
	}
	return nil
}

// dropSeq makes Maildir file names unique within the process.
var dropSeq atomic.Uint64

// Drop writes raw straight into user's INBOX Maildir, as a delivery agent
// other than Dovecot would: it works while the server is stopped, and
// Dovecot finds the message at its next look at the folder.
func (s *Server) Drop(user string, raw []byte) error {
	md := s.l.maildir(user)
	for _, d := range []string{md, filepath.Join(md, "tmp"), filepath.Join(md, "new"), filepath.Join(md, "cur")} {
		if err := os.Mkdir(d, 0o700); err != nil && !os.IsExist(err) {
			return fmt.Errorf("dovecottest: maildir of %s: %w", user, err)
		}
		if err := s.acct.own(d); err != nil {
			return err
		}
	}
	// Write in tmp/, then rename into new/: a reader never sees half a
	// message (the Maildir delivery protocol).
	name := fmt.Sprintf("%d.M%dP%d.dovecottest", time.Now().Unix(), dropSeq.Add(1), os.Getpid())
	tmp := filepath.Join(md, "tmp", name)
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return fmt.Errorf("dovecottest: drop into %s: %w", user, err)
	}
	if err := s.acct.own(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(md, "new", name)); err != nil {
		return fmt.Errorf("dovecottest: drop into %s: %w", user, err)
	}
	return nil
}
