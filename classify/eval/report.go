package eval

import (
	"mailbot/classify"
	"mailbot/classify/corpus"
)

// Report is the outcome of one evaluation run.
type Report struct {
	Dir       string  `json:"dir"`
	Threshold float64 `json:"threshold"`
	// AutoThreshold is the confidence from which a decision's mail goes
	// out without an agent's approval.
	AutoThreshold float64 `json:"auto_threshold"`
	Total         int     `json:"total"`
	Correct       int     `json:"correct"` // label or acceptable
	Accuracy      float64 `json:"accuracy"`
	// MacroF1 averages F1 over the categories that appear in the labels.
	MacroF1    float64         `json:"macro_f1"`
	Categories []CategoryStats `json:"categories"`
	// Confusion counts expected → predicted. A prediction the label
	// accepts is counted as the label's category.
	Confusion map[classify.Category]map[classify.Category]int `json:"confusion"`
	// Abstentions: predicted other when the label is not other;
	// AbstentionRate is their share of the mail that has a category.
	Abstentions    int     `json:"abstentions"`
	AbstentionRate float64 `json:"abstention_rate"`
	// Decided counts predictions other than other (made at or above the
	// threshold); DecidedPrecision is the share of them that are right.
	Decided          int     `json:"decided"`
	DecidedCorrect   int     `json:"decided_correct"`
	DecidedPrecision float64 `json:"decided_precision"`
	// WrongActions lists predictions whose default action writes to the
	// centre or forwards without an agent, when the label does not accept
	// them. Held counts the decisions whose mail waits for an agent's
	// approval (below AutoThreshold), HeldWrong those of them the label
	// does not accept: an agent catches them before anything is sent.
	Held         int      `json:"held_for_approval"`
	HeldWrong    int      `json:"held_wrong"`
	WrongActions []string `json:"wrong_actions"`
	// WrongActionRate is WrongActions' share of all mail.
	WrongActionRate float64 `json:"wrong_action_rate"`
	// Ignored lists mail that needed handling but got a category that is
	// never answered nor read by an agent (acknowledgement, auto_reply,
	// bounce, bulk).
	Ignored      []string `json:"ignored"`
	SessionDates Score    `json:"session_dates"` // over labels with a session_date
	// SpuriousDates counts dates found where the label has none.
	SpuriousDates int   `json:"spurious_dates"`
	Envelopes     Score `json:"envelopes"` // over cancellation labels
	// Unreadable lists files that could not be opened.
	Unreadable []string `json:"unreadable,omitempty"`
	Items      []Item   `json:"items"`
	// labels are the items' labels, for Pool.
	labels []corpus.Label
}

// CategoryStats are one category's figures.
type CategoryStats struct {
	Category  classify.Category `json:"category"`
	Support   int               `json:"support"`   // labels of this category
	Predicted int               `json:"predicted"` // predictions of it (acceptable ones counted as the label)
	Hits      int               `json:"hits"`
	Precision float64           `json:"precision"`
	Recall    float64           `json:"recall"`
	F1        float64           `json:"f1"`
}

// Score counts right answers among those asked.
type Score struct {
	Total   int     `json:"total"`
	Correct int     `json:"correct"`
	Rate    float64 `json:"rate"`
}

// Item is one file's outcome.
type Item struct {
	File        string            `json:"file"`
	Mailbox     string            `json:"mailbox"`
	Expected    classify.Category `json:"expected"`
	Got         classify.Category `json:"got"`
	Confidence  float64           `json:"confidence"`
	Correct     bool              `json:"correct"`
	WrongAction bool              `json:"wrong_action,omitempty"`
	Held        bool              `json:"held_for_approval,omitempty"`
	Secondary   classify.Category `json:"secondary,omitempty"`
	SessionDate string            `json:"session_date,omitempty"`
	WantDate    string            `json:"want_date,omitempty"`
	Envelopes   *bool             `json:"envelopes_received,omitempty"`
	Reasons     []string          `json:"reasons"`
}

// ignored categories get no answer and no agent's look.
var ignored = map[classify.Category]bool{
	classify.Acknowledgement: true, classify.AutoReply: true, classify.Bounce: true, classify.Bulk: true,
}

// silent categories send nothing to the centre and forward nothing.
var silent = map[classify.Category]bool{
	classify.Other: true, classify.Acknowledgement: true,
	classify.AutoReply: true, classify.Bounce: true, classify.Bulk: true,
}

func rate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
