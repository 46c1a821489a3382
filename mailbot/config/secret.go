package config

import (
	"fmt"
	"os"
	"strings"
)

// Resolve reads the secret from its environment variable or file. It is
// called when the secret is needed, so a rotated file is picked up.
func (s Secret) Resolve() (string, error) {
	switch {
	case s.PasswordEnv != "":
		v, ok := os.LookupEnv(s.PasswordEnv)
		if !ok || v == "" {
			return "", fmt.Errorf("environment variable %s (password_env) is not set", s.PasswordEnv)
		}
		return v, nil
	case s.PasswordFile != "":
		b, err := os.ReadFile(s.PasswordFile)
		if err != nil {
			return "", fmt.Errorf("password_file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return "", nil
}

// APIKey resolves the LLM key from api_key_env or api_key_file ("" when neither is set).
func (l LLM) APIKey() (string, error) {
	return Secret{PasswordEnv: l.APIKeyEnv, PasswordFile: l.APIKeyFile}.Resolve()
}
