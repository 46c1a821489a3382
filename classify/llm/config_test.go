package llm

import (
	"strings"
	"testing"
	"time"
)

func TestNewValidates(t *testing.T) {
	good := Config{BaseURL: "http://127.0.0.1:11434/v1", Model: "qwen2.5"}
	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string // "" for success
	}{
		{"minimal", func(*Config) {}, ""},
		{"azure", func(c *Config) { c.Azure = true; c.BaseURL = "https://x.openai.azure.com" }, ""},
		{"no model", func(c *Config) { c.Model = "" }, "llm.model"},
		{"no base url", func(c *Config) { c.BaseURL = "" }, "llm.base_url"},
		{"unparseable base url", func(c *Config) { c.BaseURL = "http://[::1" }, "llm.base_url"},
		{"no scheme", func(c *Config) { c.BaseURL = "127.0.0.1:8080/v1" }, "llm.base_url"},
		{"ftp scheme", func(c *Config) { c.BaseURL = "ftp://host/v1" }, "llm.base_url"},
		{"no host", func(c *Config) { c.BaseURL = "https:///v1" }, "llm.base_url"},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, "llm.timeout"},
		{"negative max chars", func(c *Config) { c.MaxChars = -1 }, "llm.max_chars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.edit(&cfg)
			a, err := New(cfg)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("New: got error %v, want none", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("New: got error %v, want one naming %s", err, tt.wantErr)
			case tt.wantErr == "" && a == nil:
				t.Fatal("New: got nil Adviser and no error")
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	a, err := New(Config{BaseURL: "https://api.openai.com/v1", Model: "gpt-4o-mini"})
	if err != nil {
		t.Fatal(err)
	}
	if a.timeout != DefaultTimeout {
		t.Errorf("timeout: got %v, want %v", a.timeout, DefaultTimeout)
	}
	if a.maxChars != DefaultMaxChars {
		t.Errorf("max chars: got %d, want %d", a.maxChars, DefaultMaxChars)
	}
	if a.redact {
		t.Error("redact: got true, want false")
	}
}

func TestNewDoesNotLeakURLPassword(t *testing.T) {
	_, err := New(Config{BaseURL: "ftp://user:s3cret@host/v1", Model: "m"})
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("got error %v, want one without the password", err)
	}
}
