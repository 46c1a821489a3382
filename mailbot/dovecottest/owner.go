package dovecottest

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// account is the system account Dovecot runs as and owns its files with.
type account struct {
	user, group string
	uid, gid    int
	// chown is set when the test runs as root and files it writes must be
	// handed to the account.
	chown bool
}

// runAccount is the current account, or nobody when running as root.
func runAccount() (account, error) {
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			return account{}, fmt.Errorf("look up the current user: %w", err)
		}
		return lookupAccount(u, false)
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		return account{}, fmt.Errorf("running as root needs a nobody account for Dovecot: %w", err)
	}
	return lookupAccount(u, true)
}

func lookupAccount(u *user.User, chown bool) (account, error) {
	g, err := user.LookupGroupId(u.Gid)
	if err != nil {
		return account{}, fmt.Errorf("look up group %s of %s: %w", u.Gid, u.Username, err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return account{}, fmt.Errorf("uid of %s: %w", u.Username, err)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return account{}, fmt.Errorf("gid of %s: %w", u.Username, err)
	}
	return account{user: u.Username, group: g.Name, uid: uid, gid: gid, chown: chown}, nil
}

// sysProcAttr runs a child process as the account, in a process group of
// its own so that a stuck Dovecot can be killed with its children.
func (a account) sysProcAttr() *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if a.chown {
		attr.Credential = &syscall.Credential{Uid: uint32(a.uid), Gid: uint32(a.gid), Groups: []uint32{}}
	}
	return attr
}

// own gives path (not following a symbolic link) to the account.
func (a account) own(path string) error {
	if !a.chown {
		return nil
	}
	if err := os.Lchown(path, a.uid, a.gid); err != nil {
		return fmt.Errorf("give %s to %s: %w", path, a.user, err)
	}
	return nil
}

// ownTree gives everything under root to the account.
func (a account) ownTree(root string) error {
	if !a.chown {
		return nil
	}
	return filepath.WalkDir(root, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return a.own(path)
	})
}

// openAncestors lets the account reach dir: t.TempDir() makes 0700
// directories owned by root, so the search bit is added where missing.
func (a account) openAncestors(dir string) error {
	if !a.chown {
		return nil
	}
	for p := filepath.Dir(dir); p != filepath.Dir(p); p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("reach %s: %w", dir, err)
		}
		if fi.Mode().Perm()&0o001 != 0 {
			continue
		}
		if err := os.Chmod(p, fi.Mode().Perm()|0o001); err != nil {
			return fmt.Errorf("let %s reach %s: %w", a.user, dir, err)
		}
	}
	return nil
}
