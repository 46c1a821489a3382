package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func (c *Config) validateWeb(add func(string, string, ...any)) {
	w := c.Web
	host, _, err := net.SplitHostPort(w.Listen)
	if err != nil {
		add("web.listen", "%q is not host:port", w.Listen)
	} else if !isLoopbackHost(host) && w.TLSCertFile == "" {
		add("web.listen", "%q is not a loopback address: set web.tls_cert_file and web.tls_key_file, or listen on 127.0.0.1 behind a TLS reverse proxy", w.Listen)
	}
	if (w.TLSCertFile == "") != (w.TLSKeyFile == "") {
		add("web.tls_key_file", "web.tls_cert_file and web.tls_key_file go together")
	}
	names := map[string]bool{}
	for i, u := range w.Users {
		key := fmt.Sprintf("web.user[%d]", i)
		switch {
		case strings.TrimSpace(u.Name) == "":
			add(key+".name", "a user name is required")
		case names[u.Name]:
			add(key+".name", "user %q is configured twice", u.Name)
		case len(u.Name) > 64:
			add(key+".name", "a user name has at most 64 bytes")
		}
		names[u.Name] = true
		if _, err := bcrypt.Cost([]byte(u.PasswordHash)); err != nil {
			add(key+".password_hash", "not a bcrypt hash (make one with: htpasswd -nBC 12 %s)", u.Name)
		}
	}
	switch {
	case w.MetricsToken != "":
		add("web.metrics_token", "secrets must not sit in the file: use metrics_token_env or metrics_token_file")
	case w.MetricsTokenEnv != "" && w.MetricsTokenFile != "":
		add("web.metrics_token_env", "set metrics_token_env or metrics_token_file, not both")
	}
	if w.TrustedHeader != "" && len(w.TrustedProxies) == 0 {
		add("web.trusted_proxies", "required with web.trusted_header: the header is believed only from these addresses")
	}
	for i, p := range w.TrustedProxies {
		if _, err := ParsePrefix(p); err != nil {
			add(fmt.Sprintf("web.trusted_proxies[%d]", i), "%q is not an IP address or CIDR", p)
		}
	}
	if w.SessionLifetime < time.Minute {
		add("web.session_lifetime", "%v is too short (at least 1m)", w.SessionLifetime)
	}
	if w.UnreachableAfter < 0 {
		add("web.unreachable_after", "must not be negative")
	}
	if w.PublicURL != "" {
		if u, err := url.Parse(w.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("web.public_url", "%q is not an http(s) URL", w.PublicURL)
		}
	}
}

func (c *Config) validateDigest(add func(string, string, ...any)) {
	d := c.Digest
	if _, err := time.Parse("15:04", d.Time); err != nil {
		add("digest.time", "%q is not a time HH:MM", d.Time)
	}
	for j, a := range d.To {
		checkAddress(add, fmt.Sprintf("digest.to[%d]", j), a)
	}
	for sector, addrs := range d.SectorTo {
		if !slices.Contains(Sectors, sector) {
			add("digest.sector_to."+sector, "not a sector (want one of %s)", strings.Join(Sectors, ", "))
		}
		for j, a := range addrs {
			checkAddress(add, fmt.Sprintf("digest.sector_to.%s[%d]", sector, j), a)
		}
	}
	if d.From != "" {
		checkAddress(add, "digest.from", d.From)
	}
}

// ParsePrefix reads an IP address or a CIDR (a bare address is a /32 or
// /128 prefix).
func ParsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
