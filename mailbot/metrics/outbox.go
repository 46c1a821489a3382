package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"mailbot/state"
)

// waiting are the outbox statuses whose mail still needs something: sent,
// discarded and shadow mail is history and not counted.
var waiting = []string{state.OutPending, state.OutHeld, state.OutFailed}

// outboxCollector reads the outbox when scraped, so the figure is never
// stale and the bot has nothing to update.
type outboxCollector struct {
	desc   *prometheus.Desc
	outbox func() ([]state.Outgoing, error)
}

// WatchOutbox makes /metrics report mailbot_outbox_mail{status} (pending,
// held, failed) from outbox, normally (*state.Store).Outbox. Call it once.
func (m *Metrics) WatchOutbox(outbox func() ([]state.Outgoing, error)) error {
	if m == nil {
		return nil
	}
	return m.reg.Register(&outboxCollector{
		desc:   prometheus.NewDesc("mailbot_outbox_mail", "Mail waiting in the outbox, by status (pending, held for approval, failed).", []string{"status"}, nil),
		outbox: outbox,
	})
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	out, err := c.outbox()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	counts := map[string]int{}
	for _, o := range out {
		counts[o.Status]++
	}
	for _, status := range waiting {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[status]), status)
	}
}
