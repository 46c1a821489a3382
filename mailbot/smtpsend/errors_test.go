package smtpsend

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strings"
	"syscall"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantTemp bool
		wantCode int
	}{
		{"421 closing", &textproto.Error{Code: 421, Msg: "4.3.2 shutting down"}, true, 421},
		{"451 wrapped", fmt.Errorf("data: %w", &textproto.Error{Code: 451, Msg: "try later"}), true, 451},
		{"454 auth temp", &textproto.Error{Code: 454, Msg: "4.7.0 temporary auth failure"}, true, 454},
		{"535 bad credentials", fmt.Errorf("SMTP AUTH failed: %w", &textproto.Error{Code: 535, Msg: "5.7.8"}), false, 535},
		{"550 no such user", &textproto.Error{Code: 550, Msg: "5.1.1 unknown"}, false, 550},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, true, 0},
		{"connection reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, true, 0},
		{"server hung up", fmt.Errorf("mail from: %w", io.EOF), true, 0},
		{"cancelled", fmt.Errorf("%w (x)", context.Canceled), true, 0},
		{"deadline", context.DeadlineExceeded, true, 0},
		{"untrusted certificate", &tls.CertificateVerificationError{Err: errors.New("unknown authority")}, false, 0},
		{"not tls", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, false, 0},
		{"no starttls", errors.New(`STARTTLS mode set to: "TLSMandatory", but target host does not support STARTTLS`), false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newError("smtp.example.org:587", tt.err)
			if e.Temporary != tt.wantTemp || e.Code != tt.wantCode {
				t.Errorf("got temporary %v code %d, want %v %d", e.Temporary, e.Code, tt.wantTemp, tt.wantCode)
			}
			if got := IsTemporary(fmt.Errorf("outbox: %w", e)); got != tt.wantTemp {
				t.Errorf("IsTemporary(wrapped): got %v, want %v", got, tt.wantTemp)
			}
			if !errors.Is(e, tt.err) {
				t.Errorf("errors.Is(e, cause): got false, want true")
			}
		})
	}
}

func TestIsTemporaryOnForeignErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("x"), &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}} {
		if IsTemporary(err) {
			t.Errorf("IsTemporary(%v): got true, want false (only *Error is classified)", err)
		}
	}
}

func TestErrorMessageTellsTheOperator(t *testing.T) {
	tests := []struct {
		err  error
		want []string
	}{
		{&textproto.Error{Code: 451, Msg: "4.0.0 greylisted"},
			[]string{"smtp 127.0.0.1:2525", `temporary failure (451 "4.0.0 greylisted")`, "will retry"}},
		{&textproto.Error{Code: 550, Msg: "5.1.1 unknown user"},
			[]string{"smtp 127.0.0.1:2525", `permanent failure (550 "5.1.1 unknown user")`, "will not retry"}},
	}
	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			got := newError("127.0.0.1:2525", tt.err).Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to contain %q", got, w)
				}
			}
		})
	}
}
