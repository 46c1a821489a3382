package dovecottest

import (
	"net"
	"sync"
	"testing"
)

// Proxy forwards loopback TCP connections to a target, and can make the
// open ones go silent: they stay open but carry nothing more, as when a
// NAT or firewall forgets a connection. Nothing tells either end, so only
// a timeout finds out. New connections are forwarded normally.
type Proxy struct {
	ln     net.Listener
	target string

	mu       sync.Mutex
	links    []*link
	accepted int
}

// link is one proxied connection; frozen is closed to silence it.
type link struct {
	client, server net.Conn
	frozen         chan struct{}
	freeze         sync.Once
}

// StartProxy forwards to target until t ends.
func StartProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("dovecottest: proxy: %v", err)
	}
	p := &Proxy{ln: ln, target: target}
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.accept()
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, l := range p.links {
			l.client.Close()
			l.server.Close()
		}
	})
	return p
}

// Addr is the host:port to connect to instead of the target.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Accepted counts the connections made through the proxy so far.
func (p *Proxy) Accepted() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted
}

// Freeze silences every open connection.
func (p *Proxy) Freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.links {
		l.freeze.Do(func() { close(l.frozen) })
	}
}

func (p *Proxy) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		l := &link{client: client, server: server, frozen: make(chan struct{})}
		p.mu.Lock()
		p.links = append(p.links, l)
		p.accepted++
		p.mu.Unlock()
		go l.copy(server, client)
		go l.copy(client, server)
	}
}

// copy forwards src to dst until src ends, then closes dst. Once the link
// is frozen it forwards and closes nothing more.
func (l *link) copy(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		select {
		case <-l.frozen:
			return
		default:
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				src.Close()
				return
			}
		}
		if err != nil {
			dst.Close()
			return
		}
	}
}
