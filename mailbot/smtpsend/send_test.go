package smtpsend

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mailbot/mailbot/oauth"
	"mailbot/mailbot/smtpsink"
)

const sinkUser, sinkPass = "epreuves-btp@example.org", "mot de passe été"

// sinkToken is the one bearer token the sink accepts in token tests.
const sinkToken = "eyJ0eXAi.jeton-de-test"

func checkSinkToken(user, token string) error {
	if user != sinkUser || token != sinkToken {
		return errors.New("token refused")
	}
	return nil
}

// failingToken stands for an oauth.Source whose token endpoint fails.
func failingToken(temporary bool) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		return "", &oauth.RefreshError{TokenURL: "https://login.example.org/token", Temporary: temporary,
			Err: errors.New("injected by the test")}
	}
}

func startSink(t *testing.T, opts smtpsink.Options) *smtpsink.Sink {
	t.Helper()
	s, err := smtpsink.Start(opts)
	if err != nil {
		t.Fatalf("smtpsink.Start: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

func selfSigned(t *testing.T) smtpsink.Options {
	t.Helper()
	cfg, err := smtpsink.SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	return smtpsink.Options{TLS: cfg}
}

func newSender(t *testing.T, cfg Config) *Sender {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second // a hung test fails instead of waiting 30 s
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// sendReply builds reply() and sends it, returning the bytes built.
func sendReply(t *testing.T, s *Sender, m Mail) ([]byte, error) {
	t.Helper()
	raw := mustBuild(t, m, time.Now())
	return raw, s.Send(testCtx(t), m.Envelope(), raw)
}

func TestSendDeliversExactBytes(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Mail)
	}{
		{"plain", func(*Mail) {}},
		{"alternative", func(m *Mail) { m.HTML = "<p>Réponse à venir.</p>" }},
		{"no final newline, dot lines", func(m *Mail) { m.Text = "Bonjour\n.\n..point\nfin sans saut" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := startSink(t, smtpsink.Options{})
			m := reply()
			tt.change(&m)
			raw, err := sendReply(t, newSender(t, Config{Address: sink.Addr(), TLS: TLSNone}), m)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := sink.Messages()
			if len(got) != 1 {
				t.Fatalf("received %d messages, want 1", len(got))
			}
			if string(got[0].Raw) != string(raw) {
				t.Errorf("received bytes differ from built bytes:\n got %q\nwant %q", got[0].Raw, raw)
			}
			env := m.Envelope()
			if got[0].From != env.From || !slices.Equal(got[0].To, env.To) {
				t.Errorf("envelope: got %s -> %v, want %s -> %v", got[0].From, got[0].To, env.From, env.To)
			}
		})
	}
}

func TestSendHeadersArrive(t *testing.T) {
	sink := startSink(t, smtpsink.Options{})
	m := reply()
	if _, err := sendReply(t, newSender(t, Config{Address: sink.Addr(), TLS: TLSNone}), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := sink.Messages()[0]
	tests := []struct{ field, got, want string }{
		{"Message-ID", got.Header.Get("Message-Id"), m.MessageID},
		{"In-Reply-To", got.Header.Get("In-Reply-To"), m.InReplyTo},
		{"References", got.Header.Get("References"), strings.Join(m.References, " ")},
		{"Auto-Submitted", got.Header.Get("Auto-Submitted"), AutoReplied},
		{"Subject", got.Subject(), m.Subject},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.field, tt.got, tt.want)
		}
	}
}

func TestSendTLSAndAuth(t *testing.T) {
	tlsOpts := selfSigned(t)
	withAuth := func(o smtpsink.Options) smtpsink.Options {
		o.Username, o.Password = sinkUser, sinkPass
		return o
	}
	auth := func(c Config, mech string) Config {
		c.Auth, c.Username, c.Password = mech, sinkUser, StaticPassword(sinkPass)
		return c
	}
	implicit := tlsOpts
	implicit.ImplicitTLS = true
	withToken := func(o smtpsink.Options) smtpsink.Options {
		o.CheckToken = checkSinkToken
		return o
	}
	token := func(c Config, mech string) Config {
		c.Auth, c.Username, c.Password = mech, sinkUser, StaticPassword(sinkToken)
		return c
	}
	tests := []struct {
		name    string
		opts    smtpsink.Options
		cfg     Config
		wantTLS bool
	}{
		{"none", smtpsink.Options{}, Config{TLS: TLSNone}, false},
		{"starttls", tlsOpts, Config{TLS: TLSStartTLS}, true},
		{"implicit", implicit, Config{TLS: TLSImplicit}, true},
		{"none with plain", withAuth(smtpsink.Options{}), auth(Config{TLS: TLSNone}, AuthPlain), false},
		{"starttls with plain", withAuth(tlsOpts), auth(Config{TLS: TLSStartTLS}, AuthPlain), true},
		{"starttls with login", withAuth(tlsOpts), auth(Config{TLS: TLSStartTLS}, AuthLogin), true},
		{"implicit with plain", withAuth(implicit), auth(Config{TLS: TLSImplicit}, AuthPlain), true},
		{"starttls with xoauth2", withToken(tlsOpts), token(Config{TLS: TLSStartTLS}, AuthXOAUTH2), true},
		{"implicit with oauthbearer", withToken(implicit), token(Config{TLS: TLSImplicit}, AuthOAuthBearer), true},
		{"none with xoauth2", withToken(smtpsink.Options{}), token(Config{TLS: TLSNone}, AuthXOAUTH2), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := startSink(t, tt.opts)
			tt.cfg.Address, tt.cfg.InsecureSkipVerify = sink.Addr(), true // self-signed sink
			if _, err := sendReply(t, newSender(t, tt.cfg), reply()); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := sink.Messages()
			if len(got) != 1 || got[0].TLS != tt.wantTLS {
				t.Errorf("got %d messages (TLS %v), want 1 with TLS %v", len(got), len(got) == 1 && got[0].TLS, tt.wantTLS)
			}
		})
	}
}

