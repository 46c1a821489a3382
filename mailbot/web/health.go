package web

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"mailbot/mailbot/digest"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/metrics"
	"mailbot/state"
)

// MailboxHealth is one watched mailbox as the dashboard shows it (the
// same shape as app.MailboxHealth).
type MailboxHealth struct {
	imapwatch.Status
	// DownSince is when the mailbox stopped being reachable (zero when it is).
	DownSince time.Time
}

// Unreachable tells whether the mailbox has been down for at least after.
func (m MailboxHealth) Unreachable(now time.Time, after time.Duration) bool {
	return !m.DownSince.IsZero() && now.Sub(m.DownSince) >= after
}

// ForDigest converts the states for the digest.
func ForDigest(boxes []MailboxHealth) []digest.Mailbox {
	out := make([]digest.Mailbox, len(boxes))
	for i, b := range boxes {
		out[i] = digest.Mailbox{Name: b.Name, DownSince: b.DownSince, LastError: b.LastError}
	}
	return out
}

func (s *Server) unreachable() []MailboxHealth {
	var down []MailboxHealth
	now := s.o.Clock()
	for _, m := range s.o.Mailboxes() {
		if m.Unreachable(now, s.o.Config.UnreachableAfter) {
			down = append(down, m)
		}
	}
	return down
}

// watchEvery is how often the mailboxes are checked for the error log.
const watchEvery = 30 * time.Second

// watchMailboxes logs at error level once per outage each mailbox that
// stays unreachable, and at info level when it is back.
func (s *Server) watchMailboxes(ctx context.Context) {
	logged := map[string]time.Time{} // mailbox → the DownSince already logged
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	for {
		s.checkMailboxes(logged)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Server) checkMailboxes(logged map[string]time.Time) {
	now := s.o.Clock()
	for _, m := range s.o.Mailboxes() {
		switch {
		case m.Unreachable(now, s.o.Config.UnreachableAfter) && !logged[m.Name].Equal(m.DownSince):
			logged[m.Name] = m.DownSince
			s.log.Error("mailbox unreachable", "mailbox", m.Name, "since", m.DownSince, "last_error", m.LastError)
		case m.DownSince.IsZero() && !logged[m.Name].IsZero():
			delete(logged, m.Name)
			s.log.Info("mailbox reachable again", "mailbox", m.Name)
		}
	}
}

// outboxHealth summarises what waits in the outbox.
type outboxHealth struct {
	Pending       int       `json:"pending"`
	Held          int       `json:"held"`
	Failed        int       `json:"failed"`
	OldestPending time.Time `json:"oldest_pending,omitzero"` // when the oldest pending mail was due
	OldestHeld    time.Time `json:"oldest_held,omitzero"`
}

func (s *Server) outboxHealth() (outboxHealth, error) {
	out, err := s.o.Store.Unsent() // the hot outbox: sent mail is not read
	var h outboxHealth
	for _, o := range out {
		switch o.Status {
		case state.OutPending:
			h.Pending++
			if h.OldestPending.IsZero() || o.SendAt.Before(h.OldestPending) {
				h.OldestPending = o.SendAt
			}
		case state.OutHeld:
			h.Held++
			if h.OldestHeld.IsZero() || o.Created.Before(h.OldestHeld) {
				h.OldestHeld = o.Created
			}
		case state.OutFailed:
			h.Failed++
		}
	}
	return h, err
}

type mailboxJSON struct {
	Name        string    `json:"name"`
	Connected   bool      `json:"connected"`
	Idling      bool      `json:"idling"`
	LastCheck   time.Time `json:"last_check,omitzero"`
	LastFetch   time.Time `json:"last_fetch,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	Reconnects  int       `json:"reconnects"`
	DownSince   time.Time `json:"down_since,omitzero"`
	Unreachable bool      `json:"unreachable"`
}

// healthz answers 200 with "ok" or "degraded" (a mailbox unreachable for
// longer than allowed): restarting mailbot would not bring a mail server
// back. Only an unreadable state file is a 503. Anonymous callers (a
// load balancer's probe) get the status alone; the mailboxes, their
// errors and server addresses are for agents and monitoring, as is the
// count of messages recorded unread since the state file was created, by
// reason (too_large, poison): each has an urgent agent task.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	type full struct {
		Mailboxes  []mailboxJSON  `json:"mailboxes"`
		Outbox     outboxHealth   `json:"outbox"`
		Unreadable map[string]int `json:"unreadable"`
		Error      string         `json:"error,omitempty"`
	}
	body := struct {
		Status string `json:"status"`
		*full
	}{Status: "ok", full: &full{Mailboxes: []mailboxJSON{}}}
	now := s.o.Clock()
	for _, m := range s.o.Mailboxes() {
		down := m.Unreachable(now, s.o.Config.UnreachableAfter)
		if down {
			body.Status = "degraded"
		}
		body.Mailboxes = append(body.Mailboxes, mailboxJSON{m.Name, m.Connected, m.Idling, m.LastCheck, m.LastFetch, m.LastError, m.Reconnects, m.DownSince, down})
	}
	code := http.StatusOK
	var err error
	if body.Outbox, err = s.outboxHealth(); err == nil {
		body.Unreadable, err = s.o.Store.Unreadable()
	}
	if err != nil {
		body.Status, body.Error, code = "error", err.Error(), http.StatusServiceUnavailable
	}
	if !s.monitor(w, r) {
		body.full = nil
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

// metricsHandler serves the registry in the Prometheus text format; it
// is a 404 without metrics.
func metricsHandler(m *metrics.Metrics) http.Handler {
	reg := m.Registry()
	if reg == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

type healthPage struct {
	Now       time.Time
	Mailboxes []MailboxHealth
	Down      map[string]bool
	Outbox    outboxHealth
}

func (s *Server) health(w http.ResponseWriter, r *http.Request, sess *session) {
	ob, err := s.outboxHealth()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := healthPage{Now: s.o.Clock(), Mailboxes: s.o.Mailboxes(), Down: map[string]bool{}, Outbox: ob}
	for _, m := range d.Mailboxes {
		d.Down[m.Name] = m.Unreachable(d.Now, s.o.Config.UnreachableAfter)
	}
	s.render(w, r, sess, http.StatusOK, "health", view{Title: "Santé", Nav: "sante", Data: d})
}
