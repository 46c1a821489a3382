package sentbox

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"mailbot/mailbot/dovecottest"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/memimap"
)

// keeperOn starts an embedded server behind a proxy that counts
// connections, and a Keeper of its Sent folder.
func keeperOn(t *testing.T) (*memimap.Server, *dovecottest.Proxy, *Keeper) {
	t.Helper()
	srv, proxy, conn := serverOn(t, 500*time.Millisecond)
	k := New(conn, "Sent").Keep(0)
	t.Cleanup(k.Close)
	return srv, proxy, k
}

// serverOn starts an embedded server behind a proxy that counts
// connections, and returns the options that reach it.
func serverOn(t *testing.T, timeout time.Duration) (*memimap.Server, *dovecottest.Proxy, imapwatch.Options) {
	t.Helper()
	srv, err := memimap.Start(memimap.Options{Users: []memimap.User{{Username: "box", Password: "pw"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	proxy := dovecottest.StartProxy(t, srv.Addr())
	conn := imapwatch.Options{Name: "btp", Address: proxy.Addr(), TLS: imapwatch.TLSNone, Username: "box",
		CommandTimeout: timeout, Password: func(context.Context) (string, error) { return "pw", nil }}
	return srv, proxy, conn
}

// keepCopy stores the copy of mail i as the sender does when it repeats a
// call: search, then append.
func keepCopy(t *testing.T, k *Keeper, i int) {
	t.Helper()
	id := fmt.Sprintf("<m%d@afpa.fr>", i)
	raw := fmt.Appendf(nil, "From: epreuves-btp@afpa.fr\r\nTo: c@x.test\r\nSubject: Re: x\r\nMessage-ID: %s\r\n\r\nBonjour\r\n", id)
	err := k.Do(context.Background(), func(s *Session) error {
		if _, found, err := s.Find(id); err != nil || found {
			return err
		}
		return s.Append(raw)
	})
	if err != nil {
		t.Fatalf("copy %d: %v", i, err)
	}
}

func checkSent(t *testing.T, k *Keeper, n int) {
	t.Helper()
	for i := range n {
		err := k.Do(context.Background(), func(s *Session) error {
			c, found, err := s.Find(fmt.Sprintf("<m%d@afpa.fr>", i))
			if err == nil && (!found || !c.Sent) {
				err = fmt.Errorf("copy %d: found %v, sent %v", i, found, c.Sent)
			}
			return err
		})
		if err != nil {
			t.Error(err)
		}
	}
}

func TestKeeperReusesOneSession(t *testing.T) {
	_, proxy, k := keeperOn(t)
	const n = 5
	for i := range n {
		keepCopy(t, k, i)
	}
	checkSent(t, k, n)
	if got := proxy.Accepted(); got != 1 {
		t.Errorf("%d copies took %d connections, want 1", n, got)
	}
}

// A session the server dropped between two mails is replaced without an
// error reaching the sender.
func TestKeeperReconnectsAfterADrop(t *testing.T) {
	srv, proxy, k := keeperOn(t)
	keepCopy(t, k, 0)
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	keepCopy(t, k, 1)
	keepCopy(t, k, 2)
	checkSent(t, k, 3)
	if got := proxy.Accepted(); got != 2 {
		t.Errorf("connections: got %d, want 2 (one before the drop, one after)", got)
	}
}

// A connection gone silent is closed by the watchdog; the next call
// connects again.
func TestKeeperWatchdog(t *testing.T) {
	_, proxy, k := keeperOn(t)
	keepCopy(t, k, 0)
	proxy.Freeze()
	err := k.Do(context.Background(), func(s *Session) error {
		_, _, err := s.Find("<m0@afpa.fr>")
		return err
	})
	if !errors.Is(err, errUnresponsive) {
		t.Fatalf("on a silent connection: got %v, want errUnresponsive", err)
	}
	keepCopy(t, k, 1)
	if got := proxy.Accepted(); got != 2 {
		t.Errorf("connections: got %d, want 2", got)
	}
}

func TestKeeperClosed(t *testing.T) {
	_, _, k := keeperOn(t)
	k.Close()
	if err := k.Do(context.Background(), func(*Session) error { return nil }); !errors.Is(err, errClosed) {
		t.Errorf("Do after Close: got %v, want errClosed", err)
	}
}

// A call whose context ended while it waited for the session does not run,
// and does not close the session the other senders share.
func TestKeeperSkipsACallWhoseContextEnded(t *testing.T) {
	_, proxy, k := keeperOn(t)
	keepCopy(t, k, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := k.Do(ctx, func(*Session) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("Do with an ended context: err %v, ran %v; want context.Canceled, not run", err, ran)
	}
	keepCopy(t, k, 1)
	checkSent(t, k, 2)
	if got := proxy.Accepted(); got != 1 {
		t.Errorf("%d connections, want the one session kept", got)
	}
}
