package imapwatch

import "errors"

var (
	// ErrInvalidOptions wraps every error Run returns for Options it cannot
	// use; the message names the field.
	ErrInvalidOptions = errors.New("imapwatch: invalid options")
	// ErrUnresponsive means the server made no progress within
	// CommandTimeout; the connection is taken for dead and replaced.
	ErrUnresponsive = errors.New("imapwatch: server unresponsive")

	// ErrBadMessage marks a handler error that the message itself caused
	// (it made the handler exceed its budget). Such a failure, like a
	// panic in the handler, counts toward quarantine (QuarantineAfter);
	// any other error is retried as a passing trouble.
	ErrBadMessage = errors.New("imapwatch: the message made the handler fail")

	// errTooLarge marks a message over MaxMessageSize: it is quarantined
	// without its body.
	errTooLarge = errors.New("message larger than MaxMessageSize")
	// errSpool: the message could not be kept on disk for the handler.
	errSpool = errors.New("cannot spool the message to a temporary file")
)
