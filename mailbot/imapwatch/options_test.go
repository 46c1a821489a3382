package imapwatch

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

func validOptions() Options {
	return Options{
		Name:     "btp",
		Address:  "imap.example.org:993",
		Username: "btp",
		Password: func(context.Context) (string, error) { return "x", nil },
		Handler:  func(context.Context, Fetched) (func() error, error) { return Committed, nil },
		Cursors:  &MemCursors{},
	}
}

func TestOptionsRejected(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Options)
		field  string
	}{
		{"no name", func(o *Options) { o.Name = "" }, "Name"},
		{"no handler", func(o *Options) { o.Handler = nil }, "Handler"},
		{"no cursors", func(o *Options) { o.Cursors = nil }, "Cursors"},
		{"no password nor auth", func(o *Options) { o.Password = nil }, "Password"},
		{"no username", func(o *Options) { o.Username = "" }, "Username"},
		{"bad TLS mode", func(o *Options) { o.TLS = "ssl" }, "TLS"},
		{"address without port", func(o *Options) { o.Address = "imap.example.org" }, "Address"},
		{"negative timeout", func(o *Options) { o.CommandTimeout = -time.Second }, "CommandTimeout"},
		{"backoff inverted", func(o *Options) { o.BackoffMin, o.BackoffMax = time.Minute, time.Second }, "BackoffMin"},
		{"negative attempts", func(o *Options) { o.MaxAttempts = -1 }, "MaxAttempts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOptions()
			tt.change(&o)
			err := Run(context.Background(), o)
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("Run: got %v, want ErrInvalidOptions", err)
			}
			if !strings.Contains(err.Error(), "Options."+tt.field) {
				t.Errorf("error: got %q, want it to name Options.%s", err, tt.field)
			}
		})
	}
}

func TestOptionsDefaults(t *testing.T) {
	o, err := validOptions().withDefaults()
	if err != nil {
		t.Fatalf("withDefaults: %v", err)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"TLS", o.TLS, TLSImplicit},
		{"Folder", o.Folder, "INBOX"},
		{"DoneKeyword", o.DoneKeyword, "$MailbotDone"},
		{"IdleRestart", o.IdleRestart, 4 * time.Minute},
		{"PollInterval", o.PollInterval, time.Minute},
		{"BackoffMin", o.BackoffMin, time.Second},
		{"BackoffMax", o.BackoffMax, 2 * time.Minute},
		{"MaxAttempts", o.MaxAttempts, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	if o.Auth == nil || o.Dial == nil || o.Logger == nil {
		t.Errorf("Auth, Dial, Logger: got nil, want defaults")
	}
}

func TestCustomAuthNeedsNoPassword(t *testing.T) {
	o := validOptions()
	o.Username, o.Password = "", nil
	o.Auth = func(context.Context, *imapclient.Client) error { return nil }
	if _, err := o.withDefaults(); err != nil {
		t.Errorf("withDefaults: got %v, want nil", err)
	}
}
