package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/smtpsend"
)

func (c *Config) validate() error {
	var errs []error
	add := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if len(c.Mailboxes) == 0 {
		add("mailbox", "at least one [[mailbox]] is required")
	}
	seen := map[string]bool{}
	for i, m := range c.Mailboxes {
		key := fmt.Sprintf("mailbox[%d]", i)
		if !slices.Contains(Sectors, m.Sector) {
			add(key+".sector", "%q is not a sector (want one of %s)", m.Sector, strings.Join(Sectors, ", "))
		} else if seen[m.Sector] {
			add(key+".sector", "sector %q is configured twice", m.Sector)
		}
		seen[m.Sector] = true
		checkAddress(add, key+".address", m.Address)
		checkHostPort(add, key+".server (or imap.address)", m.Server)
		checkTLS(add, key+".tls (or imap.tls)", m.TLS, m.Server)
		checkMailboxAuth(add, key, m)
	}
	if c.State.Keep < Days(24*time.Hour) {
		add("state.keep", "%v is too short: closed conversations are kept at least a day (want e.g. \"730d\")", time.Duration(c.State.Keep))
	}
	if c.IMAP.MaxMessageSize < 64<<10 {
		add("imap.max_message_size", "%d bytes is too small to read ordinary mail (want at least 65536)", c.IMAP.MaxMessageSize)
	}
	checkHostPort(add, "smtp.address", c.SMTP.Address)
	checkTLS(add, "smtp.tls", c.SMTP.TLS, c.SMTP.Address)
	checkSMTPAuth(add, c.SMTP)
	if c.SMTP.Connections < 1 || c.SMTP.Connections > smtpsend.MaxConnections {
		add("smtp.connections", "%d: want 1 to %d", c.SMTP.Connections, smtpsend.MaxConnections)
	}
	c.validateOAuth2(add)
	for sector, addrs := range c.Engineers {
		if !slices.Contains(Sectors, sector) {
			add("engineers."+sector, "not a sector (want one of %s)", strings.Join(Sectors, ", "))
		}
		for j, a := range addrs {
			checkAddress(add, fmt.Sprintf("engineers.%s[%d]", sector, j), a)
		}
	}
	for j, a := range c.Agents.DigestTo {
		checkAddress(add, fmt.Sprintf("agents.digest_to[%d]", j), a)
	}
	for j, d := range c.Calendar.Closures {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			add(fmt.Sprintf("calendar.closures[%d]", j), "%q is not a date YYYY-MM-DD", d)
		}
	}
	if _, err := calendar.ParseWeek(calendar.GEVHours, c.Calendar.Office); err != nil {
		add("calendar.office", "%v", err)
	}
	if _, err := calendar.ParseWeek(calendar.Engineering, c.Calendar.Engineering); err != nil {
		add("calendar.engineering", "%v", err)
	}
	if c.Policy.Threshold < 0 || c.Policy.Threshold > 1 {
		add("policy.threshold", "%v must be in (0, 1], or unset for the model's own threshold", c.Policy.Threshold)
	}
	if c.Policy.AutoThreshold < 0 || c.Policy.AutoThreshold > 1 {
		add("policy.auto_threshold", "%v must be in (0, 1], or unset for the model's own automatic threshold", c.Policy.AutoThreshold)
	}
	if c.Policy.MaxRepliesPerDay < 0 {
		add("policy.max_replies_per_day", "must not be negative")
	}
	if c.Policy.ReminderWorkingDays < 0 {
		add("policy.reminder_working_days", "must not be negative")
	}
	c.validateWeb(add)
	for j, d := range c.Security.ReplyToDomains {
		if !isDomain(d) {
			add(fmt.Sprintf("security.reply_to_domains[%d]", j), "%q is not a domain name (write cfa-exemple.fr, no @)", d)
		}
	}
	if id := c.Security.TrustedAuthservID; id != "" && strings.ContainsAny(id, " \t;@") {
		add("security.trusted_authserv_id", "%q is not an authserv-id (the receiving server's name, e.g. mx.afpa.fr)", id)
	}
	c.validateDigest(add)
	if c.LLM.Enabled() || c.LLM.BaseURL != "" {
		if c.LLM.Model == "" {
			add("llm.model", "required when llm.base_url is set")
		}
		if c.LLM.BaseURL != "" {
			if u, err := url.Parse(c.LLM.BaseURL); err != nil || u.Host == "" {
				add("llm.base_url", "%q is not a URL", c.LLM.BaseURL)
			}
		}
	}
	if f := c.Log.Format; f != "" && f != LogText && f != LogJSON {
		add("log.format", "%q is not a log format (want text or json)", f)
	}
	for k, v := range c.Modes {
		if k != "default" && !classify.Category(k).Valid() {
			add("modes."+k, "not a category (want default or one of the 13 categories)")
		}
		if v != "auto" && v != "approve" && v != "shadow" {
			add("modes."+k, "%q is not a mode (want auto, approve or shadow)", v)
		}
	}
	return errors.Join(errs...)
}

func checkAddress(add func(string, string, ...any), key, a string) {
	if a == "" {
		add(key, "an e-mail address is required")
		return
	}
	if _, err := mail.ParseAddress(a); err != nil {
		add(key, "%q is not an e-mail address", a)
	}
}

func checkHostPort(add func(string, string, ...any), key, hp string) {
	if hp == "" {
		add(key, "host:port is required")
		return
	}
	if _, _, err := net.SplitHostPort(hp); err != nil {
		add(key, "%q is not host:port", hp)
	}
}

func checkTLS(add func(string, string, ...any), key, mode, hostport string) {
	switch mode {
	case "implicit", "starttls":
	case "none":
		host, _, _ := net.SplitHostPort(hostport)
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			add(key, "\"none\" is only allowed on loopback, not %q", hostport)
		}
	default:
		add(key, "%q is not a TLS mode (want implicit, starttls or none)", mode)
	}
}

func checkSecret(add func(string, string, ...any), key string, s Secret) {
	checkSecretKeys(add, key+".password", s.Password, s.PasswordEnv, s.PasswordFile)
}

// checkSecretKeys wants the secret named key from key_env or key_file,
// never inline.
func checkSecretKeys(add func(string, string, ...any), key, inline, env, file string) {
	name := key[strings.LastIndex(key, ".")+1:]
	switch {
	case inline != "":
		add(key, "secrets must not sit in the file: use %s_env or %s_file", name, name)
	case env == "" && file == "":
		add(key+"_env", "%s_env or %s_file is required", name, name)
	case env != "" && file != "":
		add(key+"_env", "set %s_env or %s_file, not both", name, name)
	}
}

// isDomain accepts a plausible DNS name: labels of letters, digits and
// hyphens, at least one dot.
func isDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}
