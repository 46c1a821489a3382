package sentbox

import (
	"context"
	"testing"
	"time"

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
			raw := "From: epreuves-btp@afpa.fr\r\nTo: c@x.test\r\nSubject: Re: x\r\nMessage-ID: <a@afpa.fr>\r\n\r\nBonjour\r\n"
			uid, err := s.Append([]byte(raw))
			if err != nil {
				t.Fatalf("Append: %v", err)
			}
			if c, found, err := s.Find("<a@afpa.fr>"); err != nil || !found || c.Sent || c.UID != uid {
				t.Errorf("Find after Append: got %+v %v %v, want the unsent copy %d", c, found, err, uid)
			}
			if err := s.MarkSent(uid); err != nil {
				t.Fatal(err)
			}
			if c, found, err := s.Find("<a@afpa.fr>"); err != nil || !found || !c.Sent {
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
