package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"mailbot/classify"
)

// Errors returned by [Adviser.Advise], each wrapped with details. On any of
// them the caller should trust its own rules.
var (
	// ErrRequest: the endpoint was unreachable, too slow, or answered with
	// an HTTP error (429, 5xx, 4xx) or a body that is not a completion.
	ErrRequest = errors.New("llm request failed")
	// ErrRefused: the model declined to answer (refusal or content filter).
	ErrRefused = errors.New("llm refused to classify")
	// ErrBadAnswer: the answer is not exactly {"category", "confidence"}
	// with one of the 13 categories and a confidence in 0..1.
	ErrBadAnswer = errors.New("llm answer rejected")
)

// Adviser asks a chat model for a category. It is safe for concurrent use.
type Adviser struct {
	client   *openai.Client
	model    string
	endpoint string // for error messages
	timeout  time.Duration
	redact   bool
	maxChars int
	schema   json.RawMessage
}

var _ classify.Adviser = (*Adviser)(nil)

// New checks cfg, applies its defaults and returns an Adviser. It does not
// contact the endpoint.
func New(cfg Config) (*Adviser, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	schema, err := answerSchema()
	if err != nil {
		return nil, fmt.Errorf("llm: build the answer schema: %w", err)
	}
	return &Adviser{
		client:   openai.NewClientWithConfig(cfg.clientConfig()),
		model:    cfg.Model,
		endpoint: cfg.BaseURL,
		timeout:  cfg.Timeout,
		redact:   cfg.Redact,
		maxChars: cfg.MaxChars,
		schema:   schema,
	}, nil
}

// Advise returns the model's category for the mail and its confidence in
// 0..1. On error the category is classify.Other with confidence 0, so a
// careless caller still gets the safe answer.
func (a *Adviser) Advise(ctx context.Context, subject, text string) (classify.Category, float64, error) {
	req, err := a.request(subject, text)
	if err != nil {
		return classify.Other, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	resp, err := a.client.CreateChatCompletion(ctx, req)
	if err != nil {
		return classify.Other, 0, fmt.Errorf("%w: %s, model %q: %w", ErrRequest, a.endpoint, a.model, err)
	}
	cat, conf, err := readResponse(resp)
	if err != nil {
		return classify.Other, 0, fmt.Errorf("model %q: %w", a.model, err)
	}
	return cat, conf, nil
}

// request builds the chat request: system prompt, delimited mail, and a
// strict JSON schema for the answer.
func (a *Adviser) request(subject, text string) (openai.ChatCompletionRequest, error) {
	user, err := a.userMessage(subject, text)
	if err != nil {
		return openai.ChatCompletionRequest{}, err
	}
	return openai.ChatCompletionRequest{
		Model: a.model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: systemPrompt},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		ResponseFormat: &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name:        schemaName,
				Description: "The category of one e-mail and the confidence in it.",
				Schema:      a.schema,
				Strict:      true,
			},
		},
	}, nil
}
