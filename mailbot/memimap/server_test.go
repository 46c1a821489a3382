package memimap

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

const testMail = "From: centre@example.org\r\nTo: btp@example.org\r\nSubject: Test\r\n\r\nBonjour\r\n"

func startTest(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Users == nil {
		opts.Users = []User{{Username: "btp", Password: "secret"}}
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func dialTest(t *testing.T, s *Server, opts *imapclient.Options) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr(), opts)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login("btp", "secret").Wait(); err != nil {
		t.Fatalf("login: %v", err)
	}
	return c
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestStartRejectsBadUsers(t *testing.T) {
	tests := []struct {
		name  string
		users []User
	}{
		{"empty username", []User{{Username: "", Password: "x"}}},
		{"duplicate", []User{{Username: "a", Password: "x"}, {Username: "a", Password: "y"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Start(Options{Users: tt.users})
			if err == nil {
				s.Close()
				t.Fatalf("got nil error, want one")
			}
		})
	}
}

func TestLogin(t *testing.T) {
	s := startTest(t, Options{})
	tests := []struct {
		name, user, pass string
		ok               bool
	}{
		{"right password", "btp", "secret", true},
		{"wrong password", "btp", "nope", false},
		{"unknown user", "ccp", "secret", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := imapclient.DialInsecure(s.Addr(), nil)
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			defer c.Close()
			err = c.Login(tt.user, tt.pass).Wait()
			if got := err == nil; got != tt.ok {
				t.Fatalf("login ok: got %v, want %v (err %v)", got, tt.ok, err)
			}
		})
	}
}

func TestFoldersExist(t *testing.T) {
	s := startTest(t, Options{Folders: []string{"Traité"}})
	c := dialTest(t, s, nil)
	for _, name := range []string{Inbox, Sent, "Traité"} {
		if _, err := c.Select(name, nil).Wait(); err != nil {
			t.Errorf("select %q: got %v, want nil", name, err)
		}
	}
}

func TestAppendAndFlags(t *testing.T) {
	s := startTest(t, Options{})
	ctx := testCtx(t)
	for want := uint32(1); want <= 3; want++ {
		uid, err := s.Append(ctx, "btp", Inbox, []byte(testMail))
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		if uid != want {
			t.Fatalf("uid: got %d, want %d", uid, want)
		}
	}
	c := dialTest(t, s, nil)
	if _, err := c.Select(Inbox, nil).Wait(); err != nil {
		t.Fatalf("select: %v", err)
	}
	store := c.Store(imap.UIDSetNum(2), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{"$Done", imap.FlagFlagged}}, nil)
	if err := store.Close(); err != nil {
		t.Fatalf("store: %v", err)
	}
	flags, err := s.Flags(ctx, "btp", Inbox)
	if err != nil {
		t.Fatalf("Flags: %v", err)
	}
	if got := len(flags); got != 3 {
		t.Fatalf("messages: got %d, want 3", got)
	}
	// imapmemserver lowercases keywords: they are case-insensitive (RFC 9051
	// section 2.3.2).
	if got, want := flags[2], []string{"$done", "\\Flagged"}; !slices.Equal(got, want) {
		t.Errorf("flags of uid 2: got %v, want %v", got, want)
	}
	if got := flags[1]; len(got) != 0 {
		t.Errorf("flags of uid 1: got %v, want none (Flags must not set \\Seen)", got)
	}
}

func TestAppendErrors(t *testing.T) {
	s := startTest(t, Options{})
	ctx := testCtx(t)
	if _, err := s.Append(ctx, "nobody", Inbox, []byte(testMail)); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("unknown user: got %v, want ErrUnknownUser", err)
	}
	if _, err := s.Append(ctx, "btp", "Nowhere", []byte(testMail)); err == nil {
		t.Errorf("unknown folder: got nil error, want one")
	}
}

func TestAppendNotifiesIdle(t *testing.T) {
	s := startTest(t, Options{})
	exists := make(chan uint32, 8)
	c := dialTest(t, s, &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					exists <- *d.NumMessages
				}
			},
		},
	})
	if _, err := c.Select(Inbox, nil).Wait(); err != nil {
		t.Fatalf("select: %v", err)
	}
	idle, err := c.Idle()
	if err != nil {
		t.Fatalf("idle: %v", err)
	}
	if _, err := s.Append(testCtx(t), "btp", Inbox, []byte(testMail)); err != nil {
		t.Fatalf("Append: %v", err)
	}
	select {
	case n := <-exists:
		if n != 1 {
			t.Errorf("EXISTS: got %d, want 1", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no EXISTS within 5s of Append")
	}
	if err := idle.Close(); err != nil {
		t.Fatalf("idle close: %v", err)
	}
	if err := idle.Wait(); err != nil {
		t.Fatalf("idle wait: %v", err)
	}
}

func TestRecreateMailbox(t *testing.T) {
	s := startTest(t, Options{})
	ctx := testCtx(t)
	if _, err := s.Append(ctx, "btp", Inbox, []byte(testMail)); err != nil {
		t.Fatalf("Append: %v", err)
	}
	c := dialTest(t, s, nil)
	before, err := c.Select(Inbox, nil).Wait()
	if err != nil {
		t.Fatalf("select: %v", err)
	}
	if err := s.RecreateMailbox("btp", Inbox); err != nil {
		t.Fatalf("RecreateMailbox: %v", err)
	}
	select {
	case <-c.Closed():
	case <-ctx.Done():
		t.Fatalf("open connection not ended after RecreateMailbox")
	}
	c2 := dialTest(t, s, nil)
	after, err := c2.Select(Inbox, nil).Wait()
	if err != nil {
		t.Fatalf("select again: %v", err)
	}
	if after.UIDValidity == before.UIDValidity {
		t.Errorf("UIDVALIDITY: got %d again, want a new value", after.UIDValidity)
	}
	if after.NumMessages != 0 {
		t.Errorf("messages after re-creation: got %d, want 0", after.NumMessages)
	}
	if err := s.RecreateMailbox("btp", "Nowhere"); err == nil {
		t.Errorf("recreate unknown folder: got nil error, want one")
	}
}

func TestStopRestartKeepsMail(t *testing.T) {
	s := startTest(t, Options{})
	ctx := testCtx(t)
	if _, err := s.Append(ctx, "btp", Inbox, []byte(testMail)); err != nil {
		t.Fatalf("Append: %v", err)
	}
	addr := s.Addr()
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := s.Stop(); !errors.Is(err, ErrStopped) {
		t.Errorf("second Stop: got %v, want ErrStopped", err)
	}
	if _, err := imapclient.DialInsecure(addr, nil); err == nil {
		t.Errorf("dial while stopped: got nil error, want one")
	}
	if err := s.Restart(); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if err := s.Restart(); !errors.Is(err, ErrRunning) {
		t.Errorf("second Restart: got %v, want ErrRunning", err)
	}
	if got := s.Addr(); got != addr {
		t.Errorf("Addr after Restart: got %s, want %s", got, addr)
	}
	flags, err := s.Flags(ctx, "btp", Inbox)
	if err != nil {
		t.Fatalf("Flags: %v", err)
	}
	if got := len(flags); got != 1 {
		t.Errorf("messages after Restart: got %d, want 1", got)
	}
}
