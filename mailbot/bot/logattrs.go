package bot

import "context"

type uidKey struct{}

// WithUID tells Process the IMAP UID of the message it is given, so that
// every log line about the message carries it beside the mailbox, the
// Message-ID and the conversation.
func WithUID(ctx context.Context, uid uint32) context.Context {
	return context.WithValue(ctx, uidKey{}, uid)
}

func uidOf(ctx context.Context) (uint32, bool) {
	uid, ok := ctx.Value(uidKey{}).(uint32)
	return uid, ok
}
