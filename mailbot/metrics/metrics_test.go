package metrics

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"mailbot/mailbot/imapwatch"
	"mailbot/state"
)

func TestCounters(t *testing.T) {
	m := New()
	m.Decided("btp", "ceres_support", "reply", 30*time.Millisecond)
	m.Decided("btp", "ceres_support", "reply", 2*time.Second)
	m.Decided("ccp", "other", "escalate", time.Millisecond)
	m.Sent("reply")
	m.SendFailed("forward", true)
	m.SendFailed("forward", false)
	m.Mailbox(imapwatch.Status{Name: "btp", Connected: true})
	m.Mailbox(imapwatch.Status{Name: "btp", Connected: false, Reconnects: 0})
	m.Mailbox(imapwatch.Status{Name: "btp", Connected: true, Reconnects: 2})
	m.Mailbox(imapwatch.Status{Name: "btp", Connected: true, Reconnects: 2})
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"btp ceres_support", testutil.ToFloat64(m.messages.WithLabelValues("btp", "ceres_support")), 2},
		{"reply decisions", testutil.ToFloat64(m.decisions.WithLabelValues("reply")), 2},
		{"escalate decisions", testutil.ToFloat64(m.decisions.WithLabelValues("escalate")), 1},
		{"sent replies", testutil.ToFloat64(m.sent.WithLabelValues("reply")), 1},
		{"temporary failures", testutil.ToFloat64(m.sendFailed.WithLabelValues("forward", "true")), 1},
		{"permanent failures", testutil.ToFloat64(m.sendFailed.WithLabelValues("forward", "false")), 1},
		{"reconnects counted once", testutil.ToFloat64(m.reconnects.WithLabelValues("btp")), 2},
		{"connected", testutil.ToFloat64(m.connected.WithLabelValues("btp")), 1},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if n := testutil.CollectAndCount(m.latency); n != 1 {
		t.Errorf("latency histogram: got %d series, want 1", n)
	}
}

func TestOutboxDepth(t *testing.T) {
	m := New()
	out := []state.Outgoing{{Status: state.OutPending}, {Status: state.OutHeld}, {Status: state.OutHeld}, {Status: state.OutSent}}
	if err := m.WatchOutbox(func() ([]state.Outgoing, error) { return out, nil }); err != nil {
		t.Fatal(err)
	}
	want := `
# HELP mailbot_outbox_mail Mail waiting in the outbox, by status (pending, held for approval, failed).
# TYPE mailbot_outbox_mail gauge
mailbot_outbox_mail{status="failed"} 0
mailbot_outbox_mail{status="held"} 2
mailbot_outbox_mail{status="pending"} 1
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "mailbot_outbox_mail"); err != nil {
		t.Error(err)
	}
}

func TestOutboxErrorFailsTheScrape(t *testing.T) {
	m := New()
	if err := m.WatchOutbox(func() ([]state.Outgoing, error) { return nil, errors.New("state file closed") }); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Registry().Gather(); err == nil || !strings.Contains(err.Error(), "state file closed") {
		t.Errorf("got %v, want the outbox error", err)
	}
}

func TestNilMetricsIsANoOp(t *testing.T) {
	var m *Metrics
	m.Decided("btp", "other", "escalate", time.Second)
	m.Sent("reply")
	m.SendFailed("reply", true)
	m.Mailbox(imapwatch.Status{Name: "btp"})
	if err := m.WatchOutbox(nil); err != nil || m.Registry() != nil {
		t.Errorf("got %v %v, want nothing from a nil Metrics", err, m.Registry())
	}
}

func TestUnreadableCounts(t *testing.T) {
	m := New()
	if err := m.WatchUnreadable(func() (map[string]int, error) { return map[string]int{"too_large": 2}, nil }); err != nil {
		t.Fatal(err)
	}
	want := `
# HELP mailbot_messages_unreadable_total Messages recorded without being read, by reason: too_large (over imap.max_message_size) or poison (processing crashed or stalled twice). Each has an urgent agent task.
# TYPE mailbot_messages_unreadable_total counter
mailbot_messages_unreadable_total{reason="poison"} 0
mailbot_messages_unreadable_total{reason="too_large"} 2
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "mailbot_messages_unreadable_total"); err != nil {
		t.Error(err)
	}
}
