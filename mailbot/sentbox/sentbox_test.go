package sentbox

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"mailbot/mailbot/dovecottest"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/memimap"
)

func TestCopyLifecycle(t *testing.T) {
	srv, err := memimap.Start(memimap.Options{Users: []memimap.User{{Username: "box", Password: "pw"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	conn := imapwatch.Options{Name: "btp", Address: srv.Addr(), TLS: imapwatch.TLSNone, Username: "box",
		Password: func(context.Context) (string, error) { return "pw", nil }}
	ctx := context.Background()
	for _, folder := range []string{"Sent", "Envoyés"} { // the second does not exist yet
		t.Run(folder, func(t *testing.T) {
			s, err := New(conn, folder).Open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, found, err := s.Find("<a@afpa.fr>"); err != nil || found {
				t.Fatalf("Find before Append: got %v %v, want not found", found, err)
			}
			raw := "From: epreuves-btp@afpa.fr\r\nTo: c@x.test\r\nSubject: Re: x\r\nMessage-ID: <%s@afpa.fr>\r\n\r\nBonjour\r\n"
			if err := s.Append(fmt.Appendf(nil, raw, "a")); err != nil {
				t.Fatalf("Append: %v", err)
			}
			if c, found, err := s.Find("<a@afpa.fr>"); err != nil || !found || !c.Sent {
				t.Errorf("Find after Append: got %+v %v %v, want a copy of a mail that left", c, found, err)
			}
			// A copy an earlier version stored before the SMTP transaction.
			marked := fmt.Appendf(nil, raw, "b")
			cmd := s.c.Append(folder, int64(len(marked)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen, Unsent}})
			if _, err := cmd.Write(marked); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := cmd.Wait(); err != nil {
				t.Fatal(err)
			}
			c, found, err := s.Find("<b@afpa.fr>")
			if err != nil || !found || c.Sent {
				t.Fatalf("Find of a copy marked unsent: got %+v %v %v, want it not sent", c, found, err)
			}
			if err := s.MarkSent(c.UID); err != nil {
				t.Fatal(err)
			}
			if c, found, err := s.Find("<b@afpa.fr>"); err != nil || !found || !c.Sent {
				t.Errorf("Find after MarkSent: got %+v %v %v, want sent", c, found, err)
			}
			if _, found, _ := s.Find("<other@afpa.fr>"); found {
				t.Error("found a Message-ID that was never stored")
			}
		})
	}
}

func TestUnreachableServerIsAnError(t *testing.T) {
	b := New(imapwatch.Options{Name: "btp", Address: "127.0.0.1:1", TLS: imapwatch.TLSNone, Username: "u",
		Password: func(context.Context) (string, error) { return "p", nil }}, "Sent")
	if _, err := b.Open(context.Background()); err == nil {
		t.Fatal("got no error from a closed port")
	}
}

// A server that goes silent does not hold Close: LOGOUT is waited for a
// bounded time.
func TestCloseOnASilentServerReturns(t *testing.T) {
	srv, err := memimap.Start(memimap.Options{Users: []memimap.User{{Username: "box", Password: "pw"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	proxy := dovecottest.StartProxy(t, srv.Addr())
	conn := imapwatch.Options{Name: "btp", Address: proxy.Addr(), TLS: imapwatch.TLSNone, Username: "box", CommandTimeout: 200 * time.Millisecond,
		Password: func(context.Context) (string, error) { return "pw", nil }}
	s, err := New(conn, "Sent").Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	proxy.Freeze()
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(30 * time.Second):
		t.Fatal("Close still waits for a silent server's LOGOUT")
	}
}
