// Package sentbox keeps a copy of every mail the bot sends in the sector
// mailbox's Sent folder, and finds it there again. After a crash between
// "the SMTP server accepted" and "the outbox says sent", the copy tells the
// bot the mail already left, so it is not sent twice.
package sentbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailbot/mailbot/imapwatch"
)

// Box is one mailbox's Sent folder. Each call opens a short connection of
// its own, beside the watcher's, so it never disturbs an IDLE.
type Box struct {
	conn   imapwatch.Options
	folder string
}

// New returns the Sent folder named folder of the mailbox reached with
// conn (address, TLS and credentials).
func New(conn imapwatch.Options, folder string) *Box {
	return &Box{conn: conn, folder: folder}
}

// Append stores raw in the folder, marked \Seen, creating the folder when
// the server says it does not exist (RFC 9051 section 6.3.12, TRYCREATE).
func (b *Box) Append(ctx context.Context, raw []byte) error {
	return b.with(ctx, func(c *imapclient.Client) error {
		err := appendRaw(c, b.folder, raw)
		var ie *imap.Error
		if errors.As(err, &ie) && ie.Code == imap.ResponseCodeTryCreate {
			if err := c.Create(b.folder, nil).Wait(); err != nil {
				return fmt.Errorf("create %s: %w", b.folder, err)
			}
			err = appendRaw(c, b.folder, raw)
		}
		return err
	})
}

func appendRaw(c *imapclient.Client, folder string, raw []byte) error {
	cmd := c.Append(folder, int64(len(raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: time.Now()})
	if _, err := cmd.Write(raw); err != nil {
		cmd.Close()
		return fmt.Errorf("append to %s: %w", folder, err)
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("append to %s: %w", folder, err)
	}
	if _, err := cmd.Wait(); err != nil {
		return fmt.Errorf("append to %s: %w", folder, err)
	}
	return nil
}

// Has tells whether a mail with this Message-ID is in the folder. A folder
// that does not exist holds nothing.
func (b *Box) Has(ctx context.Context, messageID string) (bool, error) {
	found := false
	err := b.with(ctx, func(c *imapclient.Client) error {
		if _, err := c.Select(b.folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			var ie *imap.Error
			if errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo {
				return nil // no Sent folder yet: nothing was copied there
			}
			return fmt.Errorf("examine %s: %w", b.folder, err)
		}
		crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-Id", Value: messageID}}}
		data, err := c.UIDSearch(crit, nil).Wait()
		if err != nil {
			return fmt.Errorf("search %s for %s: %w", b.folder, messageID, err)
		}
		found = len(data.AllUIDs()) > 0
		return nil
	})
	return found, err
}

func (b *Box) with(ctx context.Context, fn func(*imapclient.Client) error) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	c, err := imapwatch.Dial(ctx, b.conn)
	if err != nil {
		return fmt.Errorf("sent folder of %s: %w", b.conn.Name, err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := fn(c); err != nil {
		return fmt.Errorf("sent folder of %s: %w", b.conn.Name, err)
	}
	return c.Logout().Wait()
}
