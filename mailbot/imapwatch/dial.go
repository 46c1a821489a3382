package imapwatch

import (
	"context"

	"github.com/emersion/go-imap/v2/imapclient"
)

// Dial opens one authenticated connection with the address, TLS mode and
// credentials of opts (Handler and Cursors are not needed), for short tasks
// beside the watcher such as keeping a copy of sent mail. The caller
// closes the client.
func Dial(ctx context.Context, opts Options) (*imapclient.Client, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	w := &watcher{o: o, wake: make(chan struct{}, 1)}
	c, _, err := w.connect(ctx)
	return c, err
}
