// Package config reads mailbot's TOML configuration (SPEC section 8): it
// decodes a raw file, applies defaults, validates, and names the offending key
// in every error. Secrets are never in the file: they come from *_env or
// *_file siblings and are resolved when used.
package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Sectors are the four GEV sector mailboxes, in display order.
var Sectors = []string{"btp", "industrie", "tertiaire", "ccp"}

// Config is the validated configuration.
type Config struct {
	State     State               `toml:"state"`
	IMAP      IMAP                `toml:"imap"`
	Mailboxes []Mailbox           `toml:"mailbox"`
	SMTP      SMTP                `toml:"smtp"`
	OAuth2    OAuth2              `toml:"oauth2"`
	Engineers map[string][]string `toml:"engineers"`
	Agents    Agents              `toml:"agents"`
	Web       Web                 `toml:"web"`
	Digest    Digest              `toml:"digest"`
	Calendar  Calendar            `toml:"calendar"`
	Policy    Policy              `toml:"policy"`
	Security  Security            `toml:"security"`
	Templates Templates           `toml:"templates"`
	Classify  Classify            `toml:"classify"`
	LLM       LLM                 `toml:"llm"`
	Log       Log                 `toml:"log"`
	// Modes maps "default" or a category to auto, approve or shadow.
	Modes map[string]string `toml:"modes"`
}

// State locates the bbolt file and says how long it keeps closed
// conversations.
type State struct {
	Path string `toml:"path"`
	// Keep is how long a closed conversation stays after its last
	// activity before it is archived, out of the dashboard's list and the
	// threading index ("730d", or a Go duration).
	Keep Days `toml:"keep"`
}

// Days is a span written in days ("730d") or as a Go duration ("36h").
type Days time.Duration

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Days) UnmarshalText(b []byte) error {
	s := string(b)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || days > 100*366 {
			return fmt.Errorf("%q is not a number of days (e.g. \"730d\")", s)
		}
		*d = Days(time.Duration(days) * 24 * time.Hour)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is neither days (\"730d\") nor a duration (\"36h\")", s)
	}
	*d = Days(v)
	return nil
}

// IMAP holds the connection defaults every mailbox inherits.
type IMAP struct {
	Address      string        `toml:"address"`
	TLS          string        `toml:"tls"` // implicit | starttls | none
	Folder       string        `toml:"folder"`
	DoneKeyword  string        `toml:"done_keyword"`
	MoveTo       string        `toml:"move_to"`
	SentFolder   string        `toml:"sent_folder"`
	IdleRestart  time.Duration `toml:"idle_restart"`
	PollInterval time.Duration `toml:"poll_interval"`
	// CommandTimeout is how long an IMAP command may make no progress
	// before the connection is taken for dead and replaced.
	CommandTimeout time.Duration `toml:"command_timeout"`
	// MaxMessageSize is the largest message read, in bytes; a larger one
	// is recorded from its headers with an agent task, unread.
	MaxMessageSize int64 `toml:"max_message_size"`
}

// Mailbox is one watched sector mailbox.
type Mailbox struct {
	Sector   string `toml:"sector"`
	Address  string `toml:"address"` // the mailbox's e-mail address
	Username string `toml:"username"`
	// Auth is how it signs in: login (password, the default), xoauth2 or
	// oauthbearer (a token from [oauth2]).
	Auth string `toml:"auth"`
	Secret
	Folder string `toml:"folder"`
	// Server overrides [imap].address for this mailbox.
	Server string `toml:"server"`
	TLS    string `toml:"tls"`
}

// Secret is a password given by environment variable or file, never inline.
type Secret struct {
	Password     string `toml:"password"`
	PasswordEnv  string `toml:"password_env"`
	PasswordFile string `toml:"password_file"`
}

// SMTP is the submission server for every outgoing mail.
type SMTP struct {
	Address  string `toml:"address"`
	TLS      string `toml:"tls"`
	Username string `toml:"username"`
	// Auth is plain (the default with a username) or login with a
	// password, or xoauth2 or oauthbearer with a token from [oauth2].
	Auth string `toml:"auth"`
	Secret
	// Connections is how many mails are sent at once, each on its own
	// kept-open connection (1 to smtpsend.MaxConnections; default 2).
	Connections int `toml:"connections"`
}

// Agents are the GEV agents' addresses.
type Agents struct {
	DigestTo []string `toml:"digest_to"`
}

// Web is the dashboard: its listener and who may sign in.
type Web struct {
	Listen string `toml:"listen"`
	// Users are the local accounts ([[web.user]]).
	Users []WebUser `toml:"user"`
	// TrustedHeader names the header a reverse proxy sets to the signed-in
	// user (SSO, e.g. "X-Remote-User"); it is believed only from
	// TrustedProxies.
	TrustedHeader  string   `toml:"trusted_header"`
	TrustedProxies []string `toml:"trusted_proxies"` // IPs or CIDRs
	// SessionLifetime is how long a sign-in lasts without activity.
	SessionLifetime time.Duration `toml:"session_lifetime"`
	// UnreachableAfter is how long a mailbox may be down before it is
	// logged at error level and shown on the dashboard and in the digest.
	UnreachableAfter time.Duration `toml:"unreachable_after"`
	// PublicURL is the dashboard's address as agents reach it; the digest
	// links to conversations when it is set.
	PublicURL string `toml:"public_url"`
	// MetricsToken lets monitoring read /metrics and the full /healthz
	// with "Authorization: Bearer TOKEN"; like every secret it comes from
	// metrics_token_env or metrics_token_file, never the file itself.
	MetricsToken     string `toml:"metrics_token"`
	MetricsTokenEnv  string `toml:"metrics_token_env"`
	MetricsTokenFile string `toml:"metrics_token_file"`
	// TLSCertFile and TLSKeyFile make the dashboard serve HTTPS; they are
	// required to listen anywhere but on loopback.
	TLSCertFile string `toml:"tls_cert_file"`
	TLSKeyFile  string `toml:"tls_key_file"`
}

