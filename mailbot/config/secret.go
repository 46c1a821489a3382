package config

import (
	"fmt"
	"os"
	"strings"
)

// Resolve reads the secret from its environment variable or file. It is
// called when the secret is needed, so a rotated file is picked up.
func (s Secret) Resolve() (string, error) {
	return resolveSecret("password", s.PasswordEnv, s.PasswordFile)
}

// resolveSecret reads the secret named key from the environment variable
// env or the file file, whichever is set; "" when neither is.
func resolveSecret(key, env, file string) (string, error) {
	switch {
	case env != "":
		v, ok := os.LookupEnv(env)
		if !ok || v == "" {
			return "", fmt.Errorf("environment variable %s (%s_env) is not set", env, key)
		}
		return v, nil
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("%s_file: %w", key, err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	return "", nil
}

// APIKey resolves the LLM key from api_key_env or api_key_file ("" when neither is set).
func (l LLM) APIKey() (string, error) {
	return Secret{PasswordEnv: l.APIKeyEnv, PasswordFile: l.APIKeyFile}.Resolve()
}

// ResolveMetricsToken reads web.metrics_token from its _env or _file key
// ("" when neither is set: only signed-in agents read /metrics).
func (w Web) ResolveMetricsToken() (string, error) {
	return resolveSecret("metrics_token", w.MetricsTokenEnv, w.MetricsTokenFile)
}
