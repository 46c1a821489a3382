package llm

import (
	"context"
	"fmt"
	"slices"

	openai "github.com/sashabaranov/go-openai"
)

// Ping asks the endpoint for its models list (GET /models), within the
// configured timeout, and checks that the configured model is among them.
// It sends no mail text. `mailbot check-config --dial` uses it.
func (a *Adviser) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	list, err := a.client.ListModels(ctx)
	if err != nil {
		return fmt.Errorf("list the models of %s: %w", a.endpoint, err)
	}
	// Some servers (Azure deployments, llama.cpp) list nothing useful;
	// only a non-empty list that lacks the model is a mistake.
	if len(list.Models) > 0 && !slices.ContainsFunc(list.Models, func(m openai.Model) bool { return m.ID == a.model }) {
		return fmt.Errorf("%s does not offer the model %q", a.endpoint, a.model)
	}
	return nil
}
