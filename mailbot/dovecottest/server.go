package dovecottest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
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

// startTimeout bounds how long Dovecot may take to greet.
const startTimeout = 15 * time.Second

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

// Dir is the directory holding dovecot.conf, dovecot.log and the mail.
func (s *Server) Dir() string { return s.l.dir }

// Start starts a stopped server again, on the same ports and with the
// same mail; Start (the function) has already started it once.
func (s *Server) Start() {
	s.t.Helper()
	if s.cmd != nil {
		return
	}
	if err := s.launch(); err != nil {
		s.t.Fatal(err)
	}
}

func (s *Server) launch() error {
	errFile, err := os.Create(s.l.startErr())
	if err != nil {
		return fmt.Errorf("dovecottest: %w", err)
	}
	defer errFile.Close()
	// -F keeps the master in the foreground: it is our child, waited for.
	cmd := exec.Command(s.bin.dovecot, "-F", "-c", s.l.conf())
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}
	cmd.Stdout, cmd.Stderr = errFile, errFile
	cmd.SysProcAttr = s.acct.sysProcAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("dovecottest: start %s: %w", s.bin.dovecot, err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	s.cmd, s.exited = cmd, exited
	if err := s.waitReady(); err != nil {
		s.kill()
		return err
	}
	return nil
}

// waitReady waits until both listeners greet.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	for {
		select {
		case <-s.exited:
			return fmt.Errorf("dovecottest: dovecot exited at start: %s\n%s", tail(s.l.startErr(), 20), tail(s.l.log(), 20))
		default:
		}
		imapErr := greets(s.imap, "* OK")
		lmtpErr := greets(s.lmtp, "220 ")
		if imapErr == nil && lmtpErr == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("dovecottest: dovecot did not greet within %v: %w\n%s", startTimeout, errors.Join(imapErr, lmtpErr), tail(s.l.log(), 20))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// greets connects to addr and checks the first line starts with prefix.
func greets(addr, prefix string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return fmt.Errorf("greeting from %s: %w", addr, err)
	}
	if !strings.HasPrefix(line, prefix) {
		return fmt.Errorf("greeting from %s: got %q, want %q", addr, line, prefix)
	}
	return nil
}

// Stop stops the server: every IMAP and LMTP connection is closed and the
// ports refuse connections until Start. The mail stays.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	cmd, exited := s.cmd, s.exited
	s.cmd, s.exited = nil, nil
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
	// The master is gone; its children must not keep a port bound.
	if err := waitClosed(s.imap, s.lmtp); err != nil {
		s.t.Fatal(err)
	}
}

// kill ends the server at once, with every process it started: at the
// end of a test a clean shutdown only costs time (over a second).
func (s *Server) kill() {
	if s.cmd == nil {
		return
	}
	// Our own process group (Setpgid): the master and its children.
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.exited
	s.cmd, s.exited = nil, nil
}

// waitClosed waits until no one accepts on addrs.
func waitClosed(addrs ...string) error {
	deadline := time.Now().Add(10 * time.Second)
	for _, a := range addrs {
		for {
			c, err := net.DialTimeout("tcp", a, time.Second)
			if err != nil {
				break
			}
			c.Close()
			if time.Now().After(deadline) {
				return fmt.Errorf("dovecottest: %s still accepts connections after dovecot stopped", a)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	return nil
}

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

// tail returns the last n lines of a file, or why it cannot.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// run runs a Dovecot tool (doveadm) as the server's account.
func (s *Server) run(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, append([]string{"-c", s.l.conf()}, args...)...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}
	cmd.SysProcAttr = s.acct.sysProcAttr()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("dovecottest: %s %s: %w: %s", name, strings.Join(args, " "), err, out)
	}
	return nil
}