// TestSendFailures checks the classification end to end; each case names
// the failure an operator would see.
func TestSendFailures(t *testing.T) {
	tlsOpts := selfSigned(t)
	tests := []struct {
		name     string
		opts     smtpsink.Options
		cfg      Config
		prepare  func(t *testing.T, s *smtpsink.Sink)
		wantTemp bool
		wantCode int
		wantText string
	}{
		{name: "451 at end of data", cfg: Config{TLS: TLSNone},
			prepare:  func(t *testing.T, s *smtpsink.Sink) { failNext(t, s, 451) },
			wantTemp: true, wantCode: 451, wantText: "temporary failure"},
		{name: "550 at end of data", cfg: Config{TLS: TLSNone},
			prepare:  func(t *testing.T, s *smtpsink.Sink) { failNext(t, s, 550) },
			wantTemp: false, wantCode: 550, wantText: "permanent failure"},
		{name: "server down", cfg: Config{TLS: TLSNone},
			prepare:  func(_ *testing.T, s *smtpsink.Sink) { s.Stop() },
			wantTemp: true, wantText: "connect"},
		{name: "wrong password", opts: smtpsink.Options{Username: sinkUser, Password: sinkPass},
			cfg:      Config{TLS: TLSNone, Auth: AuthPlain, Username: sinkUser, Password: StaticPassword("faux")},
			wantTemp: false, wantCode: 535},
		{name: "server without auth", cfg: Config{TLS: TLSNone, Auth: AuthLogin, Username: sinkUser, Password: StaticPassword(sinkPass)},
			wantTemp: false, wantText: "AUTH"},
		{name: "auth required but not configured", opts: smtpsink.Options{Username: sinkUser, Password: sinkPass},
			cfg: Config{TLS: TLSNone}, wantTemp: false, wantCode: 502},
		{name: "starttls not offered", cfg: Config{TLS: TLSStartTLS, InsecureSkipVerify: true},
			wantTemp: false, wantText: "STARTTLS"},
		{name: "implicit tls to a clear-text server", cfg: Config{TLS: TLSImplicit, InsecureSkipVerify: true},
			wantTemp: false},
		{name: "untrusted certificate", opts: tlsOpts, cfg: Config{TLS: TLSStartTLS},
			wantTemp: false, wantText: "certificate"},
		{name: "password unreadable", opts: smtpsink.Options{Username: sinkUser, Password: sinkPass},
			cfg: Config{TLS: TLSNone, Auth: AuthPlain, Username: sinkUser, Password: func(context.Context) (string, error) {
				return "", errors.New("open /run/secrets/smtp: no such file")
			}},
			wantTemp: false, wantText: "read smtp password"},
		{name: "xoauth2 token refused", opts: smtpsink.Options{CheckToken: checkSinkToken},
			cfg:      Config{TLS: TLSNone, Auth: AuthXOAUTH2, Username: sinkUser, Password: StaticPassword("expire")},
			wantTemp: false, wantCode: 535},
		{name: "oauthbearer token refused", opts: smtpsink.Options{CheckToken: checkSinkToken},
			cfg:      Config{TLS: TLSNone, Auth: AuthOAuthBearer, Username: sinkUser, Password: StaticPassword("expire")},
			wantTemp: false, wantCode: 535},
		{name: "token endpoint unreachable", opts: smtpsink.Options{CheckToken: checkSinkToken},
			cfg:      Config{TLS: TLSNone, Auth: AuthXOAUTH2, Username: sinkUser, Password: failingToken(true)},
			wantTemp: true, wantText: "OAuth2"},
		{name: "client refused by token endpoint", opts: smtpsink.Options{CheckToken: checkSinkToken},
			cfg:      Config{TLS: TLSNone, Auth: AuthXOAUTH2, Username: sinkUser, Password: failingToken(false)},
			wantTemp: false, wantText: "OAuth2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := startSink(t, tt.opts)
			tt.cfg.Address = sink.Addr()
			if tt.prepare != nil {
				tt.prepare(t, sink)
			}
			_, err := sendReply(t, newSender(t, tt.cfg), reply())
			checkFailure(t, err, tt.wantTemp, tt.wantCode, tt.wantText)
		})
	}
}

