package llm

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Defaults applied by [New] to zero fields of [Config].
const (
	DefaultTimeout  = 20 * time.Second
	DefaultMaxChars = 6000
	// DefaultAzureAPIVersion is the first generally available Azure OpenAI
	// API version that accepts json_schema response formats.
	DefaultAzureAPIVersion = "2024-10-21"
)

// maxAnswerBytes caps the HTTP answer: a category and a number fit in a
// few hundred bytes, so a megabyte means a broken or hostile endpoint.
const maxAnswerBytes = 1 << 20

// Config says which model to ask and what may leave the machine.
type Config struct {
	// BaseURL is the API root: "https://api.openai.com/v1",
	// "http://127.0.0.1:11434/v1" (Ollama), a vLLM or llama.cpp server's
	// "/v1", or with Azure "https://NAME.openai.azure.com". Required: the
	// mail goes where this says, so there is deliberately no default.
	BaseURL string
	// APIKey is sent as a bearer token (the api-key header with Azure).
	// Empty for local servers. The caller resolves it from the
	// environment or a file; it never sits in the configuration file.
	APIKey string
	// Model is the model name, or with Azure the deployment name. Required.
	Model string
	// Timeout bounds one request, answer included. Zero means 20s.
	Timeout time.Duration
	// Redact replaces e-mail addresses and phone numbers in the subject and
	// text before sending (see [Redact]).
	Redact bool
	// MaxChars cuts the mail text to this many characters. Zero means 6000.
	MaxChars int
	// Azure selects Azure OpenAI: deployment URLs, api-key header and an
	// api-version query parameter.
	Azure bool
	// APIVersion is Azure's api-version. Empty means
	// DefaultAzureAPIVersion. Ignored without Azure.
	APIVersion string
}

// withDefaults validates c and fills its zero fields. Errors name the
// configuration key so an operator knows what to fix.
func (c Config) withDefaults() (Config, error) {
	if c.Model == "" {
		return c, errors.New("llm.model is required (a model name, or the deployment name with Azure)")
	}
	if c.BaseURL == "" {
		return c, errors.New("llm.base_url is required (for example https://api.openai.com/v1 or http://127.0.0.1:11434/v1)")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return c, fmt.Errorf("llm.base_url is not a URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("llm.base_url %q: want an http:// or https:// URL with a host", u.Redacted())
	}
	if c.Timeout < 0 {
		return c, fmt.Errorf("llm.timeout %v must not be negative", c.Timeout)
	}
	if c.MaxChars < 0 {
		return c, fmt.Errorf("llm.max_chars %d must not be negative", c.MaxChars)
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxChars == 0 {
		c.MaxChars = DefaultMaxChars
	}
	if c.Azure && c.APIVersion == "" {
		c.APIVersion = DefaultAzureAPIVersion
	}
	return c, nil
}

// clientConfig translates c into go-openai's configuration.
func (c Config) clientConfig() openai.ClientConfig {
	oc := openai.DefaultConfig(c.APIKey)
	if c.Azure {
		oc = openai.DefaultAzureConfig(c.APIKey, c.BaseURL)
		oc.APIVersion = c.APIVersion
		// Model is the deployment name as the operator typed it; the
		// library's default mapper would strip dots from it.
		oc.AzureModelMapperFunc = func(model string) string { return model }
	}
	oc.BaseURL = c.BaseURL
	oc.HTTPClient = cappedDoer{client: &http.Client{}}
	return oc
}

// cappedDoer limits the size of every HTTP answer to maxAnswerBytes.
type cappedDoer struct{ client *http.Client }

// Do sends req and wraps the answer body so that reading past the cap
// fails with *http.MaxBytesError instead of filling memory.
func (d cappedDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body = http.MaxBytesReader(nil, resp.Body, maxAnswerBytes)
	return resp, nil
}
