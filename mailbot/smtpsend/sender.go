package smtpsend

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
)

// Sender submits messages to one SMTP server. It is safe for concurrent
// use: at most Config.Connections sends run at once, each on its own
// connection, and a connection is kept open between mails (RSET before the
// next, RFC 5321 section 4.1.1.5) until it has been idle for
// Config.IdleTimeout. A kept connection the server closed meanwhile fails
// its RSET, before any mail is given to it, and is redialled. Close the
// Sender to log out of the kept connections.
type Sender struct {
	cfg   Config
	slots chan struct{} // one token per send in flight

	mu     sync.Mutex
	idle   []*conn // kept connections, the most recently used last
	closed bool
}

// conn is one open SMTP connection.
type conn struct {
	client *gosmtp.Client
	holder *connHolder
	timer  *time.Timer // quits it once idle too long; guarded by Sender.mu
}

// New validates cfg and returns a Sender; it does not connect.
func New(cfg Config) (*Sender, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("smtp config: %w", err)
	}
	return &Sender{cfg: cfg, slots: make(chan struct{}, cfg.Connections)}, nil
}

// Send submits raw, unchanged, to env's recipients. A nil error means the
// server accepted the message for every recipient; otherwise the error is an
// [*Error] telling whether to retry. One refused recipient fails the whole
// send, so a retry never delivers twice to the others.
func (s *Sender) Send(ctx context.Context, env Envelope, raw []byte) error {
	if err := checkEnvelope(env, raw); err != nil {
		return &Error{Addr: s.cfg.Address, Err: err}
	}
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return s.fail(ctx, fmt.Errorf("wait for a free connection: %w", ctx.Err()))
	}
	defer func() { <-s.slots }()
	c, err := s.get(ctx)
	if err != nil {
		return s.fail(ctx, fmt.Errorf("connect: %w", err))
	}
	// go-mail only bounds the dial with ctx; closing the connection makes
	// a cancellation interrupt a slow server too.
	stop := context.AfterFunc(ctx, c.holder.close)
	err = transact(c.client, s.cfg, env, raw)
	switch {
	case !stop(): // cut by ctx: even an accepted mail leaves the connection closed
		c.holder.close()
		if err != nil {
			return s.fail(ctx, err)
		}
	case err != nil:
		// The connection's state is unknown after a failure: a fresh one
		// serves the next mail.
		c.holder.close()
		return s.fail(ctx, err)
	default:
		s.put(c)
	}
	return nil
}

// get returns a kept connection that answered RSET, or a new one.
func (s *Sender) get(ctx context.Context) (*conn, error) {
	for c := s.take(); c != nil; c = s.take() {
		if err := c.client.UpdateDeadline(s.cfg.Timeout); err == nil {
			if err := c.client.Reset(); err == nil {
				return c, nil
			}
		}
		c.holder.close() // the server dropped it, or timed it out
	}
	c := &conn{holder: &connHolder{}}
	client, err := s.dial(ctx, c.holder)
	if err != nil {
		c.holder.close()
		return nil, err
	}
	c.client = client
	return c, nil
}

// take removes the most recently used kept connection from the pool.
func (s *Sender) take() *conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.idle)
	if n == 0 {
		return nil
	}
	c := s.idle[n-1]
	s.idle = s.idle[:n-1]
	c.timer.Stop()
	return c
}

// put keeps c for the next mail, for Config.IdleTimeout.
func (s *Sender) put(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		go s.quit(c)
		return
	}
	c.timer = time.AfterFunc(s.cfg.IdleTimeout, func() { s.expire(c) })
	s.idle = append(s.idle, c)
}

// expire quits c when it is still idle.
func (s *Sender) expire(c *conn) {
	s.mu.Lock()
	i := slices.Index(s.idle, c)
	if i >= 0 {
		s.idle = slices.Delete(s.idle, i, i+1)
	}
	s.mu.Unlock()
	if i >= 0 {
		s.quit(c)
	}
}

// quitWait bounds the wait for QUIT's answer.
const quitWait = 5 * time.Second

func (s *Sender) quit(c *conn) {
	if c.client.UpdateDeadline(min(quitWait, s.cfg.Timeout)) == nil {
		_ = c.client.Quit() // the mail is long accepted: only politeness
	}
	c.holder.close()
}

// Close logs out of the kept connections; a Send after Close still works
// but keeps nothing.
func (s *Sender) Close() {
	s.mu.Lock()
	idle := s.idle
	s.idle, s.closed = nil, true
	for _, c := range idle {
		c.timer.Stop()
	}
	s.mu.Unlock()
	for _, c := range idle {
		s.quit(c)
	}
}

// fail reports ctx's cancellation, when that is why err happened.
func (s *Sender) fail(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		err = fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	return newError(s.cfg.Address, err)
}

