package llm

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeLLM is an in-process OpenAI-compatible endpoint on loopback. It
// records every request and answers with reply, deterministically.
type fakeLLM struct {
	srv   *httptest.Server
	reply http.HandlerFunc
	path  string          // expected request path
	stop  context.Context // cancelled at cleanup: releases hanging handlers

	mu   sync.Mutex
	reqs []recorded
}

// recorded is one request as it reached the server.
type recorded struct {
	header http.Header
	query  string
	body   []byte
}

// chatRequest is the part of a chat completion request the tests read.
type chatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
	ResponseFormat struct {
		Type       string `json:"type"`
		JSONSchema struct {
			Name   string `json:"name"`
			Strict bool   `json:"strict"`
			Schema struct {
				Type       string `json:"type"`
				Properties map[string]struct {
					Type string   `json:"type"`
					Enum []string `json:"enum"`
				} `json:"properties"`
				Required             []string `json:"required"`
				AdditionalProperties *bool    `json:"additionalProperties"`
			} `json:"schema"`
		} `json:"json_schema"`
	} `json:"response_format"`
}

// newFakeLLM starts a server answering POST path with reply.
func newFakeLLM(t *testing.T, path string, reply http.HandlerFunc) *fakeLLM {
	t.Helper()
	stop, release := context.WithCancel(context.Background())
	f := &fakeLLM{reply: reply, path: path, stop: stop}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() {
		release() // first, or Close would wait for hanging handlers
		f.srv.Close()
	})
	return f
}

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil || r.Method != http.MethodPost || r.URL.Path != f.path {
		http.Error(w, `{"error":{"message":"unexpected request","type":"test"}}`, http.StatusNotFound)
		return
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, recorded{header: r.Header.Clone(), query: r.URL.RawQuery, body: body})
	f.mu.Unlock()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer context.AfterFunc(f.stop, cancel)()
	f.reply(w, r.WithContext(ctx))
}

// baseURL is the API root to put in Config.
func (f *fakeLLM) baseURL() string { return f.srv.URL + "/v1" }

// only returns the single request the server received.
func (f *fakeLLM) only(t *testing.T) recorded {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) != 1 {
		t.Fatalf("server got %d requests, want 1", len(f.reqs))
	}
	return f.reqs[0]
}

// decode parses a recorded request body.
func (r recorded) decode(t *testing.T) chatRequest {
	t.Helper()
	var req chatRequest
	if err := json.Unmarshal(r.body, &req); err != nil {
		t.Fatalf("request body is not JSON: %v", err)
	}
	return req
}

// mail returns the subject and text found between the tags of the user
// message, and the user message outside them.
func (r recorded) mail(t *testing.T) (m mailData, outside string) {
	t.Helper()
	req := r.decode(t)
	if len(req.Messages) != 2 || req.Messages[1].Role != "user" {
		t.Fatalf("got %d messages, want system then user", len(req.Messages))
	}
	user := req.Messages[1].Content
	if strings.Count(user, openTag) != 1 || strings.Count(user, closeTag) != 1 {
		t.Fatalf("user message has %d %s and %d %s, want 1 each",
			strings.Count(user, openTag), openTag, strings.Count(user, closeTag), closeTag)
	}
	before, rest, _ := strings.Cut(user, openTag)
	inside, after, _ := strings.Cut(rest, closeTag)
	if err := json.Unmarshal([]byte(inside), &m); err != nil {
		t.Fatalf("mail between the tags is not JSON: %v", err)
	}
	return m, before + after
}

// answer replies 200 with one choice.
func answer(content, finish, refusal string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		msg := map[string]string{"role": "assistant", "content": content}
		if refusal != "" {
			msg["refusal"] = refusal
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion", "model": "test",
			"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finish}},
		})
	}
}

// content replies 200 with content and a normal stop.
func content(s string) http.HandlerFunc { return answer(s, "stop", "") }

// status replies with an OpenAI-style error.
func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, code, map[string]any{"error": map[string]any{
			"message": fmt.Sprintf("test error %d", code), "type": "server_error",
		}})
	}
}

// hang answers nothing until the client gives up or the test ends.
func hang(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// raw replies 200 with body as is.
func raw(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
