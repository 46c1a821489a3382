package smtpsend

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"mailbot/mailbot/smtpsink"
)

// sendN sends n distinct replies one after the other.
func sendN(t *testing.T, s *Sender, n int, prefix string) {
	t.Helper()
	for i := range n {
		m := reply()
		m.MessageID = fmt.Sprintf("<%s%d@mailbot.example.org>", prefix, i)
		if _, err := sendReply(t, s, m); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
}

func TestSendKeepsTheConnection(t *testing.T) {
	sink := startSink(t, smtpsink.Options{Username: sinkUser, Password: sinkPass})
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone, Auth: AuthPlain, Username: sinkUser, Password: StaticPassword(sinkPass)})
	const n = 10
	sendN(t, s, n, "a")
	if got := len(sink.Messages()); got != n {
		t.Errorf("received %d, want %d", got, n)
	}
	if got := sink.Connections(); got != 1 {
		t.Errorf("%d mails took %d connections, want 1", n, got)
	}
}

// A kept connection the server dropped fails its RSET and is redialled:
// the mail goes out on a new connection, without an error.
func TestSendRedialsAfterTheServerDropsIt(t *testing.T) {
	sink := startSink(t, smtpsink.Options{})
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone})
	sendN(t, s, 2, "a")
	sink.Stop() // closes the kept connection
	if err := sink.Restart(); err != nil {
		t.Fatal(err)
	}
	sendN(t, s, 2, "b")
	if got := len(sink.Messages()); got != 4 {
		t.Errorf("received %d, want 4", got)
	}
	if got := sink.Connections(); got != 2 {
		t.Errorf("connections: got %d, want 2 (one before the drop, one after)", got)
	}
}

// A failed mail closes its connection: the next mail starts clean.
func TestSendRedialsAfterAFailure(t *testing.T) {
	sink := startSink(t, smtpsink.Options{})
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone})
	sendN(t, s, 1, "a")
	failNext(t, sink, 451)
	m := reply()
	if _, err := sendReply(t, s, m); !IsTemporary(err) {
		t.Fatalf("got %v, want a temporary error", err)
	}
	sendN(t, s, 1, "b")
	if got := sink.Connections(); got != 2 {
		t.Errorf("connections: got %d, want 2", got)
	}
}

func TestSendQuitsAnIdleConnection(t *testing.T) {
	sink := startSink(t, smtpsink.Options{})
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone, IdleTimeout: time.Millisecond})
	sendN(t, s, 1, "a")
	deadline := time.Now().Add(10 * time.Second)
	for s.idleCount() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the idle connection is still kept")
		}
		time.Sleep(time.Millisecond)
	}
	sendN(t, s, 1, "b")
	if got := sink.Connections(); got != 2 {
		t.Errorf("connections: got %d, want 2", got)
	}
}

func (s *Sender) idleCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.idle)
}

// Connections sends run at once, no more, each on its own connection,
// and the connections are then reused.
func TestSendPoolSize(t *testing.T) {
	const pool, n = 3, 9
	var mu sync.Mutex
	inFlight, most := 0, 0
	full, release := make(chan struct{}), make(chan struct{})
	sink := startSink(t, smtpsink.Options{OnMessage: func(smtpsink.Received) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		if inFlight == pool {
			close(full)
		}
		mu.Unlock()
		<-release
		mu.Lock()
		inFlight--
		mu.Unlock()
	}})
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone, Connections: pool})
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			m := reply()
			m.MessageID = fmt.Sprintf("<p%d@mailbot.example.org>", i)
			_, err := sendReply(t, s, m)
			errs <- err
		})
	}
	select {
	case <-full:
	case <-time.After(15 * time.Second):
		t.Fatalf("never %d sends at once", pool)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if most != pool {
		t.Errorf("at most %d sends at once, want %d", most, pool)
	}
	if got := sink.Connections(); got != pool {
		t.Errorf("%d mails took %d connections, want %d", n, got, pool)
	}
	if got := len(sink.Messages()); got != n {
		t.Errorf("received %d, want %d", got, n)
	}
}

func TestConnectionsValidated(t *testing.T) {
	for _, n := range []int{-1, MaxConnections + 1} {
		if _, err := New(Config{Address: "127.0.0.1:25", TLS: TLSNone, Connections: n}); err == nil {
			t.Errorf("connections %d: got no error", n)
		}
	}
}
