package state

import (
	"time"

	bolt "go.etcd.io/bbolt"
)

// bVerdicts holds the agents' verdicts on the bot's category, one per
// conversation: conversation id -> Verdict. It is created by the first
// write, so a state file made before it opens unchanged.
var bVerdicts = []byte("verdicts")

// Verdict is what an agent said of the category the bot gave a
// conversation's first message. A reclassification says it with a
// category and keeps the message as a labelled example to retrain the
// model on; an acceptance (the agent sent the bot's prepared mail or
// closed the conversation without reclassifying) says the category stood.
type Verdict struct {
	Conversation string    `json:"conversation"`
	Mailbox      string    `json:"mailbox"`
	Received     time.Time `json:"received"`
	// BotCategory and BotConfidence are the bot's decision on the first
	// message, before any agent changed it.
	BotCategory   string    `json:"bot_category"`
	BotConfidence float64   `json:"bot_confidence"`
	AgentCategory string    `json:"agent_category"`
	Agent         string    `json:"agent"`
	At            time.Time `json:"at"`
	// Reclassified tells a reclassification (with an Example) from an
	// acceptance.
	Reclassified bool     `json:"reclassified"`
	Example      *Example `json:"example,omitempty"`
}

// Agreed tells whether the agent kept the bot's category.
func (v *Verdict) Agreed() bool { return v.BotCategory == v.AgentCategory }

// Example is the message a reclassification labels, as the model reads
// it: the subject as sent and the new text without quoted history.
type Example struct {
	MessageID string `json:"message_id,omitempty"`
	From      string `json:"from,omitempty"`
	FromName  string `json:"from_name,omitempty"`
	To        string `json:"to,omitempty"`
	Subject   string `json:"subject"`
	Text      string `json:"text"`
	// SessionDate (YYYY-MM-DD) and EnvelopesReceived are the facts the bot
	// read in the message under the agent's category, when it found them.
	SessionDate       string `json:"session_date,omitempty"`
	EnvelopesReceived *bool  `json:"envelopes_received,omitempty"`
}

// putVerdict stores v. An acceptance never replaces an earlier verdict:
// a conversation counts once, and a reclassification, the stronger
// statement, replaces any verdict (the agent's latest category is the
// label).
func putVerdict(tx *bolt.Tx, v *Verdict) error {
	b, err := tx.CreateBucketIfNotExists(bVerdicts)
	if err != nil {
		return err
	}
	if !v.Reclassified && b.Get([]byte(v.Conversation)) != nil {
		return nil
	}
	return putJSON(b, v.Conversation, v)
}

// Verdicts returns every verdict, in conversation id order.
func (s *Store) Verdicts() ([]Verdict, error) {
	var out []Verdict
	err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bVerdicts) == nil {
			return nil
		}
		return each(tx, bVerdicts, func(v *Verdict) error {
			out = append(out, *v)
			return nil
		})
	})
	return out, err
}
