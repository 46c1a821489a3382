package oauth

import (
	"context"
	"fmt"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// IMAPAuth returns an imapwatch Options.Auth that signs in as username
// with AUTHENTICATE mech (RFC 9051 section 6.2.2) and a token from s.
func (s *Source) IMAPAuth(mech Mechanism, username string) func(context.Context, *imapclient.Client) error {
	return func(ctx context.Context, c *imapclient.Client) error {
		token, err := s.Token(ctx)
		if err != nil {
			return err
		}
		sc, err := NewClient(mech, username, token)
		if err != nil {
			return err
		}
		if caps := c.Caps(); !caps.Has(imap.Cap("AUTH=" + string(mech))) {
			return fmt.Errorf("the server does not offer AUTH=%s", mech)
		}
		if err := c.Authenticate(sc); err != nil {
			if refusal := sc.Refusal(); refusal != nil {
				err = fmt.Errorf("%w (server reply: %w)", refusal, err)
			}
			return fmt.Errorf("AUTHENTICATE %s as %q: %w", mech, username, err)
		}
		return nil
	}
}
