package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"regexp"
	"strings"
	"time"

	"mailbot/mailbot/engine"
	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/workflow"
	"mailbot/state"
)

// refPattern finds our reference token in a subject ("[GEV-7K2QXM4P]"),
// or one of the six-character references made before 40-bit ones.
var refPattern = regexp.MustCompile(`\bGEV-(?:[A-Z2-9]{8}|[A-Z2-9]{6})\b`)

// maxEntryText bounds the text kept per mail in a conversation.
const maxEntryText = 8000

// incoming is one message on its way through Process.
type incoming struct {
	m       *mailmsg.Message
	mailbox string
	digest  string // contentKey(m)
	key     string // the dedupe key
	now     time.Time
	log     *slog.Logger
	// rules are those in force when the message came: its decision and
	// its commit use them, even if a reload comes between.
	rules *Rules
	// d is the engine's decision, taken outside the bot's lock; nil
	// until the message's route needs one.
	d *engine.Decision
	// cursor, when set, is saved with the message's commit.
	cursor *state.Cursor
}

// maxTries bounds the times a message's turn is built again, when its
// route needs a decision not yet taken or when its commit finds that
// another changed what it was built on (state.ErrConflict).
const maxTries = 5

// Process decides one message that arrived in mailbox (a sector) and
// commits the outcome. It returns nil once the outcome is durable (the
// caller may then mark the IMAP message) or when the message was already
// processed.
//
// Reading and deciding — the engine's work, the LLM's call included — run
// outside the bot's lock, each within Options.StageTimeout; the lock
// covers only the read-modify-write of the conversation, up to queuing
// the commit: the wait for the disk is outside it, so the watchers' commits
// share one fsync (state.Store.Submit). A message that exhausts that time,
// or makes reading or deciding panic, fails with ErrUnprocessable. When
// ctx ends before the decision is taken, nothing is committed: the
// message waits for the next run rather than being filed as "other" by an
// interrupted second opinion.
func (b *Bot) Process(ctx context.Context, mailbox string, raw io.Reader) error {
	return b.ProcessWithCursor(ctx, mailbox, raw, nil)
}

// ProcessWithCursor is Process that also saves cur as mailbox's IMAP
// cursor, in the message's commit, or alone when the message was already
// processed: once it returns nil, cur is durable.
func (b *Bot) ProcessWithCursor(ctx context.Context, mailbox string, raw io.Reader, cur *state.Cursor) error {
	wait, err := b.Queue(ctx, mailbox, raw, cur)
	if err != nil {
		return err
	}
	return wait()
}

// Queue is ProcessWithCursor in two halves, so that a watcher can read and
// decide its next message while this one's commit waits for the disk, and
// the commits of several messages share one fsync. Queue reads and
// decides the message, builds its turn and queues its commit; it returns
// once raw is read, with a function that waits until the outcome is
// durable (building the turn again if another commit changed what it was
// built on) and returns ProcessWithCursor's result. Turns queued one after
// the other are committed in that order, so a message and a reply to it
// queued next are threaded as if each had waited.
func (b *Bot) Queue(ctx context.Context, mailbox string, raw io.Reader, cur *state.Cursor) (func() error, error) {
	began := time.Now()
	in := &incoming{mailbox: mailbox, now: b.now(), rules: b.rules(), cursor: cur}
	log := b.log.With("mailbox", mailbox)
	if uid, ok := uidOf(ctx); ok {
		log = log.With("uid", uid)
	}
	err := b.withinBudget(ctx, log, "reading", func(context.Context) { in.m = mailmsg.Parse(raw) })
	if err != nil {
		return nil, err
	}
	in.digest = contentKey(in.m)
	in.key = state.DedupeKey(mailbox, in.m.MessageID, in.digest)
	in.log = log.With("message_id", in.m.MessageID)
	if err := b.decideIfNeeded(ctx, in); err != nil {
		return nil, err
	}
	t, wait, err := b.build(in)
	return func() error {
		if err == nil && t != nil {
			err = wait()
		}
		// The route is read again under the lock: a conversation can
		// change between the decision and the commit, and rarely then
		// need one.
		for try := 1; try < maxTries && retry(err); try++ {
			if err = b.decideIfNeeded(ctx, in); err != nil {
				return err
			}
			t, err = b.settle(in)
		}
		return b.processed(in, t, err, began)
	}, nil
}

