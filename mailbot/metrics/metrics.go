// Package metrics holds mailbot's Prometheus collectors behind a small API
// that the bot calls (Decided, Sent, SendFailed, Mailbox) and that the
// dashboard serves at /metrics. Every method is safe on a nil *Metrics, so
// code paths without metrics (the classify command, tests) need no checks.
package metrics

import (
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"mailbot/mailbot/imapwatch"
)

// Metrics is mailbot's set of collectors in a registry of its own.
type Metrics struct {
	reg        *prometheus.Registry
	messages   *prometheus.CounterVec
	decisions  *prometheus.CounterVec
	latency    prometheus.Histogram
	sent       *prometheus.CounterVec
	sendFailed *prometheus.CounterVec
	reconnects *prometheus.CounterVec
	connected  *prometheus.GaugeVec

	mu          sync.Mutex
	lastReconns map[string]int // per mailbox, to turn Status.Reconnects into increments
}

// New builds the collectors and registers them, with the Go runtime and
// process collectors, in a new registry.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mailbot_messages_total", Help: "Messages processed, by mailbox (sector) and category.",
		}, []string{"mailbox", "category"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mailbot_decisions_total", Help: "Decisions taken, by action (reply, forward, escalate, relay, ignore).",
		}, []string{"action"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "mailbot_processing_seconds", Help: "Time from fetch to committed decision for one message.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mailbot_mail_sent_total", Help: "Mail accepted by the SMTP server, by kind (reply, ack, forward, relay, reminder, digest).",
		}, []string{"kind"}),
		sendFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mailbot_mail_send_failures_total", Help: "Failed SMTP submissions, by kind and whether the failure is temporary (retried).",
		}, []string{"kind", "temporary"}),
		reconnects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mailbot_imap_reconnects_total", Help: "IMAP connections opened after the first one, by mailbox.",
		}, []string{"mailbox"}),
		connected: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "mailbot_imap_connected", Help: "1 while the mailbox's IMAP connection is up.",
		}, []string{"mailbox"}),
		lastReconns: map[string]int{},
	}
	m.reg.MustRegister(m.messages, m.decisions, m.latency, m.sent, m.sendFailed, m.reconnects, m.connected,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is where the collectors live: /metrics gathers from it, and
// callers may register more.
func (m *Metrics) Registry() *prometheus.Registry {
	if m == nil {
		return nil
	}
	return m.reg
}

// Decided counts one processed message and how long it took.
func (m *Metrics) Decided(mailbox, category, action string, latency time.Duration) {
	if m == nil {
		return
	}
	m.messages.WithLabelValues(mailbox, category).Inc()
	m.decisions.WithLabelValues(action).Inc()
	m.latency.Observe(latency.Seconds())
}

// Sent counts one mail the SMTP server accepted.
func (m *Metrics) Sent(kind string) {
	if m == nil {
		return
	}
	m.sent.WithLabelValues(kind).Inc()
}

// SendFailed counts one failed submission.
func (m *Metrics) SendFailed(kind string, temporary bool) {
	if m == nil {
		return
	}
	m.sendFailed.WithLabelValues(kind, strconv.FormatBool(temporary)).Inc()
}

// Mailbox records a watcher's status: pass it every status the watcher
// reports (imapwatch.Options.OnStatus). Reconnects are counted from the
// growth of s.Reconnects.
func (m *Metrics) Mailbox(s imapwatch.Status) {
	if m == nil {
		return
	}
	up := 0.0
	if s.Connected {
		up = 1
	}
	m.connected.WithLabelValues(s.Name).Set(up)
	m.mu.Lock()
	grown := s.Reconnects - m.lastReconns[s.Name]
	m.lastReconns[s.Name] = s.Reconnects
	m.mu.Unlock()
	c := m.reconnects.WithLabelValues(s.Name) // present at 0 from the first status on
	if grown > 0 {
		c.Add(float64(grown))
	}
}
