package oauth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	"golang.org/x/oauth2"
)

// RefreshError is a failure to get a token. Temporary tells whether trying
// again later may help, so a caller (the SMTP retry loop) can wait rather
// than give up.
type RefreshError struct {
	TokenURL string
	// Temporary is true for a network failure, a timeout, and a 5xx or
	// 429 answer; false for a refused client or a missing secret, which
	// only a fix of the settings cures.
	Temporary bool
	Err       error
}

func (e *RefreshError) Error() string {
	if e.Temporary {
		return fmt.Sprintf("get OAuth2 token from %s: %v", e.TokenURL, e.Err)
	}
	return fmt.Sprintf("get OAuth2 token from %s: %v (check oauth2.client_id, the client secret and oauth2.scopes)", e.TokenURL, e.Err)
}

func (e *RefreshError) Unwrap() error { return e.Err }

// newRefreshError classifies an error of the token request.
func newRefreshError(tokenURL string, err error) *RefreshError {
	var retrieve *oauth2.RetrieveError
	var netErr net.Error
	temporary := false
	switch {
	case errors.As(err, &retrieve) && retrieve.Response != nil:
		code := retrieve.Response.StatusCode
		temporary = code >= 500 || code == http.StatusTooManyRequests
		err = fmt.Errorf("HTTP %s: %w", retrieve.Response.Status, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr):
		temporary = true
	}
	return &RefreshError{TokenURL: tokenURL, Temporary: temporary, Err: err}
}
