package smtpsend

import (
	"strings"
	"testing"
	"time"
)

func TestNewValidatesConfig(t *testing.T) {
	pw := StaticPassword("s3cret")
	tests := []struct {
		name string
		cfg  Config
		want string // "" for valid, else a word the error must contain
	}{
		{"starttls", Config{Address: "smtp.example.org:587", TLS: TLSStartTLS}, ""},
		{"implicit with auth", Config{Address: "smtp.example.org:465", TLS: TLSImplicit, Auth: AuthPlain, Username: "bot", Password: pw}, ""},
		{"none on loopback", Config{Address: "127.0.0.1:2525", TLS: TLSNone}, ""},
		{"none on ipv6 loopback", Config{Address: "[::1]:2525", TLS: TLSNone, Auth: AuthLogin, Username: "bot", Password: pw}, ""},
		{"none on localhost", Config{Address: "localhost:25", TLS: TLSNone}, ""},
		{"none on public host", Config{Address: "smtp.example.org:25", TLS: TLSNone}, "loopback"},
		{"none on public ip", Config{Address: "192.0.2.1:25", TLS: TLSNone}, "loopback"},
		{"empty tls", Config{Address: "smtp.example.org:587"}, "tls"},
		{"unknown tls", Config{Address: "smtp.example.org:587", TLS: "ssl"}, "tls"},
		{"no port", Config{Address: "smtp.example.org", TLS: TLSStartTLS}, "address"},
		{"bad port", Config{Address: "smtp.example.org:smtp", TLS: TLSStartTLS}, "address"},
		{"port out of range", Config{Address: "smtp.example.org:70000", TLS: TLSStartTLS}, "address"},
		{"empty host", Config{Address: ":587", TLS: TLSStartTLS}, "address"},
		{"xoauth2", Config{Address: "smtp.office365.com:587", TLS: TLSStartTLS, Auth: AuthXOAUTH2, Username: "bot@example.org", Password: pw}, ""},
		{"oauthbearer without username", Config{Address: "smtp.office365.com:587", TLS: TLSStartTLS, Auth: AuthOAuthBearer, Password: pw}, "username"},
		{"unknown auth", Config{Address: "smtp.example.org:587", TLS: TLSStartTLS, Auth: "cram-md5", Username: "bot", Password: pw}, "auth"},
		{"auth without username", Config{Address: "smtp.example.org:587", TLS: TLSStartTLS, Auth: AuthPlain, Password: pw}, "username"},
		{"auth without password", Config{Address: "smtp.example.org:587", TLS: TLSStartTLS, Auth: AuthPlain, Username: "bot"}, "password"},
		{"username without auth", Config{Address: "smtp.example.org:587", TLS: TLSStartTLS, Username: "bot"}, "auth"},
		{"negative timeout", Config{Address: "smtp.example.org:587", TLS: TLSStartTLS, Timeout: -time.Second}, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.want != "" && err == nil:
				t.Errorf("got nil error, want one naming %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("got %q, want it to name %q", err, tt.want)
			}
		})
	}
}

func TestNewDefaultsTimeout(t *testing.T) {
	s, err := New(Config{Address: "127.0.0.1:25", TLS: TLSNone})
	if err != nil {
		t.Fatal(err)
	}
	if s.cfg.Timeout != DefaultTimeout {
		t.Errorf("got %v, want %v", s.cfg.Timeout, DefaultTimeout)
	}
}
