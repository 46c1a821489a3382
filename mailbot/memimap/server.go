package memimap

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

// Folders every user has.
const (
	Inbox = "INBOX"
	Sent  = "Sent"
)

var (
	// ErrUnknownUser is returned for a username that Options.Users lacks.
	ErrUnknownUser = errors.New("memimap: unknown user")
	// ErrStopped is returned by Stop when the server is not running.
	ErrStopped = errors.New("memimap: server is stopped")
	// ErrRunning is returned by Restart when the server is already running.
	ErrRunning = errors.New("memimap: server is already running")
)

// User is one account of the server.
type User struct {
	Username string
	Password string
}

// Options configures Start. The zero value runs a server without users.
type Options struct {
	// Users are the accounts; each gets INBOX, Sent and Folders.
	Users []User
	// Folders are created for every user besides INBOX and Sent.
	Folders []string
	// CheckToken, if set, also lets users sign in with AUTHENTICATE XOAUTH2
	// or OAUTHBEARER (RFC 7628): it is given the username and the bearer
	// token and returns nil to accept them. LOGIN and PLAIN stay.
	CheckToken func(username, token string) error
	// TLSConfig, if set, offers STARTTLS (RFC 9051 section 6.2.1).
	// Plaintext LOGIN stays allowed either way: the server is on loopback.
	TLSConfig *tls.Config
	// Logger receives the server's own error messages. Nil means slog.Default().
	Logger *slog.Logger
}

// Server is a running in-memory IMAP server. Its mailboxes outlive Stop and
// Restart; they go away with the Server.
type Server struct {
	opts     Options
	accounts map[string]*account // immutable after Start

	mu       sync.Mutex
	addr     string
	srv      *imapserver.Server // nil while stopped
	ln       net.Listener
	done     chan struct{} // closed when the current Serve returns
	conns    map[string]map[*imapserver.Conn]struct{}
	commands map[string]int // by folder and command, see Commands
}

// Start creates the users and their folders and serves IMAP on 127.0.0.1 at
// a free port.
func Start(opts Options) (*Server, error) {
	s := &Server{
		opts:     opts,
		accounts: make(map[string]*account),
		conns:    make(map[string]map[*imapserver.Conn]struct{}),
	}
	for _, u := range opts.Users {
		if err := s.addUser(u); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("memimap: listen on loopback: %w", err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	return s, nil
}

func (s *Server) addUser(u User) error {
	if u.Username == "" {
		return errors.New("memimap: Options.Users: empty username")
	}
	if _, dup := s.accounts[u.Username]; dup {
		return fmt.Errorf("memimap: Options.Users: duplicate username %q", u.Username)
	}
	mu := imapmemserver.NewUser(u.Username, u.Password)
	for _, name := range append([]string{Inbox, Sent}, s.opts.Folders...) {
		if err := mu.Create(name, nil); err != nil {
			return fmt.Errorf("memimap: create folder %q for %q: %w", name, u.Username, err)
		}
	}
	s.accounts[u.Username] = &account{User: u, mem: mu}
	return nil
}

// account is a user with its in-memory mailboxes.
type account struct {
	User
	mem *imapmemserver.User
}

func (s *Server) account(username string) (*account, error) {
	a := s.accounts[username]
	if a == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownUser, username)
	}
	return a, nil
}

// serve starts an imapserver on ln; the caller holds no lock.
func (s *Server) serve(ln net.Listener) {
	logger := s.opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession:   s.newSession,
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		TLSConfig:    s.opts.TLSConfig,
		InsecureAuth: true,
		Logger:       slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	})
	done := make(chan struct{})
	s.mu.Lock()
	s.srv, s.ln, s.done = srv, ln, done
	s.mu.Unlock()
	go func() {
		defer close(done)
		err := srv.Serve(ln)
		s.mu.Lock()
		stopped := s.srv != srv
		s.mu.Unlock()
		if err != nil && !stopped {
			logger.Error("memimap: serve stopped", "addr", ln.Addr().String(), "err", err)
		}
	}()
}

// Commands is how many commands named command (SEARCH, FETCH, FETCH
// BODY[] for those that download whole messages) the server
// has answered in folder, any user's: tests check that a client makes no
// more round trips, nor passes over a folder, than it needs.
func (s *Server) Commands(folder, command string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[folder+" "+command]
}

func (s *Server) count(folder, command string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.commands == nil {
		s.commands = map[string]int{}
	}
	s.commands[folder+" "+command]++
}

// Addr is the host:port the server listens on; it stays the same across
// Stop and Restart.
func (s *Server) Addr() string {
	return s.addr
}

// Stop closes the listener and every connection, keeping the mailboxes.
func (s *Server) Stop() error {
	s.mu.Lock()
	srv, ln, done := s.srv, s.ln, s.done
	s.srv = nil
	s.mu.Unlock()
	if srv == nil {
		return ErrStopped
	}
	// imapserver.Server.Close only closes listeners that Serve has already
	// registered; a Stop right after Start would leak ln and its port.
	// Closing ln too covers that race.
	err := srv.Close()
	ln.Close()
	<-done
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("memimap: stop: %w", err)
	}
	return nil
}

// Restart serves again on the address of the stopped server.
func (s *Server) Restart() error {
	s.mu.Lock()
	running := s.srv != nil
	s.mu.Unlock()
	if running {
		return ErrRunning
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("memimap: listen again on %s: %w", s.addr, err)
	}
	s.serve(ln)
	return nil
}

// Close stops the server if it runs. It is safe to call more than once.
func (s *Server) Close() error {
	if err := s.Stop(); err != nil && !errors.Is(err, ErrStopped) {
		return err
	}
	return nil
}