// WebUser is a local dashboard account. PasswordHash is a bcrypt hash
// ("htpasswd -nBC 12 NAME" prints one), never the password.
type WebUser struct {
	Name         string `toml:"name"`
	PasswordHash string `toml:"password_hash"`
}

// Digest is the daily mail to the agents.
type Digest struct {
	// Time is when it goes, HH:MM in Paris time, on working days.
	Time string `toml:"time"`
	// PerSector sends one digest per sector instead of one for all.
	PerSector bool `toml:"per_sector"`
	// To receives the digest (default: agents.digest_to); nobody: no digest.
	To []string `toml:"to"`
	// SectorTo overrides To for a sector's digest when PerSector is set.
	SectorTo map[string][]string `toml:"sector_to"`
	// From is the sender (default: the first mailbox's address).
	From string `toml:"from"`
}

// Calendar adds closure days to the public holidays and sets the hours.
type Calendar struct {
	Closures []string `toml:"closures"` // YYYY-MM-DD
	// Office is the GEV desk's hours ([calendar.office]) and Engineering
	// the window for forwards to engineers ([calendar.engineering]): keys
	// mon … sun, each "HH:MM-HH:MM" (ranges separated by commas) or ""
	// for closed. A day not given keeps the seed's hours (Monday–Thursday
	// 08:30–17:30; Friday 08:30–15:00 at the office, 08:30–12:00 for
	// engineering).
	Office      map[string]string `toml:"office"`
	Engineering map[string]string `toml:"engineering"`
}

// Policy holds the knobs of the workflow.
type Policy struct {
	// Threshold below which a decision becomes "other"; 0 (unset) means
	// the model's calibrated threshold.
	Threshold float64 `toml:"threshold"`
	// AutoThreshold is the confidence from which a decision's mail goes
	// out without an agent's approval; below it (and above Threshold) the
	// mail is held. 0 (unset) means the model's own (precision 99% on its
	// calibration); 1 holds nearly every answer of the model.
	AutoThreshold float64 `toml:"auto_threshold"`
	// RepliesInBusinessHours holds template replies to GEV hours.
	RepliesInBusinessHours bool `toml:"replies_in_business_hours"`
	// GenericAck sends an acknowledgement for "other" (default on).
	GenericAck *bool `toml:"generic_ack"`
	// MaxRepliesPerDay caps automatic replies to one sender in 24 h.
	MaxRepliesPerDay int `toml:"max_replies_per_day"`
	// ReminderWorkingDays before engineers are reminded of a question.
	ReminderWorkingDays int `toml:"reminder_working_days"`
}

// Security says whom the bot believes.
type Security struct {
	// TrustedAuthservID is the authserv-id of the receiving server whose
	// Authentication-Results field (RFC 8601) counts when an engineer's
	// answer is checked ("mx.afpa.fr"); only its topmost field counts.
	TrustedAuthservID string `toml:"trusted_authserv_id"`
	// ReplyToDomains are domains besides the sender's own to which a
	// Reply-To may send the bot's answer (a centre's group address).
	ReplyToDomains []string `toml:"reply_to_domains"`
}

// Classify chooses the classifier's model.
type Classify struct {
	// Model is a model file made by `mailbot train`; "" means the model
	// embedded in the binary.
	Model string `toml:"model"`
}

// Templates points at a folder whose files override the embedded ones.
type Templates struct {
	Dir string `toml:"dir"`
}

// LLM configures the optional second opinion (off when BaseURL and Model are empty).
type LLM struct {
	BaseURL    string        `toml:"base_url"`
	Model      string        `toml:"model"`
	APIKeyEnv  string        `toml:"api_key_env"`
	APIKeyFile string        `toml:"api_key_file"`
	Redact     *bool         `toml:"redact"`
	Timeout    time.Duration `toml:"timeout"`
}

// Log says how the daemon writes its logs (to stderr: the journal under
// systemd).
type Log struct {
	// Format is "text" (the default) or "json", one object per line; the
	// --log-format flag wins over it.
	Format string `toml:"format"`
}

// Log formats of [log] format and --log-format.
const (
	LogText = "text"
	LogJSON = "json"
)

// Enabled reports whether an LLM is configured.
func (l LLM) Enabled() bool { return l.Model != "" }

// Load reads, defaults and validates the file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(string(data))
}

// Parse decodes TOML text, applies defaults and validates.
func Parse(text string) (*Config, error) {
	var c Config
	md, err := toml.Decode(text, &c)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("config: %s", perr.ErrorWithPosition())
		}
		return nil, fmt.Errorf("config: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("config: unknown key %s", strings.Join(keys, ", "))
	}
	c.applyDefaults()
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return &c, nil
}

// SectorAddress returns the e-mail address of a sector's mailbox, "" if not configured.
func (c *Config) SectorAddress(sector string) string {
	for _, m := range c.Mailboxes {
		if m.Sector == sector {
			return m.Address
		}
	}
	return ""
}

// Default is the configuration with every default applied and nothing
// configured: what `mailbot classify` uses without --config. It is not
// valid for `mailbot run` (no mailbox).
func Default() *Config {
	var c Config
	c.applyDefaults()
	return &c
}
