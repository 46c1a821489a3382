package bot

import (
	"fmt"
	"strings"

	"mailbot/classify"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

// Quarantine records a message that the bot will not read (SPEC section
// 6: never a silent drop): too large to fetch, or one that crashed or
// stalled the processing twice (a dead letter). It joins the conversation
// its threading names, or starts one, with an urgent task asking an agent
// to read it in the mailbox; nothing is sent. It returns nil once that is
// durable, and again for a message already quarantined.
func (b *Bot) Quarantine(q imapwatch.Quarantined) error {
	m := &mailmsg.Message{
		MessageID: q.MessageID, InReplyTo: q.InReplyTo, Subject: q.Subject, Date: q.Date,
		From: mailmsg.Address{Address: strings.ToLower(q.From), Name: q.FromName},
		Size: q.Size,
		// No bytes were read: the message's place on the server stands
		// for its content.
		Digest: fmt.Sprintf("unread:%s:%d:%d", q.Mailbox, q.UIDValidity, q.UID),
	}
	for _, name := range q.Attachments {
		m.Attachments = append(m.Attachments, mailmsg.Attachment{Filename: name})
	}
	why := unreadableWhy(q)
	m.Problems = []string{why}
	key := state.DedupeKey(q.Mailbox, m.MessageID, m.Digest)
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, seen, err := b.opts.Store.Seen(key); err != nil || seen {
		return err
	}
	conv, err := b.opts.Store.FindConversation(refPattern.FindString(m.Subject), m.InReplyTo...)
	if err != nil {
		return fmt.Errorf("look up conversation: %w", err)
	}
	now := b.now()
	t := &turn{bot: b, m: m, digest: m.Digest, mailbox: q.Mailbox, now: now, conv: conv, log: b.log.With("mailbox", q.Mailbox, "uid", q.UID, "message_id", m.MessageID)}
	t.commit.SeenKeys, t.commit.At, t.commit.Update, t.commit.Unreadable = []string{key}, now, conv != nil, string(q.Reason)
	if conv == nil {
		ref, err := b.freeReference(m, t.log)
		if err != nil {
			return err
		}
		t.conv = t.newConversation(engine.Decision{Reference: ref})
		t.conv.Category = string(classify.Other)
	}
	t.conv.Status, t.conv.Priority = state.StatusNeedsHuman, state.PriorityUrgent
	t.task(state.PriorityUrgent, "Message impossible à traiter : lisez-le dans la boîte "+b.rules().Engine.SectorAddress(q.Mailbox)+" ("+why+")")
	t.record(nil)
	if err := b.opts.Store.Commit(t.commit); err != nil {
		return err
	}
	t.log.Error("message quarantined: agent task created", "conversation", t.conv.ID, "reason", q.Reason)
	return nil
}

// unreadableWhy says in French, for the agent, why the message was not read.
func unreadableWhy(q imapwatch.Quarantined) string {
	if q.Reason == imapwatch.TooLarge {
		return fmt.Sprintf("message de %.1f Mo, au-delà de la taille maximale : il n'a pas été lu", float64(q.Size)/(1<<20))
	}
	return fmt.Sprintf("son traitement a échoué %d fois : %s", q.Attempts, truncate(q.LastError, 300))
}
