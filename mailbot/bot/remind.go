package bot

import (
	"context"
	"fmt"
	"slices"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/mailbot/engine"
	"mailbot/state"
	"mailbot/templates"
)

// remindEvery is how often open questions are checked.
const remindEvery = 15 * time.Minute

// Remind queues reminders to the engineers for questions left unanswered
// for ReminderWorkingDays working days, until ctx is done.
func (b *Bot) Remind(ctx context.Context) error {
	ticker := time.NewTicker(remindEvery)
	defer ticker.Stop()
	for {
		if err := b.QueueReminders(); err != nil {
			b.log.Error("reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// QueueReminders queues one reminder per question whose last forward or
// reminder is ReminderWorkingDays working days old.
func (b *Bot) QueueReminders() error {
	rules := b.rules()
	if rules.ReminderWorkingDays <= 0 {
		return nil
	}
	convs, err := b.opts.Store.ConversationsWithStatus(state.StatusWaitingEngineer)
	if err != nil {
		return fmt.Errorf("read conversations: %w", err)
	}
	now := b.now()
	cal := rules.Engine.Policy.Calendar
	for _, c := range convs {
		if c.Status != state.StatusWaitingEngineer || c.RemindedAt.IsZero() {
			continue
		}
		waited := cal.WorkingDaysBetween(calendar.DateOf(c.RemindedAt), calendar.DateOf(now))
		if waited < rules.ReminderWorkingDays {
			continue
		}
		if err := b.queueReminder(c.ID, now); err != nil {
			return err
		}
	}
	b.Poke()
	return nil
}

func (b *Bot) queueReminder(id string, now time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.opts.Store.UpdateConversation(id, func(c *state.Conversation, cm *state.Commit) error {
		if c.Status != state.StatusWaitingEngineer {
			return nil
		}
		t := &turn{bot: b, conv: c, now: now}
		cal := t.rules().Engine.Policy.Calendar
		d := templates.Data{
			Sector: c.Sector, SectorLabel: engine.SectorLabel(c.Sector), MailboxAddress: t.rules().Engine.SectorAddress(c.Sector),
			CentreName: c.CentreName, CentreAddress: c.CentreAddress, OriginalSubject: c.Subject,
			Reference: c.ID, Question: firstIn(c).Text, ForwardedAt: c.ForwardedAt, Now: now,
			WorkingDaysWaiting: cal.WorkingDaysBetween(calendar.DateOf(c.ForwardedAt), calendar.DateOf(now)),
		}
		if t, err := time.Parse("2006-01-02", c.SessionDate); err == nil {
			d.SessionDate = t
		}
		r, err := t.rules().Engine.Render(templates.EngineeringReminder, d)
		if err != nil {
			return err
		}
		o := t.outgoing("reminder", templates.EngineeringReminder, "", r.Subject, r.Text, r.HTML)
		o.To = slices.Clone(t.rules().Engineers[c.Sector])
		o.AutoSubmitted = "auto-generated"
		o.SendAt = cal.Next(calendar.Engineering, now)
		// Counted as reminded now, so the next check does not queue another.
		c.RemindedAt = now
		c.AddMessageIDs(o.MessageID)
		c.Entries = append(c.Entries, state.Entry{At: now, Kind: "out", MessageID: o.MessageID, To: o.To, Subject: o.Subject, Action: "reminder"})
		cm.Outgoing = append(cm.Outgoing, o)
		return nil
	})
}