// retry tells whether a turn must be built again.
func retry(err error) bool {
	return errors.Is(err, errNeedDecision) || errors.Is(err, state.ErrConflict) || errors.Is(err, state.ErrExists)
}

// processed reports a message's durable outcome: t is its turn, nil when
// the message was processed before (only the cursor is then left to
// save).
func (b *Bot) processed(in *incoming, t *turn, err error, began time.Time) error {
	switch {
	case err != nil:
		return err
	case t == nil:
		if in.cursor != nil {
			return b.opts.Store.SetCursor(in.mailbox, *in.cursor)
		}
		return nil
	}
	plan := t.event.Decision.Plan
	in.log.Info("processed", "conversation", t.commit.Conversation.ID, "category", plan.Category, "action", plan.Action, "note", t.event.Note)
	b.opts.Metrics.Decided(in.mailbox, string(plan.Category), string(plan.Action), time.Since(began))
	if b.opts.OnDecision != nil {
		b.opts.OnDecision(t.event)
	}
	if len(t.commit.Outgoing) > 0 {
		b.Poke()
	}
	return nil
}

// errNeedDecision: the message's route needs the engine's decision, which
// was not taken.
var errNeedDecision = errors.New("the message needs a decision")

// decideIfNeeded takes the engine's decision, outside the lock, when the
// message is new and its route needs one.
func (b *Bot) decideIfNeeded(ctx context.Context, in *incoming) error {
	if in.d != nil {
		return nil
	}
	if _, seen, err := b.opts.Store.Seen(in.key); err != nil || seen {
		return err
	}
	conv, dup, _, err := b.find(in.m, in.digest)
	if err != nil {
		return fmt.Errorf("look up conversation: %w", err)
	}
	if (&turn{bot: b, m: in.m, conv: conv, live: in.rules}).route(dup) != nil {
		return nil
	}
	var d engine.Decision
	err = b.withinBudget(ctx, in.log, "deciding", func(ctx context.Context) { d = in.rules.Engine.Decide(ctx, in.m, in.mailbox, in.now) })
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("stopped before the decision was taken: %w", context.Cause(ctx))
	}
	in.d = &d
	return nil
}

// settle builds the message's turn and waits until its commit is
// durable; nil, nil when the message was processed meanwhile.
func (b *Bot) settle(in *incoming) (*turn, error) {
	t, wait, err := b.build(in)
	if err != nil || t == nil {
		return nil, err
	}
	return t, wait()
}

// build takes the lock, checks that the message is still new, builds its
// turn on the conversation as it is now and queues its commit, which the
// returned function waits for.
func (b *Bot) build(in *incoming) (*turn, func() error, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, seen, err := b.opts.Store.Seen(in.key); err != nil || seen {
		return nil, nil, err
	}
	conv, dup, owners, err := b.find(in.m, in.digest)
	if err != nil {
		return nil, nil, fmt.Errorf("look up conversation: %w", err)
	}
	t := &turn{bot: b, m: in.m, digest: in.digest, mailbox: in.mailbox, now: in.now, conv: conv, log: in.log, live: in.rules}
	t.commit.SeenKeys = []string{in.key}
	t.commit.At = in.now
	t.commit.Update = conv != nil
	t.commit.Owners = owners
	if in.cursor != nil {
		t.commit.Mailbox, t.commit.Cursor = in.mailbox, in.cursor
	}
	if handle := t.route(dup); handle != nil {
		handle(t)
	} else {
		if in.d == nil {
			return nil, nil, errNeedDecision
		}
		d := *in.d
		if conv == nil {
			ref, err := b.freeReference(in.m, in.log)
			if err != nil {
				return nil, nil, err
			}
			if ref != d.Reference { // rendered again: the reference is in the text
				d = in.rules.Engine.ApplyAs(d.Result, in.m, in.mailbox, in.now, ref)
			}
		}
		if err := t.apply(d, conv != nil); err != nil {
			return nil, nil, err
		}
	}
	return t, b.opts.Store.Submit(t.commit), nil
}

