package classify

import "context"

// Adviser is a second opinion (an LLM) consulted when the model is unsure.
// Its answer can only name a category: it never chooses a recipient, a
// template or an action.
type Adviser interface {
	Advise(ctx context.Context, subject, text string) (Category, float64, error)
}
