package dovecottest

import (
	"os"
	"os/exec"
	"testing"

	"mailbot/mailbot/sharedtest"
)

// binaries are the Dovecot programs a Server runs.
type binaries struct {
	dovecot, doveadm string
}

// lookBinaries finds Dovecot, also in /usr/sbin which a user's PATH may
// lack. Without it the test is skipped, or failed when CI=true: CI must
// not pass by skipping what it was meant to run.
func lookBinaries(t testing.TB) binaries {
	t.Helper()
	var b binaries
	for _, p := range []struct {
		dst  *string
		name string
	}{{&b.dovecot, "dovecot"}, {&b.doveadm, "doveadm"}} {
		*p.dst = find(p.name)
		if *p.dst != "" {
			continue
		}
		const msg = "%s not found: install dovecot-imapd dovecot-lmtpd dovecot-sieve to run the Dovecot tests"
		sharedtest.Missing(t, msg, p.name)
	}
	return b
}

func find(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin/", "/usr/bin/"} {
		if fi, err := os.Stat(dir + name); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return dir + name
		}
	}
	return ""
}
