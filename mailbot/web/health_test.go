package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"mailbot/mailbot/config"
	"mailbot/mailbot/metrics"
	"mailbot/state"
)

func TestHealthz(t *testing.T) {
	f := newFixture(t, config.Web{})
	if err := f.store.Commit(state.Commit{Unreadable: "too_large"}); err != nil {
		t.Fatal(err)
	}
	c := signIn(t, f.srv.Handler())
	w := c.get("/healthz")
	if w.Code != http.StatusOK {
		t.Fatalf("got %d, want 200", w.Code)
	}
	var got struct {
		Status    string
		Mailboxes []struct {
			Name                   string
			Connected, Unreachable bool
			LastError              string `json:"last_error"`
		}
		Outbox     struct{ Pending, Held int }
		Unreadable map[string]int
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"status", got.Status, "degraded"},
		{"mailboxes", len(got.Mailboxes), 2},
		{"industrie unreachable", got.Mailboxes[0].Unreachable, true},
		{"industrie error", got.Mailboxes[0].LastError, "dial tcp: connection refused"},
		{"btp connected", got.Mailboxes[1].Connected, true},
		{"held", got.Outbox.Held, 1},
		{"recorded unread, too large", got.Unreadable["too_large"], 1},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestMetricsEndpoint(t *testing.T) {
	f := newFixture(t, config.Web{})
	if w := signIn(t, f.srv.Handler()).get("/metrics"); w.Code != http.StatusNotFound {
		t.Errorf("without metrics: got %d, want 404", w.Code)
	}
	m := metrics.New()
	m.Decided("btp", "ceres_support", "reply", 20*time.Millisecond)
	if err := m.WatchOutbox(f.store.Outbox); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MAILBOT_TEST_METRICS", "jeton")
	srv, err := New(Options{Store: f.store, Bot: f.bot, Metrics: m, Logger: slog.New(slog.DiscardHandler), Config: config.Web{MetricsTokenEnv: "MAILBOT_TEST_METRICS"}})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv.Handler())
	c.header.Set("Authorization", "Bearer jeton")
	b := body(c.get("/metrics"))
	for _, want := range []string{`mailbot_messages_total{category="ceres_support",mailbox="btp"} 1`, `mailbot_outbox_mail{status="held"} 1`, "go_goroutines"} {
		if !strings.Contains(b, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// records is a slog handler that keeps the records.
type records struct {
	mu   sync.Mutex
	list []slog.Record
}

func (r *records) Enabled(context.Context, slog.Level) bool { return true }
func (r *records) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, rec)
	return nil
}
func (r *records) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *records) WithGroup(string) slog.Handler      { return r }

func TestUnreachableMailboxLoggedOnce(t *testing.T) {
	f := newFixture(t, config.Web{})
	rec := &records{}
	f.srv.log = slog.New(rec)
	logged := map[string]time.Time{}
	f.srv.checkMailboxes(logged)
	f.srv.checkMailboxes(logged)
	f.boxes[0].DownSince = time.Time{} // back
	f.srv.checkMailboxes(logged)
	var got []string
	for _, r := range rec.list {
		got = append(got, r.Level.String()+" "+r.Message)
	}
	want := "ERROR mailbox unreachable,INFO mailbox reachable again"
	if strings.Join(got, ",") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestUnreachableBannerOnPages(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	if b := body(c.get("/")); !strings.Contains(b, "Boîte <strong>Industrie</strong> injoignable") {
		t.Error("the triage page does not show the unreachable mailbox")
	}
	f.boxes[0].DownSince = now.Add(-time.Minute) // down, but not for long
	if b := body(c.get("/")); strings.Contains(b, "injoignable") {
		t.Error("a mailbox down for a minute is shown as unreachable")
	}
}

func TestServeShutsDownWithContext(t *testing.T) {
	f := newFixture(t, config.Web{})
	ln := listen(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("got %d, want 200", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}

// A dashboard that cannot serve (a TLS file missing) says so at once, not
// when the bot stops.
func TestServeFailsAtOnce(t *testing.T) {
	f := newFixture(t, config.Web{TLSCertFile: "/nonexistent/cert.pem", TLSKeyFile: "/nonexistent/key.pem"})
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(t.Context(), listen(t)) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "cert.pem") {
			t.Errorf("got %v, want an error naming the certificate", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return while it could not serve")
	}
}
