package app

import (
	"sort"
	"sync"
	"time"

	"mailbot/mailbot/imapwatch"
)

// health keeps the last status of every mailbox watcher.
type health struct {
	mu    sync.Mutex
	boxes map[string]imapwatch.Status
	// since is when each mailbox was last seen disconnected while it had
	// been connected, or since start when it never connected.
	downSince map[string]time.Time
}

func newHealth() *health {
	return &health{boxes: map[string]imapwatch.Status{}, downSince: map[string]time.Time{}}
}

func (h *health) update(s imapwatch.Status) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.boxes[s.Name] = s
	switch {
	case s.Connected:
		delete(h.downSince, s.Name)
	case h.downSince[s.Name].IsZero():
		h.downSince[s.Name] = time.Now()
	}
}

// MailboxHealth is one mailbox as the dashboard and the digest show it.
type MailboxHealth struct {
	imapwatch.Status
	// DownSince is when the mailbox stopped being reachable (zero when it is).
	DownSince time.Time
}

// Mailboxes returns the watchers' statuses, sorted by name.
func (a *App) Mailboxes() []MailboxHealth {
	h := a.health
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []MailboxHealth
	for _, w := range a.watchers {
		s, ok := h.boxes[w.Name]
		if !ok {
			s = imapwatch.Status{Name: w.Name}
		}
		down := h.downSince[w.Name]
		if !ok {
			down = a.started
		}
		out = append(out, MailboxHealth{Status: s, DownSince: down})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
