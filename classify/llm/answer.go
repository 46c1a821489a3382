package llm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"mailbot/classify"
)

// readResponse extracts the verdict from the first choice of a completion.
func readResponse(resp openai.ChatCompletionResponse) (classify.Category, float64, error) {
	if len(resp.Choices) == 0 {
		return "", 0, fmt.Errorf("%w: no choice in the completion", ErrBadAnswer)
	}
	choice := resp.Choices[0]
	switch {
	case choice.Message.Refusal != "":
		return "", 0, fmt.Errorf("%w: the model sent a refusal", ErrRefused)
	case choice.FinishReason == openai.FinishReasonContentFilter:
		return "", 0, fmt.Errorf("%w: the endpoint's content filter stopped the answer", ErrRefused)
	case choice.FinishReason == openai.FinishReasonLength:
		return "", 0, fmt.Errorf("%w: the answer was cut at the token limit", ErrBadAnswer)
	}
	return parseAnswer(choice.Message.Content)
}

// parseAnswer accepts exactly one JSON object with the keys "category" and
// "confidence", nothing before or after it, and nothing else inside it.
func parseAnswer(content string) (classify.Category, float64, error) {
	if strings.TrimSpace(content) == "" {
		return "", 0, fmt.Errorf("%w: empty answer", ErrBadAnswer)
	}
	dec := json.NewDecoder(strings.NewReader(content))
	// A map, not a struct: encoding/json matches struct fields without
	// regard to case, and only these two exact keys are allowed.
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil {
		return "", 0, fmt.Errorf("%w: not a JSON object: %w", ErrBadAnswer, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return "", 0, fmt.Errorf("%w: text after the JSON object", ErrBadAnswer)
	}
	if len(fields) != 2 {
		return "", 0, fmt.Errorf("%w: want exactly the keys category and confidence, got %d keys", ErrBadAnswer, len(fields))
	}
	cat, err := parseCategory(fields["category"])
	if err != nil {
		return "", 0, err
	}
	conf, err := parseConfidence(fields["confidence"])
	if err != nil {
		return "", 0, err
	}
	return cat, conf, nil
}

// parseCategory accepts a JSON string naming one of the 13 categories,
// spelt exactly.
func parseCategory(raw json.RawMessage) (classify.Category, error) {
	var s *string
	if err := json.Unmarshal(raw, &s); err != nil || s == nil {
		return "", fmt.Errorf("%w: category missing or not a string", ErrBadAnswer)
	}
	cat := classify.Category(*s)
	if !cat.Valid() {
		return "", fmt.Errorf("%w: unknown category %.32q", ErrBadAnswer, *s)
	}
	return cat, nil
}

// parseConfidence accepts a JSON number in 0..1.
func parseConfidence(raw json.RawMessage) (float64, error) {
	var f *float64
	if err := json.Unmarshal(raw, &f); err != nil || f == nil {
		return 0, fmt.Errorf("%w: confidence missing or not a number", ErrBadAnswer)
	}
	if *f < 0 || *f > 1 {
		return 0, fmt.Errorf("%w: confidence %g outside 0..1", ErrBadAnswer, *f)
	}
	return *f, nil
}
