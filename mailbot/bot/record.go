package bot

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"mailbot/classify/clean"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

func (t *turn) newConversation(d engine.Decision) *state.Conversation {
	return &state.Conversation{
		ID:            d.Reference,
		Sector:        t.mailbox,
		Status:        state.StatusOpen,
		Priority:      state.PriorityNormal,
		Category:      string(d.Plan.Category),
		CentreAddress: replyAddress(t.m, t.rules().ReplyToDomains),
		CentreName:    t.m.From.Name,
		Subject:       truncate(t.m.Subject, maxSubject),
		Created:       t.now,
	}
}

// outgoing builds a mail from the sector mailbox; its Message-ID is fixed
// now, so a retry after a crash sends the very same mail.
func (t *turn) outgoing(kind, template, to, subject, text, html string) state.Outgoing {
	from := t.rules().Engine.SectorAddress(t.conv.Sector)
	o := state.Outgoing{
		ID:             state.NewID(kind, t.now),
		ConversationID: t.conv.ID,
		Kind:           kind,
		Template:       template,
		MessageID:      messageID(t.conv.ID, from),
		From:           from,
		FromName:       "Unité GEV – AFPA",
		Subject:        subject,
		Text:           text,
		HTML:           html,
		AutoSubmitted:  "auto-replied",
		Created:        t.now,
		SendAt:         t.now,
		Status:         t.rules().Modes.Status(t.category()),
	}
	if to != "" {
		o.To = []string{to}
	}
	return o
}

// category is what the mail of this turn is about: the decision's
// category, or the conversation's for relays and reminders.
func (t *turn) category() string {
	if c := t.event.Decision.Plan.Category; c != "" {
		return string(c)
	}
	return t.conv.Category
}

// record appends the incoming message, an optional decision and the
// queued mail to the conversation and puts it all in the commit.
func (t *turn) record(decision *state.Entry, outs ...state.Outgoing) {
	c, m := t.conv, t.m
	c.Updated = t.now
	if !t.replay {
		c.AddMessageIDs(m.MessageID)
		c.Entries = append(c.Entries, state.Entry{
			At: t.now, Kind: "in", Mailbox: t.mailbox, MessageID: m.MessageID, Digest: t.digest, From: m.From.Address,
			Subject: truncate(m.Subject, maxSubject), Text: truncate(m.Text, maxEntryText), Problems: m.Problems, Attachments: attachmentNames(m),
			PendingRelay: t.pendingRelay,
		})
	}
	if decision != nil {
		decision.At = t.now
		c.Entries = append(c.Entries, *decision)
	}
	for _, o := range outs {
		addOut(c, o, t.now)
	}
	for i := range t.commit.Tasks {
		t.commit.Tasks[i].ConversationID = c.ID
	}
	t.commit.Conversation = c
	t.commit.Outgoing = append(t.commit.Outgoing, outs...)
	t.event.Mailbox, t.event.From, t.event.Subject, t.event.Conversation = t.mailbox, m.From.Address, m.Subject, c.ID
}

// addOut records a queued mail in its conversation's timeline.
func addOut(c *state.Conversation, o state.Outgoing, at time.Time) {
	c.AddMessageIDs(o.MessageID)
	c.Entries = append(c.Entries, state.Entry{
		At: at, Kind: "out", MessageID: o.MessageID, From: o.From, To: o.To,
		Subject: o.Subject, Text: truncate(o.Text, maxEntryText), Template: o.Template, Action: o.Kind,
	})
}

// Bounds on what a conversation keeps of one mail (the text has
// maxEntryText): a hostile mail must not swell the state file.
const (
	maxSubject = 1000 // bytes of subject
	maxNames   = 20   // attachment names, each already short (mailmsg)
)

// attachmentNames lists at most maxNames attachment names, then how many
// more there are.
func attachmentNames(m *mailmsg.Message) []string {
	var names []string
	for _, a := range m.Attachments {
		if len(names) == maxNames {
			return append(names, fmt.Sprintf("… et %d autres pièces jointes", len(m.Attachments)-maxNames))
		}
		names = append(names, a.Filename)
	}
	return names
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := clean.Cut(s, n)
	if i := strings.LastIndex(cut, " "); i >= n/2 {
		cut = cut[:i] // end on a word when one is near
	}
	return cut + " […]"
}

// messageID makes a Message-ID in the sector mailbox's domain that
// carries the conversation reference (RFC 5322 section 3.6.4).
func messageID(conv, from string) string {
	domain := domainOf(from)
	if domain == "" {
		domain = "mailbot.invalid"
	}
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return "<mailbot." + conv + "-" + hex.EncodeToString(b[:]) + "@" + domain + ">"
}
