package dovecottest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// DefaultUsers are the four sector mailboxes and two training centres.
var DefaultUsers = []string{
	"epreuves-btp", "epreuves-industrie", "epreuves-tertiaire", "epreuves-ccp",
	"centre1", "centre2",
}

// Options configures Start. The zero value serves DefaultUsers and sends
// Sieve's mail nowhere.
type Options struct {
	// Users are local parts; any domain reaches them (user@anything logs
	// in and receives mail as user). Nil means DefaultUsers.
	Users []string
	// Submission is the SMTP host:port where Sieve sends its mail
	// (vacation replies). Empty means a closed port: that mail is lost.
	Submission string
}

// Server is a running Dovecot. Its methods that return no error fail the
// test instead and must be called from the test's goroutine.
type Server struct {
	t    testing.TB
	acct account
	l    layout
	imap string
	lmtp string
	bin  binaries

	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has been waited for
}

// Start starts Dovecot for t and stops it when t ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	bin := lookBinaries(t)
	s := &Server{t: t, bin: bin, l: layout{dir: t.TempDir()}}
	if err := s.prepare(opts); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("dovecot log (%s):\n%s", s.l.log(), tail(s.l.log(), 40))
		}
		s.kill()
	})
	s.Start()
	return s
}

// prepare writes users, homes and configuration, and hands them to the
// account Dovecot runs as.
func (s *Server) prepare(opts Options) error {
	acct, err := runAccount()
	if err != nil {
		return fmt.Errorf("dovecottest: %w", err)
	}
	s.acct = acct
	// Unix socket paths are limited to about 108 bytes: keep base_dir
	// short whatever the test's name.
	if s.l.runDir, err = os.MkdirTemp("", "dovecot"); err != nil {
		return fmt.Errorf("dovecottest: run directory: %w", err)
	}
	s.t.Cleanup(func() { os.RemoveAll(s.l.runDir) })
	// Dovecot wants base_dir world-readable, as login processes reach it.
	if err := os.Chmod(s.l.runDir, 0o755); err != nil {
		return fmt.Errorf("dovecottest: run directory: %w", err)
	}
	users := opts.Users
	if users == nil {
		users = DefaultUsers
	}
	if err := s.l.writeUsers(users); err != nil {
		return err
	}
	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	s.imap = net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))
	s.lmtp = net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))
	submission := opts.Submission
	if submission == "" {
		submission = "127.0.0.1:9" // discard: nobody listens there
	}
	if err := s.l.writeConf(acct, ports[0], ports[1], submission); err != nil {
		return err
	}
	for _, dir := range []string{s.l.dir, s.l.runDir} {
		if err := errors.Join(acct.openAncestors(dir), acct.ownTree(dir)); err != nil {
			return fmt.Errorf("dovecottest: %w", err)
		}
	}
	return nil
}

// IMAPAddr is the plaintext IMAP host:port.
func (s *Server) IMAPAddr() string { return s.imap }

// LMTPAddr is the LMTP host:port (RFC 2033).
func (s *Server) LMTPAddr() string { return s.lmtp }

// Dir is the test's Dovecot directory (configuration, log, mail), for
// tests that add to the configuration before a restart.
func (s *Server) Dir() string { return s.l.dir }

// freePorts asks the kernel for n unused loopback ports. Another process
// could take one before Dovecot binds it; Start then fails loudly.
func freePorts(n int) ([]int, error) {
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("dovecottest: find a free port: %w", err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
