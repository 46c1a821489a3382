package imapwatch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"
)

// connect dials, secures, reads the greeting and authenticates, all within
// DialTimeout. It returns the client and the raw TCP connection, which the
// watchdogs close to unblock the client.
func (w *watcher) connect(ctx context.Context) (*imapclient.Client, net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, w.o.DialTimeout)
	defer cancel()
	raw, err := w.o.Dial(ctx, "tcp", w.o.Address)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to %s: %w", w.o.Address, err)
	}
	// imapclient's handshake steps take no context: closing raw when time
	// is up makes whichever step is waiting return.
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	c, err := w.handshake(ctx, raw)
	if !stop() {
		if c != nil {
			c.Close()
		}
		return nil, nil, fmt.Errorf("connect to %s within %v: %w", w.o.Address, w.o.DialTimeout, context.Cause(ctx))
	}
	if err != nil {
		raw.Close()
		return nil, nil, fmt.Errorf("connect to %s: %w", w.o.Address, err)
	}
	return c, raw, nil
}

func (w *watcher) handshake(ctx context.Context, raw net.Conn) (*imapclient.Client, error) {
	opts := &imapclient.Options{
		TLSConfig:             w.tlsConfig(),
		UnilateralDataHandler: w.unilateral(),
		// Every charset of RFC 2047 words in ENVELOPE (quarantine).
		WordDecoder: &mime.WordDecoder{CharsetReader: charset.Reader},
	}
	var c *imapclient.Client
	switch w.o.TLS {
	case TLSImplicit:
		tc := tls.Client(raw, opts.TLSConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, fmt.Errorf("TLS handshake: %w", err)
		}
		c = imapclient.New(tc, opts)
	case TLSStartTLS:
		var err error
		if c, err = imapclient.NewStartTLS(raw, opts); err != nil {
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
	default:
		c = imapclient.New(raw, opts)
	}
	if err := c.WaitGreeting(); err != nil {
		c.Close()
		return nil, fmt.Errorf("greeting: %w", err)
	}
	if err := w.o.Auth(ctx, c); err != nil {
		c.Close()
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	return c, nil
}

func (w *watcher) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if w.o.TLSConfig != nil {
		cfg = w.o.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName, _, _ = net.SplitHostPort(w.o.Address)
	}
	if cfg.NextProtos == nil && w.o.TLS == TLSImplicit {
		cfg.NextProtos = []string{"imap"} // the IANA ALPN id, as imapclient.DialTLS sends
	}
	return cfg
}

// unilateral turns untagged EXISTS into a wake-up. It runs on imapclient's
// reader goroutine and must not send commands, so it only signals.
func (w *watcher) unilateral() *imapclient.UnilateralDataHandler {
	return &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				w.signal()
			}
		},
	}
}

func (w *watcher) signal() {
	select {
	case w.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// isServerRefusal tells a tagged NO or BAD, after which the connection is
// still usable, from a connection failure.
func isServerRefusal(err error) bool {
	var imapErr *imap.Error
	return errors.As(err, &imapErr)
}
