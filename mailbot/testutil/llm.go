package testutil

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// LLM is an OpenAI-compatible chat endpoint for a bot under test ([llm]
// base_url and model): Answer is given the context of each request and
// the prompt's user message, and returns the category to answer with its
// confidence. It may block, as a slow model does, until ctx ends.
type LLM struct {
	srv    *httptest.Server
	answer func(ctx context.Context, prompt string) (category string, confidence float64)
}

// NewLLM serves answer until the test ends.
func NewLLM(t testing.TB, answer func(ctx context.Context, prompt string) (string, float64)) *LLM {
	t.Helper()
	stop, release := context.WithCancel(context.Background())
	l := &LLM{answer: answer}
	l.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		defer context.AfterFunc(stop, cancel)()
		l.serve(ctx, w, r)
	}))
	t.Cleanup(func() {
		release() // first, or Close would wait for answers that block
		l.srv.Close()
	})
	return l
}

// Configure points the configuration's [llm] at the endpoint.
func (l *LLM) Configure(c *Config) *Config {
	return c.Set("llm.base_url", l.srv.URL+"/v1").Set("llm.model", "test-model")
}

func (l *LLM) serve(ctx context.Context, w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/models") {
		// The models list `mailbot check-config --dial` asks for.
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"object":"list","data":[{"id":"test-model","object":"model"}]}`))
		return
	}
	var req struct {
		Messages []struct{ Role, Content string }
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		http.Error(w, `{"error":{"message":"unexpected request","type":"test"}}`, http.StatusBadRequest)
		return
	}
	prompt := ""
	for _, m := range req.Messages {
		if m.Role == "user" {
			prompt = m.Content
		}
	}
	category, confidence := l.answer(ctx, prompt)
	if ctx.Err() != nil {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{
			"role": "assistant", "content": fmt.Sprintf(`{"category":%q,"confidence":%v}`, category, confidence),
		}}},
	})
}
