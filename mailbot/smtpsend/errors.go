package smtpsend

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"

	"mailbot/mailbot/oauth"
)

// Error is a failed send, classified once so the retry loop does not guess.
type Error struct {
	Addr string // server host:port
	// Temporary is true when the same send may succeed later: a 4xx reply,
	// a network failure or a cancelled context.
	Temporary bool
	// Code is the SMTP reply code, 0 when the failure was not a reply.
	Code int
	Err  error
}

func (e *Error) Error() string {
	if e.Temporary {
		return fmt.Sprintf("smtp %s: temporary failure (%v): will retry", e.Addr, e.Err)
	}
	return fmt.Sprintf("smtp %s: permanent failure (%v): will not retry, check the address or the smtp settings", e.Addr, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// IsTemporary reports whether err, or an error it wraps, is a temporary
// [*Error]: retrying the same message later may succeed.
func IsTemporary(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Temporary
}

// newError classifies err. go-mail's SendError.IsTemp is not used: Send
// drives the transaction itself, and go-mail's own rule (the error text
// starts with '4') misses network failures.
func newError(addr string, err error) *Error {
	temporary, code := classify(err)
	return &Error{Addr: addr, Temporary: temporary, Code: code, Err: err}
}

// classify applies RFC 5321 section 4.2.1 to replies (4yz transient, 5yz
// permanent) and treats a failed network as transient, except TLS
// certificate and protocol mismatches, which only a fix of the settings
// cures. An OAuth2 token that could not be had says itself which it is.
func classify(err error) (temporary bool, code int) {
	var reply *textproto.Error
	if errors.As(err, &reply) {
		return reply.Code >= 400 && reply.Code < 500, reply.Code
	}
	var refresh *oauth.RefreshError
	if errors.As(err, &refresh) {
		return refresh.Temporary, 0
	}
	var certErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &certErr), errors.As(err, &recordErr):
		return false, 0
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return true, 0
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true, 0 // the server hung up
	}
	var netErr net.Error
	return errors.As(err, &netErr), 0
}
