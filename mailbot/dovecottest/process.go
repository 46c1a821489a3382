package dovecottest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// startTimeout bounds how long Dovecot may take to greet.
const startTimeout = 15 * time.Second

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

// Stop shuts the server down cleanly (SIGTERM): IMAP clients get a BYE,
// every connection is closed, and the ports refuse connections until
// Start. The mail stays.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	cmd, exited := s.cmd, s.exited
	s.cmd, s.exited = nil, nil
	// The whole process group (Setpgid): told alone, the master exits
	// but leaves IMAP processes serving their clients for seconds.
	syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
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