func failNext(t *testing.T, s *smtpsink.Sink, code int) {
	t.Helper()
	if err := s.FailNext(1, code, "injected by the test"); err != nil {
		t.Fatal(err)
	}
}

func checkFailure(t *testing.T, err error, wantTemp bool, wantCode int, wantText string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v (%T), want an *Error", err, err)
	}
	if IsTemporary(err) != wantTemp || e.Code != wantCode {
		t.Errorf("got temporary %v code %d, want %v %d: %v", IsTemporary(err), e.Code, wantTemp, wantCode, err)
	}
	if !strings.Contains(err.Error(), wantText) {
		t.Errorf("got %q, want it to contain %q", err, wantText)
	}
}

// TestSendRetryAfterOutage is the outbox's path: down, then 451, then back.
func TestSendRetryAfterOutage(t *testing.T) {
	sink := startSink(t, smtpsink.Options{})
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone})
	m := reply()
	raw := mustBuild(t, m, time.Now())
	sink.Stop()
	if err := s.Send(testCtx(t), m.Envelope(), raw); !IsTemporary(err) {
		t.Fatalf("while down: got %v, want a temporary error", err)
	}
	if err := sink.Restart(); err != nil {
		t.Fatal(err)
	}
	failNext(t, sink, 451)
	if err := s.Send(testCtx(t), m.Envelope(), raw); !IsTemporary(err) {
		t.Fatalf("greylisted: got %v, want a temporary error", err)
	}
	if err := s.Send(testCtx(t), m.Envelope(), raw); err != nil {
		t.Fatalf("third attempt: %v", err)
	}
	if got := len(sink.Messages()); got != 1 {
		t.Errorf("delivered %d times, want 1", got)
	}
}

// TestSendCancelledMidTransaction: cancelling while the server has not
// answered DATA returns at once with a temporary error. The sink did
// record the message: SMTP cannot tell, and the outbox must accept that a
// retry may deliver twice (RFC 1047).
func TestSendCancelledMidTransaction(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	sink := startSink(t, smtpsink.Options{OnMessage: func(smtpsink.Received) {
		close(arrived)
		<-release
	}})
	defer close(release)
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone})
	m := reply()
	ctx, cancel := context.WithCancel(testCtx(t))
	done := make(chan error, 1)
	go func() { done <- s.Send(ctx, m.Envelope(), mustBuild(t, m, time.Now())) }()
	<-arrived
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) || !IsTemporary(err) {
		t.Errorf("got %v, want a temporary error wrapping context.Canceled", err)
	}
}

func TestSendCancelledBeforeDial(t *testing.T) {
	sink := startSink(t, smtpsink.Options{})
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := reply()
	err := s.Send(ctx, m.Envelope(), mustBuild(t, m, time.Now()))
	if !errors.Is(err, context.Canceled) || !IsTemporary(err) {
		t.Errorf("got %v, want a temporary error wrapping context.Canceled", err)
	}
}

// TestSendIPv6Loopback guards the dialler: go-mail alone would dial
// "::1:port".
func TestSendIPv6Loopback(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback here: %v", err)
	}
	_ = ln.Close()
	sink := startSink(t, smtpsink.Options{Addr: "[::1]:0"})
	if _, err := sendReply(t, newSender(t, Config{Address: sink.Addr(), TLS: TLSNone}), reply()); err != nil {
		t.Fatalf("Send to %s: %v", sink.Addr(), err)
	}
}

func TestSendRejectsBadEnvelope(t *testing.T) {
	s := newSender(t, Config{Address: "127.0.0.1:1", TLS: TLSNone})
	tests := []struct {
		name string
		env  Envelope
		raw  []byte
	}{
		{"no sender", Envelope{To: []string{"a@example.org"}}, []byte("x\r\n")},
		{"no recipient", Envelope{From: "bot@example.org"}, []byte("x\r\n")},
		{"command injection", Envelope{From: "bot@example.org", To: []string{"a@example.org>\r\nRCPT TO:<b@example.org"}}, []byte("x\r\n")},
		{"empty message", Envelope{From: "bot@example.org", To: []string{"a@example.org"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Send(context.Background(), tt.env, tt.raw)
			if err == nil || IsTemporary(err) {
				t.Errorf("got %v, want a permanent error", err)
			}
		})
	}
}

func TestSendConcurrent(t *testing.T) {
	sink := startSink(t, smtpsink.Options{})
	s := newSender(t, Config{Address: sink.Addr(), TLS: TLSNone})
	const n = 6
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			m := reply()
			m.MessageID = fmt.Sprintf("<r%d@mailbot.example.org>", i)
			errs <- s.Send(testCtx(t), m.Envelope(), mustBuild(t, m, time.Now()))
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := len(sink.Messages()); got != n {
		t.Errorf("received %d, want %d", got, n)
	}
}
