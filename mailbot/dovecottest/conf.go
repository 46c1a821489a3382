package dovecottest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Password is every user's password.
const Password = "secret"

// confTemplate is a minimal Dovecot 2.3 configuration: plaintext IMAP and
// LMTP on loopback, passwd-file users, Maildir, Sieve on delivery. The
// %[n]s verbs are filled by writeConf.
const confTemplate = `# Written by mailbot/dovecottest for one test; removed with it.
base_dir = %[1]s
state_dir = %[1]s/state
log_path = %[2]s/dovecot.log
default_internal_user = %[3]s
default_internal_group = %[4]s
default_login_user = %[3]s
listen = 127.0.0.1
protocols = imap lmtp
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests do not survive a power cut; fsync only slows them down.
mail_fsync = never
passdb {
  driver = passwd-file
  args = username_format=%%n %[2]s/users
}
userdb {
  driver = passwd-file
  args = username_format=%%n %[2]s/users
}
mail_location = maildir:~/Maildir
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = %[5]d
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = %[6]d
  }
}
protocol lmtp {
  mail_plugins = $mail_plugins sieve
  postmaster_address = postmaster@dovecottest.invalid
}
# Sieve sends vacation replies here (RFC 5230): a test's SMTP sink.
submission_host = %[7]s
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
  sieve_vacation_min_period = 0
}
`

// layout is where a server keeps its files.
type layout struct {
	dir    string // the test's temporary directory: configuration, log, mail
	runDir string // base_dir, short because it holds Unix sockets
}

func (l layout) conf() string               { return filepath.Join(l.dir, "dovecot.conf") }
func (l layout) log() string                { return filepath.Join(l.dir, "dovecot.log") }
func (l layout) home(user string) string    { return filepath.Join(l.dir, "mail", user) }
func (l layout) startErr() string           { return filepath.Join(l.dir, "start.err") }
func (l layout) maildir(user string) string { return filepath.Join(l.home(user), "Maildir") }

// writeUsers writes the passwd-file: name:password:uid:gid:gecos:home.
// Empty uid and gid make Dovecot keep its own (it runs as one account).
func (l layout) writeUsers(users []string) error {
	var b strings.Builder
	for _, u := range users {
		if u == "" || strings.ContainsAny(u, ":@/\n") {
			return fmt.Errorf("dovecottest: user %q: want a plain local part", u)
		}
		fmt.Fprintf(&b, "%s:{PLAIN}%s::::%s::\n", u, Password, l.home(u))
		if err := os.MkdirAll(l.home(u), 0o700); err != nil {
			return fmt.Errorf("dovecottest: home of %s: %w", u, err)
		}
	}
	return os.WriteFile(filepath.Join(l.dir, "users"), []byte(b.String()), 0o600)
}

// writeConf writes dovecot.conf for the given ports and submission host.
func (l layout) writeConf(acct account, imapPort, lmtpPort int, submission string) error {
	text := fmt.Sprintf(confTemplate, l.runDir, l.dir, acct.user, acct.group, imapPort, lmtpPort, submission)
	if err := os.WriteFile(l.conf(), []byte(text), 0o644); err != nil {
		return fmt.Errorf("dovecottest: write configuration: %w", err)
	}
	return nil
}
