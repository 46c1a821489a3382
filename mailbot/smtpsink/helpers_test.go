package smtpsink

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

const sample = "From: bot@example.org\r\n" +
	"To: centre@example.org\r\n" +
	"Subject: =?UTF-8?q?R=C3=A9ponse_=C3=A0_votre_demande?=\r\n" +
	"Message-ID: <sample-1@example.org>\r\n" +
	"\r\n" +
	"Bonjour,\r\n.point en début de ligne\r\n"

// start runs a sink for the test's duration.
func start(t *testing.T, opts Options) *Sink {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// client describes how a test connects: TLS mode and credentials.
type client struct {
	startTLS, implicitTLS bool
	auth                  sasl.Client
}

// send delivers one message with go-smtp's client and returns the
// server's refusal, if any.
func (c client) send(addr, from string, to []string, raw string) error {
	tlsCfg := &tls.Config{InsecureSkipVerify: true} // the sink's certificate is self-signed
	var cl *smtp.Client
	var err error
	switch {
	case c.implicitTLS:
		cl, err = smtp.DialTLS(addr, tlsCfg)
	case c.startTLS:
		cl, err = smtp.DialStartTLS(addr, tlsCfg)
	default:
		cl, err = smtp.Dial(addr)
	}
	if err != nil {
		return err
	}
	defer cl.Close()
	if c.auth != nil {
		if err := cl.Auth(c.auth); err != nil {
			return err
		}
	}
	return cl.SendMail(from, to, bytes.NewReader([]byte(raw)))
}

// replyCode extracts the SMTP reply code of err, 0 when there is none.
func replyCode(err error) int {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

// waitCtx bounds a wait so a broken sink fails the test instead of hanging.
func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
