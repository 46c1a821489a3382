package imapwatch

import (
	"context"
	"io"
	"time"
)

// Handler decides on one message. It returns once it has read f.Body and
// queued its decision, with a function that waits until the decision is
// durable: the watcher hands over the next messages of its batch
// meanwhile, then waits, in order, and marks each message whose wait
// returned nil (so the commits of a batch can share an fsync, and no
// message is marked before its decision is durable). A Handler that
// commits before it returns gives a wait that returns nil (Committed).
// On an error, from the Handler or its wait, the message stays unmarked
// and is handed again at a later check, up to Options.MaxAttempts times,
// or Options.QuarantineAfter times when the error wraps ErrBadMessage
// (the message is then quarantined). A panic counts as ErrBadMessage.
// Messages are handed one at a time, in UID order. The same message may
// be handed again after a crash or a lost connection, so a Handler must
// be idempotent.
type Handler func(ctx context.Context, f Fetched) (wait func() error, err error)

// Committed is the wait of a Handler whose decision is already durable.
func Committed() error { return nil }

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
