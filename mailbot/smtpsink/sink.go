package smtpsink

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Options configures a Sink. The zero value is a plaintext sink without
// authentication on 127.0.0.1 and a free port.
type Options struct {
	// Addr is the loopback host:port to listen on; "" means 127.0.0.1:0.
	Addr string
	// TLS, when set, is offered through STARTTLS, or from the first byte
	// when ImplicitTLS is true. AUTH is then only accepted over TLS.
	TLS *tls.Config
	// ImplicitTLS serves TLS on connect (the port 465 style, RFC 8314).
	ImplicitTLS bool
	// Username and Password, when Username is set, make AUTH mandatory
	// before MAIL FROM and the only accepted credentials.
	Username, Password string
	// CheckToken, when set, makes AUTH mandatory too and offers XOAUTH2
	// and OAUTHBEARER (RFC 7628): it is given the username and the bearer
	// token and returns nil to accept them.
	CheckToken func(username, token string) error
	// Logger receives the server's internal errors; nil discards them.
	Logger *slog.Logger
	// OnMessage, when set, is called after each message is recorded, from
	// the connection's goroutine and before the client gets its reply: it
	// should return quickly.
	OnMessage func(Received)
	// Forget, when true, keeps no message once OnMessage has seen it
	// (Messages and WaitFor then see none): a long benchmark's memory
	// stays that of the bot it measures.
	Forget bool
}

// Sink is a running SMTP server that records messages. Its methods are safe
// for concurrent use.
type Sink struct {
	opts Options
	addr string // fixed at Start so Restart comes back on the same port

	life sync.Mutex // serialises Stop, Restart and Close

	mu       sync.Mutex
	server   *smtp.Server // nil while stopped
	listener net.Listener
	served   chan struct{} // closed when the current Serve returns
	closed   bool
	messages []Received
	// connections counts the SMTP connections accepted since Start.
	connections int
	changed     chan struct{} // closed and replaced at each new message
	fault       fault
}

// Start listens on opts.Addr and serves until Close.
func Start(opts Options) (*Sink, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if err := checkLoopback(opts.Addr); err != nil {
		return nil, err
	}
	if opts.ImplicitTLS && opts.TLS == nil {
		return nil, errors.New("smtpsink: ImplicitTLS needs a TLS config")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Sink{opts: opts, addr: opts.Addr, changed: make(chan struct{})}
	if err := s.listen(); err != nil {
		return nil, err
	}
	return s, nil
}

// checkLoopback refuses other hosts: the sink accepts anything from anyone.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("smtpsink: address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("smtpsink: address %q is not loopback", addr)
	}
	return nil
}

// listen binds s.addr and starts serving; s.mu must not be held.
func (s *Sink) listen() error {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("smtpsink: listen on %s: %w", s.addr, err)
	}
	if s.opts.ImplicitTLS {
		ln = tls.NewListener(ln, s.opts.TLS)
	}
	srv := s.newServer()
	served := make(chan struct{})
	s.mu.Lock()
	s.addr = ln.Addr().String()
	s.server, s.listener, s.served = srv, ln, served
	s.mu.Unlock()
	go func() {
		defer close(served)
		if err := srv.Serve(ln); err != nil {
			s.opts.Logger.Warn("smtpsink: serve stopped", "addr", ln.Addr().String(), "err", err)
		}
	}()
	return nil
}

func (s *Sink) newServer() *smtp.Server {
	srv := smtp.NewServer(&backend{sink: s})
	srv.Domain = "localhost"
	srv.TLSConfig = s.opts.TLS
	// Without TLS the sink is loopback-only, so cleartext AUTH is harmless.
	srv.AllowInsecureAuth = s.opts.TLS == nil
	srv.MaxMessageBytes = 64 << 20
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.ErrorLog = slogAdapter{s.opts.Logger}
	return srv
}

// Addr returns the host:port the sink listens on.
func (s *Sink) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Stop closes the listener and every open connection, keeping the recorded
// messages: clients now get "connection refused" until Restart.
func (s *Sink) Stop() {
	s.life.Lock()
	defer s.life.Unlock()
	s.stop()
}

func (s *Sink) stop() {
	s.mu.Lock()
	srv, ln, served := s.server, s.listener, s.served
	s.server, s.listener = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return
	}
	_ = srv.Close() // closes the connections; "already closed" is harmless
	// srv.Close misses a listener that Serve has not registered yet.
	_ = ln.Close()
	<-served
}

// Restart serves again on the address of Start after a Stop.
func (s *Sink) Restart() error {
	s.life.Lock()
	defer s.life.Unlock()
	s.mu.Lock()
	running, closed := s.server != nil, s.closed
	s.mu.Unlock()
	switch {
	case closed:
		return errors.New("smtpsink: restart after Close")
	case running:
		return nil
	}
	return s.listen()
}

// Close stops the sink for good.
func (s *Sink) Close() {
	s.life.Lock()
	defer s.life.Unlock()
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.stop()
}

// Messages returns a copy of the messages received so far, oldest first.
func (s *Sink) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.messages...)
}

// Connections returns how many connections clients opened since Start,
// across Restart: a client that keeps its connection opens one for many
// messages.
func (s *Sink) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connections
}

// WaitFor blocks until at least n messages were received, then returns them
// all; it returns ctx's error, wrapped, when ctx ends first.
func (s *Sink) WaitFor(ctx context.Context, n int) ([]Received, error) {
	for {
		s.mu.Lock()
		got, changed := len(s.messages), s.changed
		if got >= n {
			msgs := append([]Received(nil), s.messages...)
			s.mu.Unlock()
			return msgs, nil
		}
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("smtpsink: waiting for %d messages, got %d: %w", n, got, ctx.Err())
		}
	}
}

// record stores r (unless Forget), wakes the waiters, then calls the
// OnMessage hook.
func (s *Sink) record(r Received) {
	s.mu.Lock()
	if !s.opts.Forget {
		s.messages = append(s.messages, r)
	}
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
	s.opts.Logger.Debug("smtpsink: message received", "from", r.From, "to", r.To,
		"message-id", r.Header.Get("Message-Id"), "bytes", len(r.Raw))
	if s.opts.OnMessage != nil {
		s.opts.OnMessage(r)
	}
}

// slogAdapter lets go-smtp's Printf-style error log write to slog.
type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Printf(format string, v ...any) { a.l.Warn(fmt.Sprintf(format, v...)) }
func (a slogAdapter) Println(v ...any)               { a.l.Warn(fmt.Sprint(v...)) }