// route says how the turn's message is handled when the engine does not
// decide: nil means it does. It reads only the message and its
// conversation.
func (t *turn) route(dup bool) func(*turn) {
	switch {
	case dup:
		return (*turn).duplicate
	case t.conv != nil && t.claimsEngineer():
		return (*turn).engineerAnswer
	}
	return nil
}

// maxReferenceTries bounds the search for a free reference; with 40 bits
// a second try is already rare.
const maxReferenceTries = 8

// freeReference returns a reference for m's new conversation that no
// conversation holds: the derived one, or else the next alternative
// (engine.OtherReference). Called under the lock, so that no other
// message takes it meanwhile; Commit refuses an ID taken all the same.
func (b *Bot) freeReference(m *mailmsg.Message, log *slog.Logger) (string, error) {
	for n := 0; n < maxReferenceTries; n++ {
		ref := engine.OtherReference(m, n)
		taken, err := b.opts.Store.HasConversation(ref)
		if err != nil || !taken {
			return ref, err
		}
		log.Warn("reference already held by another conversation: deriving another", "reference", ref)
	}
	return "", fmt.Errorf("no free conversation reference after %d tries", maxReferenceTries)
}

// turn is the processing of one message: it fills commit and event.
type turn struct {
	bot     *Bot
	m       *mailmsg.Message
	digest  string // contentKey(m)
	mailbox string
	now     time.Time
	conv    *state.Conversation
	log     *slog.Logger
	commit  state.Commit
	event   Event
	// replay is set when an agent reclassifies a message already recorded.
	replay bool
	// pendingRelay is kept on the incoming entry (state.Entry.PendingRelay).
	pendingRelay string
	// live are the rules of this turn, taken at its first need (rules).
	live *Rules
}

// find returns the conversation a message belongs to: the one that already
// holds this very mail (dup), else the one its threading headers, enclosed
// mail or reference token point to, else nil. owners is what it read of
// the Message-ID index (state.Commit.Owners).
func (b *Bot) find(m *mailmsg.Message, digest string) (conv *state.Conversation, dup bool, owners map[string]string, err error) {
	owners = map[string]string{}
	if m.MessageID != "" {
		c, own, err := b.opts.Store.Lookup("", m.MessageID)
		maps.Copy(owners, own)
		if err != nil || c != nil && sameMessage(c, m.MessageID, digest) {
			return c, c != nil, owners, err
		}
	}
	// A bounce names our undelivered mail only in the mail it encloses.
	ids := append(append(append([]string{}, m.EnclosedIDs...), m.References...), m.InReplyTo...)
	conv, own, err := b.opts.Store.Lookup(refPattern.FindString(m.Subject), ids...)
	maps.Copy(owners, own)
	return conv, false, owners, err
}

// sameMessage tells whether the conversation already holds this mail: the
// same Message-ID with the same content (the mail sent to two sector
// mailboxes), or one of our own mails coming back. A reused Message-ID with
// another body is a new message.
func sameMessage(c *state.Conversation, id, digest string) bool {
	for _, e := range c.Entries {
		if e.MessageID == id && (e.Kind == "out" || e.Kind == "in" && e.Digest == digest) {
			return true
		}
	}
	return false
}

