package web

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"mailbot/mailbot/config"
	"mailbot/state"
)

var nextLink = regexp.MustCompile(`<a rel="next" href="([^"]+)">`)

// fillConversations adds n conversations, the i-th last active i minutes
// before the fixture's seed, a third of them closed.
func fillConversations(tb testing.TB, st *state.Store, n int) {
	tb.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	for i := range n {
		status := state.StatusOpen
		if i%3 == 0 {
			status = state.StatusClosed
		}
		c := conv(fmt.Sprintf("GEV-P%07d", i), "btp", "other", status, state.PriorityNormal, "Question", now.Add(-96*time.Hour-time.Duration(i)*time.Minute))
		wait := st.Submit(state.Commit{Conversation: c, At: now})
		wg.Go(func() {
			if err := wait(); err != nil {
				select {
				case errs <- err:
				default:
				}
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errs:
		tb.Fatal(err)
	default:
	}
}

// TestTriagePagesThroughEveryConversation follows the "next page" links
// and finds each conversation once, those needing an agent first.
func TestTriagePagesThroughEveryConversation(t *testing.T) {
	f := newFixture(t, config.Web{})
	fillConversations(t, f.store, 400)
	c := signIn(t, f.srv.Handler())
	var got []string
	path, pages := "/", 0
	for path != "" {
		b := body(c.get(path))
		rows := rowLink.FindAllStringSubmatch(b, -1)
		if len(rows) > pageRows {
			t.Fatalf("page %s has %d rows, more than %d", path, len(rows), pageRows)
		}
		for _, m := range rows {
			got = append(got, m[1])
		}
		path, pages = "", pages+1
		if m := nextLink.FindStringSubmatch(b); m != nil {
			path = html.UnescapeString(m[1])
		}
	}
	if len(got) != 404 || pages < 5 {
		t.Fatalf("got %d conversations in %d pages, want the 404 in at least 5", len(got), pages)
	}
	sorted := slices.Clone(got)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != 404 {
		t.Error("a conversation is listed twice")
	}
	if got[0] != "GEV-PLIS01" || got[1] != "GEV-XSS001" {
		t.Errorf("first rows: %v, want the conversations needing an agent", got[:2])
	}
	// The status filter pages through its own index.
	b := body(c.get("/?statut=closed"))
	if n := len(rowLink.FindAllString(b, -1)); n != pageRows || !nextLink.MatchString(b) {
		t.Errorf("closed: %d rows, want a full page and a next one", n)
	}
}

// BenchmarkTriagePage times one page of the dashboard's list among
// 100,000 conversations: the first, a later one, and one filtered by
// status.
func BenchmarkTriagePage(b *testing.B) {
	f := newFixture(b, config.Web{})
	fillConversations(b, f.store, 100_000)
	c := signIn(b, f.srv.Handler())
	later := "/"
	for range 50 { // the 51st page
		m := nextLink.FindStringSubmatch(body(c.get(later)))
		if m == nil {
			b.Fatal("no next page")
		}
		later = html.UnescapeString(m[1])
	}
	for _, path := range []string{"/", later, "/?statut=closed", "/?q=introuvable"} {
		b.Run(path[:min(len(path), 16)], func(b *testing.B) {
			for b.Loop() {
				if w := c.get(path); w.Code != 200 {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
