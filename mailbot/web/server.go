package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/metrics"
	"mailbot/state"
)

// Actions are the agents' actions; *bot.Bot implements them.
type Actions interface {
	Approve(id, agent string) error
	EditAndSend(id, agent, text string) error
	Discard(id, agent string) error
	MarkDone(convID, agent string) error
	AddNote(convID, agent, text string) error
	Reassign(convID, sector, agent string) error
	Reclassify(ctx context.Context, convID, category, agent string) error
	// RelayAsIs relays, unchanged, an answer that failed the engineer
	// checks, once an agent has checked it.
	RelayAsIs(convID string, entry int, agent string) error
}

// Options wire a Server. Store, Bot and Config are required.
type Options struct {
	Store *state.Store
	Bot   Actions
	// Mailboxes returns the watchers' states (nil: none shown).
	Mailboxes func() []MailboxHealth
	Config    config.Web
	// Sectors are the configured sectors (default: all four).
	Sectors []string
	// Calendar counts working days (default: holidays only).
	Calendar *calendar.Calendar
	// Metrics is served at /metrics (nil: 404).
	Metrics *metrics.Metrics
	Clock   func() time.Time
	Logger  *slog.Logger
}

// Server is the dashboard.
type Server struct {
	o        Options
	log      *slog.Logger
	proxies  []netip.Prefix
	users    atomic.Pointer[accounts]
	sessions *sessions
	limiter  *limiter
	// loginKey signs the sign-in form's tokens (random at each start).
	loginKey []byte
	// metricsToken opens /metrics and the full /healthz ("": agents only).
	metricsToken   string
	metricsHandler http.Handler
	pages          *pages
	handler        http.Handler
}

// New checks the options and builds the dashboard; nothing listens yet.
func New(o Options) (*Server, error) {
	if o.Store == nil || o.Bot == nil {
		return nil, errors.New("web: Store and Bot are required")
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Mailboxes == nil {
		o.Mailboxes = func() []MailboxHealth { return nil }
	}
	if len(o.Sectors) == 0 {
		o.Sectors = config.Sectors
	}
	if o.Calendar == nil {
		cal, err := calendar.New(calendar.Options{})
		if err != nil {
			return nil, fmt.Errorf("web: calendar: %w", err)
		}
		o.Calendar = cal
	}
	if o.Config.SessionLifetime <= 0 {
		o.Config.SessionLifetime = config.DefaultSessionLifetime
	}
	s := &Server{o: o, log: o.Logger, limiter: newLimiter(o.Clock), loginKey: make([]byte, 32), metricsHandler: metricsHandler(o.Metrics)}
	_, _ = rand.Read(s.loginKey) // crypto/rand.Read never fails (Go 1.24+)
	var err error
	if s.metricsToken, err = o.Config.ResolveMetricsToken(); err != nil {
		return nil, fmt.Errorf("web.metrics_token: %w", err)
	}
	for i, p := range o.Config.TrustedProxies {
		pr, err := config.ParsePrefix(p)
		if err != nil {
			return nil, fmt.Errorf("web.trusted_proxies[%d]: %w", i, err)
		}
		s.proxies = append(s.proxies, pr)
	}
	s.SetUsers(o.Config.Users)
	if len(o.Config.Users) == 0 && o.Config.TrustedHeader == "" {
		s.log.Warn("dashboard: no web.user and no web.trusted_header: nobody can sign in")
	}
	s.sessions = newSessions(o.Config.SessionLifetime, o.Clock)
	pages, err := loadPages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	s.handler = secureHeaders(s.knownClient(s.routes()))
	return s, nil
}

// Handler serves the dashboard (for tests and for a caller's own server).
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers on ln until ctx is done, then shuts down gracefully. It
// serves HTTPS when web.tls_cert_file is set. It also logs, at error
// level, each mailbox that stays unreachable for web.unreachable_after.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	// The watch and the shutdown end with Serve, also when it fails at
	// once (a bad TLS file): the error must surface now, not at exit.
	ctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.watchMailboxes(ctx)
	}()
	defer func() { stop(); <-done }()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	var err error
	if c := s.o.Config; c.TLSCertFile != "" {
		err = srv.ServeTLS(ln, c.TLSCertFile, c.TLSKeyFile)
	} else {
		err = srv.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("dashboard: %w", err)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /metrics", s.metrics)
	mux.HandleFunc("GET /connexion", s.loginPage)
	mux.HandleFunc("POST /connexion", s.login)
	mux.HandleFunc("POST /deconnexion", s.action(s.logout))
	mux.HandleFunc("GET /{$}", s.authed(s.triage))
	mux.HandleFunc("GET /conversation/{id}", s.authed(s.conversation))
	mux.HandleFunc("POST /conversation/{id}/reclasser", s.action(s.reclassify))
	mux.HandleFunc("POST /conversation/{id}/secteur", s.action(s.reassign))
	mux.HandleFunc("POST /conversation/{id}/clore", s.action(s.markDone))
	mux.HandleFunc("POST /conversation/{id}/note", s.action(s.addNote))
	mux.HandleFunc("POST /conversation/{id}/relayer", s.action(s.relayAsIs))
	mux.HandleFunc("POST /conversation/{id}/envoi/{out}/{verb}", s.action(s.outgoing))
	mux.HandleFunc("GET /statistiques", s.authed(s.stats))
	mux.HandleFunc("GET /sante", s.authed(s.health))
	mux.HandleFunc("/", s.authed(s.notFound))
	return mux
}
