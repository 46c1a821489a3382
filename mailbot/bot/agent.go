package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

// The agents' actions from the dashboard. Each is one transaction and
// leaves a trace in the conversation.

// Approve releases a held mail: it goes out now.
func (b *Bot) Approve(id, agent string) error {
	return b.changeOutgoing(id, agent, "approuvé", true, func(o *state.Outgoing) error {
		if o.Status != state.OutHeld {
			return fmt.Errorf("mail %s is %s, not held", id, o.Status)
		}
		o.Status, o.SendAt = state.OutPending, b.now()
		return nil
	})
}

// EditAndSend replaces a held mail's text (its HTML part is dropped, as it
// no longer matches) and releases it.
func (b *Bot) EditAndSend(id, agent, text string) error {
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("the edited text is empty")
	}
	return b.changeOutgoing(id, agent, "modifié et approuvé", true, func(o *state.Outgoing) error {
		if o.Status != state.OutHeld {
			return fmt.Errorf("mail %s is %s, not held", id, o.Status)
		}
		o.Text, o.HTML = text, ""
		o.Status, o.SendAt = state.OutPending, b.now()
		return nil
	})
}

// Discard drops a held or pending mail.
func (b *Bot) Discard(id, agent string) error {
	return b.changeOutgoing(id, agent, "abandonné", false, func(o *state.Outgoing) error {
		if o.Status != state.OutHeld && o.Status != state.OutPending {
			return fmt.Errorf("mail %s is %s: nothing to discard", id, o.Status)
		}
		o.Status = state.OutDiscarded
		return nil
	})
}

// changeOutgoing applies fn to a mail and notes it in the mail's
// conversation, in one transaction. An agent who sends the bot's mail
// (accepts) agrees with the conversation's category; one who discards it
// may disagree with the mail only, so that says nothing.
func (b *Bot) changeOutgoing(id, agent, what string, accepts bool, fn func(*state.Outgoing) error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	err := b.opts.Store.UpdateOutgoing(id, func(o *state.Outgoing, cm *state.Commit) error {
		if err := fn(o); err != nil {
			return err
		}
		cm.At = b.now()
		cm.EditOf = o.ConversationID
		cm.Edit = func(c *state.Conversation) {
			if accepts {
				cm.Verdict = acceptance(c, agent, cm.At)
			}
			c.Updated = cm.At
			c.Entries = append(c.Entries, state.Entry{At: cm.At, Kind: "note", From: agent, Text: fmt.Sprintf("mail %s %s", id, what)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	b.Poke()
	return nil
}

// MarkDone closes a conversation and its open tasks.
func (b *Bot) MarkDone(convID, agent string) error {
	return b.changeConversation(convID, agent, "conversation marquée comme traitée", func(c *state.Conversation, cm *state.Commit) error {
		c.Status = state.StatusClosed
		cm.CloseTasksOf = c.ID
		cm.Verdict = acceptance(c, agent, b.now())
		return nil
	})
}

// AddNote adds an agent's note to a conversation.
func (b *Bot) AddNote(convID, agent, text string) error {
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("the note is empty")
	}
	return b.changeConversation(convID, agent, "note : "+text, nil)
}

// Reassign moves a conversation to another sector.
func (b *Bot) Reassign(convID, sector, agent string) error {
	r := b.rules()
	if _, ok := r.Engineers[sector]; !ok && r.Engine.SectorAddress(sector) == "" {
		return fmt.Errorf("unknown sector %q", sector)
	}
	return b.changeConversation(convID, agent, "réaffectée au secteur "+sector, func(c *state.Conversation, _ *state.Commit) error {
		c.Sector, c.Misrouted = sector, false
		return nil
	})
}

func (b *Bot) changeConversation(convID, agent, what string, fn func(*state.Conversation, *state.Commit) error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.opts.Store.UpdateConversation(convID, func(c *state.Conversation, cm *state.Commit) error {
		if fn != nil {
			if err := fn(c, cm); err != nil {
				return err
			}
		}
		cm.At = b.now()
		c.Updated = cm.At
		c.Entries = append(c.Entries, state.Entry{At: cm.At, Kind: "note", From: agent, Text: what})
		return nil
	})
}

// Reclassify re-runs the workflow of a conversation's first message under
// the category an agent chose: mail not yet sent is discarded and the new
// plan's mail is queued (held or recorded as the category's mode says),
// in one transaction, so that the dispatcher, which checks a mail's
// status in the transaction recording its attempt, sends the old plan or
// the new one, never both.
func (b *Bot) Reclassify(ctx context.Context, convID, category, agent string) error {
	cat := classify.Category(category)
	if !cat.Valid() {
		return fmt.Errorf("unknown category %q", category)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	c, err := b.opts.Store.Conversation(convID)
	if err != nil {
		return err
	}
	first := firstIn(c)
	if first.Kind == "" {
		return fmt.Errorf("conversation %s has no incoming message to reclassify", convID)
	}
	// The message is rebuilt from what the conversation kept of it.
	m := &mailmsg.Message{
		MessageID: first.MessageID, From: mailmsg.Address{Address: first.From, Name: c.CentreName},
		Subject: first.Subject, Text: first.Text, Date: first.At,
	}
	mailbox := c.Sector
	now := b.now()
	verdict, known := botVerdict(c, agent, now)
	res := classify.Result{Category: cat, Confidence: 1, Reasons: []string{"reclassé par " + agent}}
	rules := b.rules()
	rules.Engine.Classifier.Facts(m, &res)
	if d, err := time.Parse(time.DateOnly, c.SessionDate); err == nil && res.SessionDate.IsZero() {
		res.SessionDate = d
	}
	t := &turn{bot: b, m: m, mailbox: mailbox, now: now, conv: c, log: b.log.With("conversation", convID), replay: true, live: rules}
	t.commit.At, t.commit.Update, t.commit.DiscardUnsentOf = now, true, convID
	c.Entries = append(c.Entries, state.Entry{At: now, Kind: "note", From: agent, Text: fmt.Sprintf("reclassée : %s → %s", c.Category, category)})
	c.Category = category
	if err := t.apply(rules.Engine.Apply(res, m, mailbox, now), false); err != nil {
		return err
	}
	if known {
		t.commit.Verdict = correction(verdict, m, res, b.opts.Engine.SectorAddress(verdict.Mailbox))
	}
	if err := b.opts.Store.Commit(t.commit); err != nil {
		return err
	}
	b.Poke()
	return nil
}
