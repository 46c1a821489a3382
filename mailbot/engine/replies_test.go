package engine_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/calendar"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/mailmsg"
)

var update = flag.Bool("update", false, "rewrite testdata/replies/*.golden from the current decisions")

// noDate is "now" for a message without a Date header.
var noDate = time.Date(2027, time.March, 10, 10, 0, 0, 0, calendar.Paris)

// TestReplies decides each mail of testdata/replies as `mailbot classify`
// does (mailbox from the To address, now from the Date header) and
// compares the facts of the decision and the whole French reply with
// NAME.golden. Each mail is a case of issue 11: which CCP link, which kind
// of session, what the centre says about its plis, which date. Run `go
// test -update` after an intended change, and read the diff.
func TestReplies(t *testing.T) {
	eng := newEngine(t)
	files, err := filepath.Glob(filepath.Join("testdata", "replies", "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample mail: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".eml")
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			m := mailmsg.Parse(f)
			mailbox := eng.SectorOf(m)
			d := eng.Decide(context.Background(), m, mailbox, engine.Now(m, noDate))
			got := describe(mailbox, d)
			golden := strings.TrimSuffix(file, ".eml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("read golden file (run go test -update to create it): %v", err)
			}
			if got != string(want) {
				t.Errorf("decision differs from %s (run go test -update and review the diff)\ngot:\n%s", golden, got)
			}
		})
	}
}

// describe lays out the facts of a decision and its reply's text part.
func describe(mailbox string, d engine.Decision) string {
	p := d.Plan
	var b strings.Builder
	line := func(k string, v any) { fmt.Fprintf(&b, "%s: %v\n", k, v) }
	line("mailbox", mailbox)
	line("category", p.Category)
	line("action", p.Action)
	line("template", p.Template)
	line("priority", p.Priority)
	line("session_date", orNull(p.SessionDate.IsZero(), p.SessionDate.Format(time.DateOnly)))
	line("envelopes_received", orNull(p.EnvelopesReceived == nil, fmt.Sprint(p.EnvelopesReceived != nil && *p.EnvelopesReceived)))
	line("misrouted", p.Misrouted)
	line("kind", map[bool]string{true: "ccp", false: "tp"}[p.Dates.IsCCP])
	line("link", p.Dates.Link)
	line("plis", p.Plis)
	line("task", p.Task)
	if d.Reply == nil {
		b.WriteString("(no reply)\n")
		return b.String()
	}
	b.WriteString("----- " + d.Reply.Subject + " -----\n")
	b.WriteString(d.Reply.Text)
	return b.String()
}

func orNull(null bool, v string) string {
	if null {
		return "null"
	}
	return v
}
