package imapwatch

import (
	"crypto/tls"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// proxy forwards loopback TCP connections to target. It can cut every
// connection (a reset), or freeze the open ones: they stay open but carry
// nothing more, like a connection whose peer vanished behind a NAT. New
// connections always work. With a TLS config it terminates implicit TLS.
type proxy struct {
	ln     net.Listener
	target string
	wg     sync.WaitGroup

	mu    sync.Mutex
	pipes []*pipe
}

type pipe struct {
	a, b   net.Conn
	frozen atomic.Bool
	once   sync.Once
}

func startProxy(t *testing.T, target string, cfg *tls.Config) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy listen: %v", err)
	}
	if cfg != nil {
		ln = tls.NewListener(ln, cfg)
	}
	p := &proxy{ln: ln, target: target}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

func (p *proxy) Addr() string { return p.ln.Addr().String() }

func (p *proxy) accept() {
	defer p.wg.Done()
	for {
		a, err := p.ln.Accept()
		if err != nil {
			return
		}
		b, err := net.Dial("tcp", p.target)
		if err != nil {
			a.Close()
			continue
		}
		pp := &pipe{a: a, b: b}
		p.mu.Lock()
		p.pipes = append(p.pipes, pp)
		p.mu.Unlock()
		p.wg.Add(2)
		go p.copy(pp, a, b)
		go p.copy(pp, b, a)
	}
}

// copy forwards src to dst until either side closes; once frozen it reads
// and drops, so neither side sees an error or a byte.
func (p *proxy) copy(pp *pipe, dst, src net.Conn) {
	defer p.wg.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !pp.frozen.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				err = werr
			}
		}
		if err != nil {
			pp.close()
			return
		}
	}
}

func (pp *pipe) close() {
	pp.once.Do(func() {
		pp.a.Close()
		pp.b.Close()
	})
}

func (p *proxy) each(f func(*pipe)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pp := range p.pipes {
		f(pp)
	}
}

// Cut closes every open connection.
func (p *proxy) Cut() { p.each((*pipe).close) }

// Freeze silences every open connection without closing it.
func (p *proxy) Freeze() { p.each(func(pp *pipe) { pp.frozen.Store(true) }) }

func (p *proxy) close() {
	p.ln.Close()
	p.Cut()
	p.wg.Wait()
}
