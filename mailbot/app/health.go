package app

import (
	"sort"
	"sync"
	"time"

	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/metrics"
	"mailbot/mailbot/web"
)

// health keeps the last status of every mailbox watcher.
type health struct {
	mu    sync.Mutex
	boxes map[string]imapwatch.Status
	// since is when each mailbox was last seen disconnected while it had
	// been connected, or since start when it never connected.
	downSince map[string]time.Time
	metrics   *metrics.Metrics
	clock     func() time.Time
}

func newHealth(m *metrics.Metrics, clock func() time.Time) *health {
	return &health{boxes: map[string]imapwatch.Status{}, downSince: map[string]time.Time{}, metrics: m, clock: clock}
}

func (h *health) update(s imapwatch.Status) {
	h.metrics.Mailbox(s)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.boxes[s.Name] = s
	switch {
	case s.Connected:
		delete(h.downSince, s.Name)
	case h.downSince[s.Name].IsZero():
		h.downSince[s.Name] = h.clock()
	}
}

// MailboxHealth is one mailbox as the dashboard and the digest show it.
type MailboxHealth = web.MailboxHealth

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