// contentKey digests what a message says, leaving out the trace fields
// (Received, Return-Path, Delivered-To) that every delivery adds: the same
// mail delivered twice has the same key, another body another key.
func contentKey(m *mailmsg.Message) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%s\x00%s", m.From.Address, m.Subject, m.Date.Unix(), m.Text, m.HTML)
	for _, a := range m.Attachments {
		fmt.Fprintf(h, "\x00%s\x00%d", a.Filename, a.Size)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// duplicate: the same mail reached a second sector mailbox; it joins the
// conversation it already made and nothing more is sent.
func (t *turn) duplicate() {
	t.note("message déjà dans cette conversation (reçu dans une autre boîte, ou notre propre envoi) : rien de plus")
	t.record(nil)
}

// engineerAnswer relays an engineer's reply, unchanged, to the centre in
// the original thread (SPEC section 5), once distrust finds nothing wrong
// with it. Anything else that claims to be an engineer's answer is kept
// for an agent, who may relay it as it is after checking it; it changes
// nothing in the conversation, so the genuine answer is still relayed.
func (t *turn) engineerAnswer() {
	c := t.conv
	t.event.Decision.Plan.Action = workflow.Escalate
	if why := t.distrust(); why != "" {
		t.holdAnswer(state.PriorityHigh, "Réponse d'ingénieur non vérifiée : à contrôler avant de la relayer",
			"se présente comme la réponse d'un ingénieur, mais "+why+" : non relayé, pour un agent")
		return
	}
	if c.Status != state.StatusWaitingEngineer {
		t.holdAnswer(state.PriorityNormal, "Message d'un ingénieur à lire", "message d'un ingénieur dans une conversation qui n'attend pas de réponse : non relayé")
		return
	}
	o := t.relay(answerText(t.m))
	t.note("réponse de l'ingénieur relayée à " + c.CentreAddress)
	t.record(nil, o)
	t.event.Decision.Plan.Action = workflow.Relay
}

// holdAnswer keeps an answer that is not relayed for an agent, who may
// relay it unchanged, and says why in the conversation.
func (t *turn) holdAnswer(priority, task, why string) {
	t.note(why)
	t.task(priority, task)
	if a := answerText(t.m); len(a) <= maxPendingRelay {
		t.pendingRelay = a
	}
	t.record(&state.Entry{Kind: "note", Text: why})
}

// relay queues answer, unchanged, to the centre in its thread and closes
// the conversation.
func (t *turn) relay(answer string) state.Outgoing {
	c := t.conv
	o := t.outgoing("relay", "", c.CentreAddress, engine.ReplySubject(c.Subject), answer, "")
	o.InReplyTo = firstIn(c).MessageID
	o.References = threadRefs(c)
	c.Status = state.StatusClosed
	return o
}

func (t *turn) isSectorEngineer(sector string) bool {
	for _, a := range t.rules().Engineers[sector] {
		if strings.EqualFold(a, t.m.From.Address) {
			return true
		}
	}
	return false
}

// note records what happened in the event.
func (t *turn) note(s string) {
	if t.event.Note != "" {
		t.event.Note += "; "
	}
	t.event.Note += s
}

func (t *turn) task(priority, title string) {
	t.commit.Tasks = append(t.commit.Tasks, state.Task{
		ID: state.NewID("task", t.now), ConversationID: t.convID(), Priority: priority, Title: title, Created: t.now,
	})
}

func (t *turn) convID() string {
	if t.conv != nil {
		return t.conv.ID
	}
	return ""
}

// firstIn is the mail that started the conversation (a zero Entry when
// the conversation kept none).
func firstIn(c *state.Conversation) state.Entry {
	for _, e := range c.Entries {
		if e.Kind == "in" {
			return e
		}
	}
	return state.Entry{}
}

// threadRefs are the References of a mail to the centre: every Message-ID
// the centre has seen in the thread (RFC 5322 section 3.6.4).
func threadRefs(c *state.Conversation) []string {
	var refs []string
	for _, e := range c.Entries {
		if e.MessageID != "" && (e.Kind == "in" && strings.EqualFold(e.From, c.CentreAddress) || e.Kind == "out" && containsAddr(e.To, c.CentreAddress)) {
			refs = append(refs, e.MessageID)
		}
	}
	return refs
}

func containsAddr(list []string, a string) bool {
	for _, x := range list {
		if strings.EqualFold(x, a) {
			return true
		}
	}
	return false
}
