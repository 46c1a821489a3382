package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
)

// unreadableCollector reads, when scraped, how many messages were recorded
// without being read: the state file keeps the count, so it survives
// restarts as a counter should.
type unreadableCollector struct {
	desc   *prometheus.Desc
	counts func() (map[string]int, error)
}

// WatchUnreadable makes /metrics report
// mailbot_messages_unreadable_total{reason} (too_large, poison) from
// counts, normally (*state.Store).Unreadable. Call it once.
func (m *Metrics) WatchUnreadable(counts func() (map[string]int, error)) error {
	if m == nil {
		return nil
	}
	return m.reg.Register(&unreadableCollector{
		desc: prometheus.NewDesc("mailbot_messages_unreadable_total",
			"Messages recorded without being read, by reason: too_large (over imap.max_message_size) or poison (processing crashed or stalled twice). Each has an urgent agent task.",
			[]string{"reason"}, nil),
		counts: counts,
	})
}

func (c *unreadableCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *unreadableCollector) Collect(ch chan<- prometheus.Metric) {
	counts, err := c.counts()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for _, r := range []string{"too_large", "poison"} { // present at 0 too
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(counts[r]), r)
	}
}
