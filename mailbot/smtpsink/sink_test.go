package smtpsink

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"testing"
	"time"
)

// With Forget, the hook still sees each message but the sink keeps none.
func TestForgetKeepsNothing(t *testing.T) {
	hooked := make(chan Received, 1)
	s := start(t, Options{OnMessage: func(r Received) { hooked <- r }, Forget: true})
	if err := (client{}).send(s.Addr(), "bot@example.org", []string{"centre@example.org"}, sample); err != nil {
		t.Fatalf("send: %v", err)
	}
	select {
	case r := <-hooked:
		if string(r.Raw) != sample {
			t.Errorf("hook got %q, want the message", r.Raw)
		}
	case <-waitCtx(t).Done():
		t.Fatal("the hook never saw the message")
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("kept %d messages, want none", n)
	}
}

func TestRecordsMessage(t *testing.T) {
	hooked := make(chan Received, 1)
	s := start(t, Options{OnMessage: func(r Received) { hooked <- r }})
	before := time.Now()
	to := []string{"centre@example.org", "copie@example.org"}
	if err := (client{}).send(s.Addr(), "bot@example.org", to, sample); err != nil {
		t.Fatalf("send: %v", err)
	}
	msgs, err := s.WaitFor(waitCtx(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	got := msgs[0]
	if got.From != "bot@example.org" {
		t.Errorf("From: got %q, want %q", got.From, "bot@example.org")
	}
	if !slices.Equal(got.To, to) {
		t.Errorf("To: got %v, want %v", got.To, to)
	}
	if string(got.Raw) != sample {
		t.Errorf("Raw: got %q, want %q", got.Raw, sample)
	}
	if id := got.Header.Get("Message-Id"); id != "<sample-1@example.org>" {
		t.Errorf("Message-ID: got %q, want %q", id, "<sample-1@example.org>")
	}
	if subj := got.Subject(); subj != "Réponse à votre demande" {
		t.Errorf("Subject: got %q, want %q", subj, "Réponse à votre demande")
	}
	if got.At.Before(before) {
		t.Errorf("At: got %v, want after %v", got.At, before)
	}
	if h := <-hooked; string(h.Raw) != sample {
		t.Errorf("OnMessage Raw: got %q, want %q", h.Raw, sample)
	}
}

func TestUnparsableMessageIsKept(t *testing.T) {
	s := start(t, Options{})
	raw := "no header here at all\r\n"
	if err := (client{}).send(s.Addr(), "", []string{"x@example.org"}, raw); err != nil {
		t.Fatalf("send: %v", err)
	}
	msgs, err := s.WaitFor(waitCtx(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	if string(msgs[0].Raw) != raw || msgs[0].Header != nil {
		t.Errorf("got raw %q header %v, want raw %q and nil header", msgs[0].Raw, msgs[0].Header, raw)
	}
	if msgs[0].From != "" {
		t.Errorf("From: got %q, want the null reverse-path", msgs[0].From)
	}
}

func TestWaitForConcurrentSenders(t *testing.T) {
	s := start(t, Options{})
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			to := []string{fmt.Sprintf("c%d@example.org", i)}
			errs <- (client{}).send(s.Addr(), "bot@example.org", to, sample)
		})
	}
	msgs, err := s.WaitFor(waitCtx(t), n)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("send: %v", err)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != n || len(s.Messages()) != n {
		t.Errorf("got %d messages (Messages %d), want %d", len(msgs), len(s.Messages()), n)
	}
	if got := s.Connections(); got != n {
		t.Errorf("Connections: got %d, want %d", got, n)
	}
}

func TestWaitForHonoursContext(t *testing.T) {
	s := start(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.WaitFor(ctx, 1)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestFailNext(t *testing.T) {
	tests := []struct {
		name string
		code int
	}{
		{"temporary", 451},
		{"permanent", 550},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, Options{})
			if err := s.FailNext(2, tt.code, "injected"); err != nil {
				t.Fatal(err)
			}
			for i := range 2 {
				err := (client{}).send(s.Addr(), "bot@example.org", []string{"c@example.org"}, sample)
				if got := replyCode(err); got != tt.code {
					t.Errorf("attempt %d: got code %d (%v), want %d", i, got, err, tt.code)
				}
			}
			if err := (client{}).send(s.Addr(), "bot@example.org", []string{"c@example.org"}, sample); err != nil {
				t.Errorf("third attempt: got %v, want success", err)
			}
			if got := len(s.Messages()); got != 1 {
				t.Errorf("recorded: got %d, want 1 (refused messages are not kept)", got)
			}
		})
	}
}

func TestFailNextRejectsNonErrorCodes(t *testing.T) {
	s := start(t, Options{})
	for _, code := range []int{0, 250, 354, 600} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			if err := s.FailNext(1, code, "x"); err == nil {
				t.Errorf("FailNext(%d): got nil error, want one", code)
			}
		})
	}
}

func TestStopRestartKeepsAddressAndMessages(t *testing.T) {
	s := start(t, Options{})
	addr := s.Addr()
	send := func() error {
		return (client{}).send(addr, "bot@example.org", []string{"c@example.org"}, sample)
	}
	if err := send(); err != nil {
		t.Fatalf("first send: %v", err)
	}
	s.Stop()
	var opErr *net.OpError
	if err := send(); !errors.As(err, &opErr) {
		t.Errorf("send while stopped: got %v, want a network error", err)
	}
	if err := s.Restart(); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if s.Addr() != addr {
		t.Errorf("Addr after Restart: got %s, want %s", s.Addr(), addr)
	}
	if err := send(); err != nil {
		t.Fatalf("send after restart: %v", err)
	}
	if got := len(s.Messages()); got != 2 {
		t.Errorf("messages: got %d, want 2", got)
	}
	s.Close()
	if err := s.Restart(); err == nil {
		t.Error("Restart after Close: got nil error, want one")
	}
}

func TestStartRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"public address", Options{Addr: "192.0.2.1:0"}},
		{"host name", Options{Addr: "example.org:25"}},
		{"no port", Options{Addr: "127.0.0.1"}},
		{"implicit TLS without config", Options{ImplicitTLS: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Start(tt.opts)
			if err == nil {
				s.Close()
				t.Fatalf("Start(%+v): got nil error, want one", tt.opts)
			}
		})
	}
}
