package imapwatch

import (
	"context"
	"io"
	"time"
)

// Handler decides on one message. It returns nil only once its decision is
// committed durably; the watcher then marks the message. On error the
// message stays unmarked and is handed again at a later check, up to
// Options.MaxAttempts times, or Options.QuarantineAfter times when the
// error wraps ErrBadMessage (the message is then quarantined). A panic
// counts as ErrBadMessage. The same message may be handed again after a
// crash or a lost connection, so a Handler must be idempotent.
type Handler func(ctx context.Context, f Fetched) error

// Fetched is one message as the server holds it.
type Fetched struct {
	// Mailbox is Options.Name.
	Mailbox string
	// UID and UIDValidity identify the message on the server for as long
	// as UIDValidity does not change (RFC 9051 section 2.3.1.1).
	UID         uint32
	UIDValidity uint32
	// Body is the whole message (BODY.PEEK[]), already downloaded and
	// complete: a cut connection never yields a truncated body. It is read
	// from memory, or from a temporary file above 1 MiB, and valid until
	// the handler returns.
	Body io.Reader
	// InternalDate is when the server received the message.
	InternalDate time.Time
	// Flags are the flags and keywords at fetch time; a server may report
	// keywords in another case (they are case-insensitive).
	Flags []string
	// Position is the mailbox's position to save with the message's
	// outcome when Options.HandlerSavesPosition is set: the handler
	// writes it in the same transaction, and the watcher saves nothing
	// before the next batch when it covers it.
	Position Position
}
