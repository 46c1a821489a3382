package smtpsink

import (
	"fmt"

	"github.com/emersion/go-smtp"
)

// fault is the pending failure injection; guarded by Sink.mu.
type fault struct {
	remaining int
	err       *smtp.SMTPError
}

// FailNext makes the sink refuse the next n messages with code and msg, at
// the end of DATA (after the content was read, as a content filter or a
// full mailbox would). A refused message is not recorded. code must be a
// 4xx (temporary) or 5xx (permanent) reply, RFC 5321 section 4.2.1; n <= 0
// cancels a pending injection.
func (s *Sink) FailNext(n, code int, msg string) error {
	if code < 400 || code > 599 {
		return fmt.Errorf("smtpsink: fail code %d: want a 4xx or 5xx reply", code)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = fault{remaining: max(n, 0), err: &smtp.SMTPError{
		Code:         code,
		EnhancedCode: smtp.EnhancedCodeNotSet,
		Message:      msg,
	}}
	return nil
}

// takeFault consumes one pending failure, or returns nil.
func (s *Sink) takeFault() *smtp.SMTPError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fault.remaining == 0 {
		return nil
	}
	s.fault.remaining--
	return s.fault.err
}
