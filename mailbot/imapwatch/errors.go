package imapwatch

import "errors"

var (
	// ErrInvalidOptions wraps every error Run returns for Options it cannot
	// use; the message names the field.
	ErrInvalidOptions = errors.New("imapwatch: invalid options")
	// ErrUnresponsive means the server made no progress within
	// CommandTimeout; the connection is taken for dead and replaced.
	ErrUnresponsive = errors.New("imapwatch: server unresponsive")

	// errTooLarge marks a message over MaxMessageSize: it is skipped at once.
	errTooLarge = errors.New("message larger than MaxMessageSize")
)
