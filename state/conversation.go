package state

import (
	"fmt"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Conversation statuses.
const (
	StatusOpen            = "open"             // needs nothing more from the bot
	StatusNeedsHuman      = "needs_human"      // an agent must look
	StatusWaitingEngineer = "waiting_engineer" // forwarded, no answer yet
	StatusClosed          = "closed"
)

// Conversation is one exchange with a centre: its mails in and out, the
// decisions taken and the agents' notes.
type Conversation struct {
	ID            string    `json:"id"` // also the reference token, e.g. GEV-7K2Q9M
	Sector        string    `json:"sector"`
	Category      string    `json:"category"`
	Status        string    `json:"status"`
	Priority      string    `json:"priority"`
	CentreAddress string    `json:"centre_address"`
	CentreName    string    `json:"centre_name"`
	Subject       string    `json:"subject"`
	SessionDate   string    `json:"session_date,omitempty"` // YYYY-MM-DD
	Misrouted     bool      `json:"misrouted,omitempty"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
	// ForwardedAt is when the question went to the engineers (zero if not).
	ForwardedAt time.Time `json:"forwarded_at,omitzero"`
	// RemindedAt is when the engineers were last reminded.
	RemindedAt time.Time `json:"reminded_at,omitzero"`
	// MessageIDs lists every Message-ID of the thread, ours and theirs, so
	// that a reply's In-Reply-To/References finds the conversation.
	MessageIDs []string `json:"message_ids"`
	Entries    []Entry  `json:"entries"`
	// Rev counts the conversation's writes: a commit built on an older
	// revision fails with ErrConflict.
	Rev int `json:"rev,omitempty"`
}

// Entry is one event of a conversation's timeline.
type Entry struct {
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"` // in, out, decision, note, relay
	Mailbox   string    `json:"mailbox,omitempty"`
	MessageID string    `json:"message_id,omitempty"`
	// Digest identifies an incoming mail's content (see bot.contentKey).
	Digest      string   `json:"digest,omitempty"`
	From        string   `json:"from,omitempty"`
	To          []string `json:"to,omitempty"`
	Subject     string   `json:"subject,omitempty"`
	Text        string   `json:"text,omitempty"`
	Category    string   `json:"category,omitempty"`
	Confidence  float64  `json:"confidence,omitempty"`
	Action      string   `json:"action,omitempty"`
	Template    string   `json:"template,omitempty"`
	Reasons     []string `json:"reasons,omitempty"`
	Problems    []string `json:"problems,omitempty"`
	Attachments []string `json:"attachments,omitempty"`
	// PendingRelay is, on a mail that claims to answer for an engineer but
	// failed the checks, the answer as it would be relayed: an agent who
	// checked it may relay it unchanged; "" once relayed or when none.
	PendingRelay string `json:"pending_relay,omitempty"`
}

// AddMessageIDs records ids as part of the thread, once each.
func (c *Conversation) AddMessageIDs(ids ...string) {
	for _, id := range ids {
		if id != "" && !slices.Contains(c.MessageIDs, id) {
			c.MessageIDs = append(c.MessageIDs, id)
		}
	}
}

// Conversation returns one conversation by id.
func (s *Store) Conversation(id string) (*Conversation, error) {
	var c Conversation
	err := s.db.View(func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bConvs), id, &c)
		if err == nil && !ok {
			err = fmt.Errorf("conversation %s: %w", id, ErrNotFound)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// HasConversation tells whether a conversation has this ID, archived or
// not: an ID is never given twice.
func (s *Store) HasConversation(id string) (bool, error) {
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		found = tx.Bucket(bConvs).Get([]byte(id)) != nil || tx.Bucket(bArchive).Get([]byte(id)) != nil
		return nil
	})
	return found, err
}

// FindConversation returns the conversation that holds one of the given
// Message-IDs (In-Reply-To, References) or has the reference token ref, or
// nil when none does.
func (s *Store) FindConversation(ref string, msgIDs ...string) (*Conversation, error) {
	c, _, err := s.Lookup(ref, msgIDs...)
	return c, err
}

// Lookup is FindConversation that also says what it read of the
// Message-ID index: owners maps each Message-ID looked at to its
// conversation ("" for none). A commit built on the answer carries them
// (Commit.Owners), so that it fails if another commit changed them.
func (s *Store) Lookup(ref string, msgIDs ...string) (c *Conversation, owners map[string]string, err error) {
	owners = map[string]string{}
	err = s.db.View(func(tx *bolt.Tx) error {
		id := ""
		if ref != "" && tx.Bucket(bConvs).Get([]byte(ref)) != nil {
			id = ref
		}
		for i := len(msgIDs) - 1; id == "" && i >= 0; i-- {
			id = string(tx.Bucket(bMsgIDs).Get([]byte(msgIDs[i])))
			owners[msgIDs[i]] = id
		}
		if id == "" {
			return nil
		}
		c = new(Conversation)
		ok, err := getJSON(tx.Bucket(bConvs), id, c)
		if !ok {
			c = nil
		}
		return err
	})
	return c, owners, err
}

// Conversations returns every conversation, most recently updated first.
func (s *Store) Conversations() ([]Conversation, error) {
	var out []Conversation
	err := s.db.View(func(tx *bolt.Tx) error {
		return each(tx, bConvs, func(c *Conversation) error {
			out = append(out, *c)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Updated.After(out[j].Updated) })
	return out, err
}

// UpdateConversation applies fn to a stored conversation and saves it, with
// any outgoing mail and tasks fn adds to the commit, in one transaction.
// fn may run more than once (see writer): it must change only c and cm.
func (s *Store) UpdateConversation(id string, fn func(c *Conversation, cm *Commit) error) error {
	return s.w.update(func(tx *bolt.Tx) error {
		var c Conversation
		ok, err := getJSON(tx.Bucket(bConvs), id, &c)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("conversation %s: %w", id, ErrNotFound)
		}
		cm := Commit{Conversation: &c, Update: true}
		if err := fn(&c, &cm); err != nil {
			return err
		}
		return cm.write(tx)
	})
}