func checkEnvelope(env Envelope, raw []byte) error {
	if err := checkAddrSpec(env.From); err != nil {
		return fmt.Errorf("envelope from: %w", err)
	}
	if len(env.To) == 0 {
		return errors.New("envelope to: no recipient")
	}
	if err := checkAddrList("envelope to", env.To); err != nil {
		return err
	}
	if len(raw) == 0 {
		return errors.New("message: empty")
	}
	return nil
}

// transact runs MAIL, RCPT and DATA (RFC 5321 section 3.3) with raw as the
// content; the DATA writer does the dot-stuffing.
func transact(c *gosmtp.Client, cfg Config, env Envelope, raw []byte) error {
	if err := c.UpdateDeadline(cfg.Timeout); err != nil {
		return fmt.Errorf("set deadline: %w", err)
	}
	if err := c.Mail("<" + env.From + ">"); err != nil {
		return fmt.Errorf("mail from <%s>: %w", env.From, err)
	}
	for _, rcpt := range env.To {
		if err := c.Rcpt("<" + rcpt + ">"); err != nil {
			return fmt.Errorf("rcpt to <%s>: %w", rcpt, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("data: write message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("data: end of message: %w", err)
	}
	return nil
}

// dial connects, says EHLO, starts TLS and authenticates through go-mail.
func (s *Sender) dial(ctx context.Context, conn *connHolder) (*gosmtp.Client, error) {
	opts, err := s.options(ctx, conn)
	if err != nil {
		return nil, err
	}
	host, _, _ := net.SplitHostPort(s.cfg.Address) // checked by New
	c, err := gomail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("set up client: %w", err)
	}
	return c.DialToSMTPClientWithContext(ctx)
}

// options translates the Config. Dialling is done here rather than by
// go-mail because go-mail formats the address as "%s:%d" (an IPv6 literal
// breaks) and leaks the connection when EHLO, STARTTLS or AUTH fail.
func (s *Sender) options(ctx context.Context, conn *connHolder) ([]gomail.Option, error) {
	host, _, _ := net.SplitHostPort(s.cfg.Address)
	tlsCfg := &tls.Config{
		ServerName:         host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: s.cfg.InsecureSkipVerify, // tests only, see Config
	}
	policy := gomail.NoTLS // implicit TLS is done by the dialer
	if s.cfg.TLS == TLSStartTLS {
		policy = gomail.TLSMandatory
	}
	opts := []gomail.Option{
		gomail.WithTimeout(s.cfg.Timeout),
		gomail.WithTLSPolicy(policy),
		gomail.WithTLSConfig(tlsCfg),
		gomail.WithDialContextFunc(func(ctx context.Context, _, _ string) (net.Conn, error) {
			return conn.dial(ctx, s.cfg.Address, s.cfg.TLS == TLSImplicit, tlsCfg)
		}),
	}
	if s.cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(s.cfg.HELO))
	}
	auth, err := s.authOptions(ctx)
	if err != nil {
		return nil, err
	}
	return append(opts, auth...), nil
}

func (s *Sender) authOptions(ctx context.Context) ([]gomail.Option, error) {
	if s.cfg.Auth == AuthNone {
		return nil, nil
	}
	secret, err := s.cfg.Password(ctx)
	if err != nil {
		return nil, fmt.Errorf("read smtp password: %w", err)
	}
	if mech, ok := tokenMechs[s.cfg.Auth]; ok {
		auth, err := newTokenAuth(mech, s.cfg.Username, secret)
		if err != nil {
			return nil, err
		}
		return []gomail.Option{gomail.WithSMTPAuthCustom(auth)}, nil
	}
	// The NoEnc variants only lift go-mail's own refusal on clear text,
	// which New already limits to loopback.
	mech := map[string]gomail.SMTPAuthType{AuthPlain: gomail.SMTPAuthPlain, AuthLogin: gomail.SMTPAuthLogin}
	if s.cfg.TLS == TLSNone {
		mech = map[string]gomail.SMTPAuthType{AuthPlain: gomail.SMTPAuthPlainNoEnc, AuthLogin: gomail.SMTPAuthLoginNoEnc}
	}
	return []gomail.Option{
		gomail.WithSMTPAuth(mech[s.cfg.Auth]),
		gomail.WithUsername(s.cfg.Username),
		gomail.WithPassword(secret),
	}, nil
}

// connHolder keeps the one connection of a Send so it can be closed on
// error or cancellation, whoever is using it.
type connHolder struct {
	mu   sync.Mutex
	conn net.Conn
}

func (h *connHolder) dial(ctx context.Context, addr string, implicitTLS bool, cfg *tls.Config) (net.Conn, error) {
	d := &net.Dialer{}
	var conn net.Conn
	var err error
	if implicitTLS {
		conn, err = (&tls.Dialer{NetDialer: d, Config: cfg}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	h.conn = conn
	h.mu.Unlock()
	return conn, nil
}

func (h *connHolder) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.conn != nil {
		_ = h.conn.Close() // already closed is fine
	}
}
