package testutil

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"mailbot/mailbot/config"
)

// Password is the content of the password file every mailbox of a test
// configuration reads, unless Config.Password changes it.
const Password = "pw"

// Config builds the configuration of a bot under test: its state file in a
// temporary folder, IMAP and SMTP on loopback without TLS, the dashboard on
// a free loopback port, agents at gev@afpa.fr and no daily digest, since
// tests count the mail that reaches the SMTP sink (Digest turns it on).
// Methods return the builder, to chain them.
type Config struct {
	t         testing.TB
	dir       string
	password  string
	root      map[string]any
	mailboxes []map[string]any
	users     []map[string]any
}

// NewConfig starts a configuration for a bot that reads the IMAP server
// at imapAddr and sends through the SMTP server at smtpAddr.
func NewConfig(t testing.TB, imapAddr, smtpAddr string) *Config {
	t.Helper()
	dir := t.TempDir()
	return &Config{t: t, dir: dir, password: Password, root: map[string]any{
		"state":  map[string]any{"path": filepath.Join(dir, "state.db")},
		"imap":   map[string]any{"address": imapAddr, "tls": "none"},
		"smtp":   map[string]any{"address": smtpAddr, "tls": "none"},
		"agents": map[string]any{"digest_to": []string{"gev@afpa.fr"}},
		"digest": map[string]any{"to": []string{}},
		"web":    map[string]any{"listen": "127.0.0.1:0"},
	}}
}

// Dir is the folder of the state file, the password file and Write's file.
func (c *Config) Dir() string { return c.dir }

// StatePath is the state file's path.
func (c *Config) StatePath() string { return filepath.Join(c.dir, "state.db") }

// Password sets the password every mailbox reads from its password file.
func (c *Config) Password(pw string) *Config {
	c.password = pw
	return c
}

// Mailbox adds the sector's mailbox, epreuves-SECTOR@afpa.fr, signing in
// with the password file; keyValues override or add its keys
// ("username", "epreuves-btp", "auth", "xoauth2" …).
func (c *Config) Mailbox(sector string, keyValues ...any) *Config {
	m := map[string]any{"sector": sector, "address": "epreuves-" + sector + "@afpa.fr", "password_file": c.passwordFile()}
	for i := 0; i+1 < len(keyValues); i += 2 {
		m[keyValues[i].(string)] = keyValues[i+1]
	}
	if m["auth"] != nil && m["auth"] != "login" {
		delete(m, "password_file")
	}
	c.mailboxes = append(c.mailboxes, m)
	return c
}

// Engineer makes address an engineer of sector.
func (c *Config) Engineer(sector, address string) *Config {
	eng, _ := c.root["engineers"].(map[string]any)
	if eng == nil {
		eng = map[string]any{}
		c.root["engineers"] = eng
	}
	list, _ := eng[sector].([]string)
	eng[sector] = append(list, address)
	return c
}

// WebUser adds a dashboard account with a bcrypt password hash.
func (c *Config) WebUser(name, hash string) *Config {
	c.users = append(c.users, map[string]any{"name": name, "password_hash": hash})
	return c
}

// Digest sends the daily digest to the agents, at their configured time.
func (c *Config) Digest() *Config {
	delete(c.section("digest"), "to")
	return c
}

// Set sets one key: Set("imap.poll_interval", "2s"), Set("modes.default",
// "approve"). Durations are strings, as in a file.
func (c *Config) Set(key string, value any) *Config {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		c.t.Fatalf("testutil: key %q has no section", key)
	}
	c.section(key[:i])[key[i+1:]] = value
	return c
}

func (c *Config) section(path string) map[string]any {
	m := c.root
	for _, name := range strings.Split(path, ".") {
		next, ok := m[name].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[name] = next
		}
		m = next
	}
	return m
}

// TOML is the configuration file's text.
func (c *Config) TOML() string {
	c.t.Helper()
	if err := os.WriteFile(c.passwordFile(), []byte(c.password), 0o600); err != nil {
		c.t.Fatal(err)
	}
	doc := map[string]any{}
	for k, v := range c.root {
		doc[k] = v
	}
	doc["mailbox"] = c.mailboxes
	if len(c.users) > 0 {
		web := map[string]any{"user": c.users}
		for k, v := range c.section("web") {
			web[k] = v
		}
		doc["web"] = web
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(doc); err != nil {
		c.t.Fatalf("testutil: encode configuration: %v", err)
	}
	return b.String()
}

// Parse returns the configuration as mailbot reads it (defaults applied,
// validated); an invalid one fails the test.
func (c *Config) Parse() *config.Config {
	c.t.Helper()
	cfg, err := config.Parse(c.TOML())
	if err != nil {
		c.t.Fatalf("testutil: %v\n%s", err, c.TOML())
	}
	return cfg
}

// Write saves the configuration as Dir()/mailbot.toml, for the binary,
// and returns the file's path.
func (c *Config) Write() string {
	c.t.Helper()
	path := filepath.Join(c.dir, "mailbot.toml")
	if err := os.WriteFile(path, []byte(c.TOML()), 0o600); err != nil {
		c.t.Fatal(err)
	}
	return path
}

// passwordFile is where the mailboxes' password is; TOML writes it.
func (c *Config) passwordFile() string { return filepath.Join(c.dir, "password") }
