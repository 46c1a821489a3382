package imapwatch

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

// TLSMode says how the connection to the server is secured.
type TLSMode string

const (
	// TLSImplicit starts TLS before any IMAP byte, usually on port 993
	// (RFC 8314 section 3.3).
	TLSImplicit TLSMode = "implicit"
	// TLSStartTLS upgrades a plaintext connection with STARTTLS
	// (RFC 9051 section 6.2.1).
	TLSStartTLS TLSMode = "starttls"
	// TLSNone sends everything, password included, in clear: for loopback
	// tests and `mailbot demo` only.
	TLSNone TLSMode = "none"
)

// Options configures Run. Required: Name, Address, Handler, Cursors, and
// either Auth or Username with Password. Zero values elsewhere mean the
// defaults given on each field.
type Options struct {
	// Name identifies the mailbox (the sector) in logs, Status, Fetched and
	// Cursors.
	Name string
	// Address is the server's host:port.
	Address string
	// TLS is how the connection is secured. Empty means TLSImplicit.
	TLS TLSMode
	// TLSConfig is used by TLSImplicit and TLSStartTLS. Nil means the
	// system roots; an empty ServerName means Address's host.
	TLSConfig *tls.Config
	// Dial opens the TCP connection. Nil means a net.Dialer.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
	// DialTimeout bounds connecting: TCP, TLS, greeting and authentication.
	// Zero means 30 s.
	DialTimeout time.Duration

	// Username and Password are used by the default Auth. Password is
	// called at each connection, so a rotated secret is picked up.
	Username string
	Password func(ctx context.Context) (string, error)
	// Auth authenticates a new connection. Nil means LOGIN with Username
	// and Password (RFC 9051 section 6.2.3); set it for SASL mechanisms
	// such as XOAUTH2.
	Auth func(ctx context.Context, c *imapclient.Client) error
	// SessionDeadline, if set, is called after each successful Auth and
	// returns when that session must end: the watcher then logs out and
	// at once opens a new session, which authenticates afresh. It is for
	// OAuth2 tokens, which Microsoft 365 checks on open sessions too,
	// ending them with "AccessTokenExpired". A zero or past time means no
	// deadline.
	SessionDeadline func() time.Time

	// Folder is the watched folder. Empty means INBOX.
	Folder string
	// DoneKeyword marks a message whose decision is committed
	// (RFC 9051 section 2.3.2). Empty means "$MailbotDone".
	DoneKeyword string
	// MoveTo, if set, is the folder a marked message is then moved to
	// (MOVE, RFC 6851). The keyword is set first, so a failed move leaves
	// the message marked where it was.
	MoveTo string

	// IdleRestart is the longest an IDLE command runs before it is ended,
	// the folder checked, and IDLE issued again. RFC 2177 asks for at most
	// 29 min; shorter finds a silently dead connection sooner. Zero means
	// 4 min.
	IdleRestart time.Duration
	// PollInterval is the longest between two checks of the folder: a
	// fallback for servers whose IDLE misses mail, and the only trigger on
	// servers without IDLE. Zero means 1 min.
	PollInterval time.Duration
	// CommandTimeout is how long a command may make no progress before the
	// connection is taken for dead. Zero means 1 min.
	CommandTimeout time.Duration
	// BackoffMin and BackoffMax bound the wait before reconnecting, which
	// doubles after each failed session, with full jitter. Zero means 1 s
	// and 2 min.
	BackoffMin time.Duration
	BackoffMax time.Duration

	// MaxAttempts is how many times the handler may fail on one message,
	// for reasons that are not the message's (a busy state file), before
	// it is skipped: logged as an error and left unmarked until Run
	// starts again. Zero means 5.
	MaxAttempts int
	// QuarantineAfter is how many attempts on one message may crash the
	// process, panic the handler or fail with ErrBadMessage before the
	// message is given to Quarantine instead. Zero means 2.
	QuarantineAfter int
	// MaxMessageSize is the largest message handed to the handler; a
	// larger one goes to Quarantine, its body never fetched. Zero means
	// 64 MiB.
	MaxMessageSize int64
	// FetchTimeout bounds one download, however steadily it progresses:
	// a run of messages of at most 1 MiB together, or one larger message.
	// Zero means 10 min.
	FetchTimeout time.Duration
	// SpoolDir is where a message larger than 1 MiB waits, in an unlinked
	// file, between its download and the handler. Empty means
	// os.TempDir().
	SpoolDir string

	// Cursors keeps the position between runs.
	Cursors Cursors
	// HandlerSavesPosition says that the Handler saves Fetched.Position
	// durably before it returns nil, with its decision in one
	// transaction: the watcher then does not save the position before
	// each batch when the position the handler saved already covers the
	// batch (see Position.Next), and a message costs one write instead
	// of two when mail comes one message at a time.
	HandlerSavesPosition bool
	// Handler decides on each message.
	Handler Handler
	// Quarantine records a message that is not handed to Handler (see
	// Quarantined) and returns nil once that is durable; the watcher then
	// marks it. Nil means such a message is logged and left unmarked
	// until Run starts again.
	Quarantine func(ctx context.Context, q Quarantined) error
	// OnStatus, if set, receives every change of Status. It is called from
	// Run's goroutine and must return quickly.
	OnStatus func(Status)
	// Logger receives the watcher's logs. Nil means slog.Default().
	Logger *slog.Logger
}

