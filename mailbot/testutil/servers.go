package testutil

import (
	"net"
	"testing"

	"mailbot/mailbot/memimap"
	"mailbot/mailbot/smtpsink"
)

// IMAP starts an embedded IMAP server whose users sign in with Password,
// closed when the test ends.
func IMAP(t testing.TB, users ...string) *memimap.Server {
	t.Helper()
	var list []memimap.User
	for _, u := range users {
		list = append(list, memimap.User{Username: u, Password: Password})
	}
	s, err := memimap.Start(memimap.Options{Users: list})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Sink starts an SMTP sink, closed when the test ends.
func Sink(t testing.TB) *smtpsink.Sink {
	t.Helper()
	s, err := smtpsink.Start(smtpsink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// ClosedPort is a loopback address where nothing listens any more: a
// configuration pointed at it proves that nothing dials out.
func ClosedPort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
