package benchmark

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"mailbot/mailbot/dovecottest"
)

// Dovecot starts a throwaway Dovecot 2.3 on loopback (mailbot/dovecottest:
// Maildir in a temporary folder, IMAP and LMTP on free ports), runs f with
// it as the Server, mail delivered over LMTP, then stops it.
func Dovecot(f func(*Server) error) (err error) {
	h := &harness{}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stopRun); !ok {
				panic(r)
			}
			err = fmt.Errorf("bench: Dovecot: %s", h.msg)
		}
		h.cleanup()
	}()
	// Dovecot's users are the local parts of the addresses.
	srv := dovecottest.Start(h, dovecottest.Options{Users: []string{"epreuves-btp", "floor"}})
	return f(&Server{Name: "Dovecot (LMTP delivery)", Addr: srv.IMAPAddr(), Username: "epreuves-btp", FloorUsername: "floor", Password: dovecottest.Password, FloorBacklog: true,
		Deliver: func(ctx context.Context, raw []byte, to ...string) error {
			return srv.Deliver(ctx, "centre@centre.example.org", to, raw)
		}})
}

// harness stands for the testing.TB that dovecottest is written for,
// outside a test: Fatal and Skip end the run with the message, Cleanup
// runs at its end.
type harness struct {
	testing.TB // nil: only the methods below are called
	cleanups   []func()
	dirs       []string
	msg        string
}

// stopRun is the panic of Fatal and Skip, recovered by Dovecot.
type stopRun struct{}

func (h *harness) Helper()                   {}
func (h *harness) Failed() bool              { return h.msg != "" }
func (h *harness) Cleanup(f func())          { h.cleanups = append(h.cleanups, f) }
func (h *harness) Logf(string, ...any)       {}
func (h *harness) Fatal(args ...any)         { h.stop(fmt.Sprint(args...)) }
func (h *harness) Fatalf(f string, a ...any) { h.stop(fmt.Sprintf(f, a...)) }
func (h *harness) Skip(args ...any)          { h.stop(fmt.Sprint(args...)) }

func (h *harness) stop(msg string) {
	h.msg = msg
	panic(stopRun{})
}

func (h *harness) TempDir() string {
	dir, err := os.MkdirTemp("", "mailbot-bench-dovecot-")
	if err != nil {
		h.Fatal(err)
	}
	h.dirs = append(h.dirs, dir)
	return dir
}

func (h *harness) cleanup() {
	for _, f := range slices.Backward(h.cleanups) {
		f()
	}
	for _, d := range h.dirs {
		os.RemoveAll(d) // a leftover temporary folder is harmless
	}
}
