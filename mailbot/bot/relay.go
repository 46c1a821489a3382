package bot

import (
	"fmt"

	"mailbot/state"
)

// RelayAsIs sends the centre, unchanged, the answer kept on entry of a
// conversation (a mail that claimed to answer for an engineer but failed
// the checks), once an agent has checked it, and closes the conversation:
// the relay, the closing and the agent's note are one transaction.
func (b *Bot) RelayAsIs(convID string, entry int, agent string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	err := b.opts.Store.UpdateConversation(convID, func(c *state.Conversation, cm *state.Commit) error {
		if entry < 0 || entry >= len(c.Entries) || c.Entries[entry].PendingRelay == "" {
			return fmt.Errorf("no answer to relay at entry %d of %s (already relayed?)", entry, convID)
		}
		if c.CentreAddress == "" {
			return fmt.Errorf("conversation %s has no centre address to relay to", convID)
		}
		e := &c.Entries[entry]
		t := &turn{bot: b, now: now, conv: c, log: b.log.With("conversation", convID)}
		o := t.relay(e.PendingRelay)
		e.PendingRelay = ""
		c.Updated = now
		c.Entries = append(c.Entries, state.Entry{At: now, Kind: "note", From: agent, Text: fmt.Sprintf("réponse de %s vérifiée et relayée telle quelle", e.From)})
		addOut(c, o, now)
		cm.At = now
		cm.Outgoing = append(cm.Outgoing, o)
		cm.CloseTasksOf = c.ID
		cm.Verdict = acceptance(c, agent, now) // the agent handled it as the bot had classed it
		return nil
	})
	if err != nil {
		return err
	}
	b.log.Info("answer relayed as it is by an agent", "conversation", convID, "agent", agent)
	b.Poke()
	return nil
}