// withDefaults returns a copy of o with defaults applied, or an error
// naming the first unusable field.
func (o Options) withDefaults() (Options, error) {
	setDefault(&o.TLS, TLSImplicit)
	setDefault(&o.DialTimeout, 30*time.Second)
	setDefault(&o.Folder, "INBOX")
	setDefault(&o.DoneKeyword, "$MailbotDone")
	setDefault(&o.IdleRestart, 4*time.Minute)
	setDefault(&o.PollInterval, time.Minute)
	setDefault(&o.CommandTimeout, time.Minute)
	setDefault(&o.BackoffMin, time.Second)
	setDefault(&o.BackoffMax, 2*time.Minute)
	setDefault(&o.MaxAttempts, 5)
	setDefault(&o.QuarantineAfter, 2)
	setDefault(&o.MaxMessageSize, 64<<20)
	setDefault(&o.FetchTimeout, 10*time.Minute)
	if o.Dial == nil {
		o.Dial = (&net.Dialer{}).DialContext
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Auth == nil {
		if o.Password == nil {
			return o, invalid("Password", "is nil and so is Auth")
		}
		if o.Username == "" {
			return o, invalid("Username", "is empty and Auth is nil")
		}
		o.Auth = login(o.Username, o.Password)
	}
	return o, o.validate()
}

func (o *Options) validate() error {
	switch {
	case o.Name == "":
		return invalid("Name", "is empty")
	case o.TLS != TLSImplicit && o.TLS != TLSStartTLS && o.TLS != TLSNone:
		return invalid("TLS", fmt.Sprintf("is %q, want implicit, starttls or none", o.TLS))
	case o.BackoffMin > o.BackoffMax:
		return invalid("BackoffMin", "is above BackoffMax")
	}
	if _, _, err := net.SplitHostPort(o.Address); err != nil {
		return invalid("Address", fmt.Sprintf("%q is not host:port", o.Address))
	}
	for name, d := range map[string]time.Duration{
		"DialTimeout": o.DialTimeout, "IdleRestart": o.IdleRestart,
		"PollInterval": o.PollInterval, "CommandTimeout": o.CommandTimeout,
		"BackoffMin": o.BackoffMin, "FetchTimeout": o.FetchTimeout,
	} {
		if d < 0 {
			return invalid(name, "is negative")
		}
	}
	if o.MaxAttempts < 0 {
		return invalid("MaxAttempts", "is negative")
	}
	if o.QuarantineAfter < 0 {
		return invalid("QuarantineAfter", "is negative")
	}
	if o.MaxMessageSize < 0 {
		return invalid("MaxMessageSize", "is negative")
	}
	return nil
}

func invalid(field, problem string) error {
	return fmt.Errorf("%w: Options.%s %s", ErrInvalidOptions, field, problem)
}

// setDefault replaces the zero value of *v with def.
func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// login is the default Auth: LOGIN, which RFC 9051 section 6.2.3 allows
// only over TLS (TLSNone is for loopback).
func login(username string, password func(context.Context) (string, error)) func(context.Context, *imapclient.Client) error {
	return func(ctx context.Context, c *imapclient.Client) error {
		pw, err := password(ctx)
		if err != nil {
			return fmt.Errorf("get password: %w", err)
		}
		if err := c.Login(username, pw).Wait(); err != nil {
			return fmt.Errorf("LOGIN as %q: %w", username, err)
		}
		return nil
	}
}
