package engine_test

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/deadlines"
	"mailbot/mailbot/mailmsg"
	"mailbot/templates"
)

var (
	// anyDate is anything a reader would take for a date with digits.
	anyDate = regexp.MustCompile(`\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?\b`)
	fullDay = regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`)
	// namedDate is a date written with a month name, which replies never use.
	namedDate = regexp.MustCompile(`\b\d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b`)
	// since: something a reply says is open or should work from then on.
	since = regexp.MustCompile(`depuis le \S+ (\d{2}/\d{2}/\d{4}) à (\d{1,2})h`)
	// opensAt: something a reply says opens later.
	opensAt = regexp.MustCompile(`s'ouvrira?(?:nt)? (?:ce matin |cet après-midi |ce soir )?(?:à (\d{1,2})h \(le \S+ (\d{2}/\d{2}/\d{4})\)|le \S+ (\d{2}/\d{2}/\d{4}) à (\d{1,2})h)`)
	// writeAgain: the day from which the centre should write again.
	writeAgain = regexp.MustCompile(`écrivez-nous à nouveau à partir du \S+ (\d{2}/\d{2}/\d{4})`)
)

// TestRepliesOverTwoYears renders the date-dependent replies for a session
// on every day of 2027 and 2028, seen from moments around its deadlines,
// and checks what no reply may say: a request deadline after the session
// or not clamped at a month's end, a link open before its opening run, a
// link opening in the past, "écrivez-nous à nouveau à partir du" a past
// day, a date not in dd/mm/yyyy.
func TestRepliesOverTwoYears(t *testing.T) {
	eng := newEngine(t)
	cal := eng.Policy.Calendar
	m := &mailmsg.Message{MessageID: "<property@mailbot.test>", Subject: "Session", From: mailmsg.Address{Address: "centre@exemple.test"}}
	var replies int
	for i, s := 0, calendar.Date(2027, time.January, 1); s.Year() < 2029; i, s = i+1, s.AddDate(0, 0, 1) {
		checkDeadline(t, s)
		a := deadlines.Assess(deadlines.CCP, s, s, cal)
		for _, now := range moments(s, a, i) {
			for _, res := range results(s) {
				mailbox := "btp"
				if res.Kind == "ccp" {
					mailbox = "ccp"
				}
				d := eng.Apply(res, m, mailbox, now)
				if d.Reply == nil {
					t.Fatalf("session %s, now %s, %s: no reply", day(s), now.Format(time.RFC3339), res.Category)
				}
				replies++
				where := func() string {
					return "session " + day(s) + ", now " + now.Format(time.RFC3339) + ", " + string(res.Category) + "/" + res.Kind + "/" + res.Link + ", " + d.Plan.Template
				}
				checkReply(t, d.Reply.Text, now, where)
				if urgent, due := d.Plan.Template == templates.MissingEnvelopesCCPUrgent, !now.Before(opening(a, res.Link)); res.Kind == "ccp" && res.Link != "" && urgent != due {
					t.Errorf("%s: urgent %v, but the link is due: %v", where(), urgent, due)
				}
			}
		}
	}
	t.Logf("%d replies checked", replies)
}

// opening is when the link named opens, or the last link when none is.
func opening(a deadlines.Assessment, link string) time.Time {
	if link == classify.LinkOrganiser {
		return a.OrganiserOpens
	}
	return a.JuryOpens
}

func day(t time.Time) string { return t.Format("02/01/2006") }

// checkDeadline checks the request deadline of session s against a month
// arithmetic written apart from package deadlines: three months back,
// clamped to that month's last day, then one day back.
func checkDeadline(t *testing.T, s time.Time) {
	t.Helper()
	got := deadlines.RequestDeadline(s)
	first := calendar.Date(s.Year(), s.Month()-3, 1)
	last := first.AddDate(0, 1, -1).Day()
	want := calendar.Date(first.Year(), first.Month(), min(s.Day(), last)).AddDate(0, 0, -1)
	if !got.Equal(want) || got.After(s) {
		t.Errorf("session %s: request deadline %s, want %s", day(s), day(got), day(want))
	}
}

// moments are the instants a session s is seen from: the organiser and
// jury opening days at 07:30, one of their 08:00 runs, and one more moment
// that turns with i (the day before an opening, the two-week threshold,
// the request deadline, long before, the session day, after it).
func moments(s time.Time, a deadlines.Assessment, i int) []time.Time {
	at := func(date time.Time, h, m int) time.Time {
		return time.Date(date.Year(), date.Month(), date.Day(), h, m, 0, 0, calendar.Paris)
	}
	org, jury, again := a.OrganiserOpens, a.JuryOpens, a.WriteAgainFrom
	others := []time.Time{
		at(org, 21, 30).AddDate(0, 0, -1), at(jury, 21, 30).AddDate(0, 0, -1), at(jury, 14, 59),
		at(again, 0, 0), at(again, 0, 0).Add(-time.Minute), at(a.RequestDeadline, 12, 0),
		at(s, 10, 0).AddDate(0, 0, -100), at(s, 10, 0), at(s, 10, 0).AddDate(0, 0, 3),
	}
	return []time.Time{at(org, 7, 30), at(jury, 7, 30), []time.Time{org, jury}[i%2], others[i%len(others)]}
}

// results are the classifications whose replies name dates.
func results(s time.Time) []classify.Result {
	out := []classify.Result{
		{Category: classify.MissingEnvelopes, Kind: "tp", SessionDate: s, Plis: classify.PlisNotReceived},
		{Category: classify.RequestTiming, Kind: "tp", SessionDate: s},
		{Category: classify.RequestTiming, Kind: "ccp", SessionDate: s},
	}
	for _, link := range []string{"", classify.LinkOrganiser, classify.LinkJury} {
		out = append(out, classify.Result{Category: classify.MissingEnvelopes, Kind: "ccp", SessionDate: s, Link: link})
	}
	return out
}

func checkReply(t *testing.T, text string, now time.Time, where func() string) {
	t.Helper()
	for _, d := range anyDate.FindAllString(text, -1) {
		if !fullDay.MatchString(d) {
			t.Errorf("%s: date %q is not dd/mm/yyyy:\n%s", where(), d, text)
		}
	}
	if d := namedDate.FindString(text); d != "" {
		t.Errorf("%s: date %q is not dd/mm/yyyy:\n%s", where(), d, text)
	}
	for _, m := range since.FindAllStringSubmatch(text, -1) {
		if opened := instant(m[1], m[2]); now.Before(opened) {
			t.Errorf("%s: says open since %s %sh, before it opens:\n%s", where(), m[1], m[2], text)
		}
	}
	for _, m := range opensAt.FindAllStringSubmatch(text, -1) {
		date, hour := m[2], m[1]
		if date == "" {
			date, hour = m[3], m[4]
		}
		if opens := instant(date, hour); !now.Before(opens) {
			t.Errorf("%s: says it will open %s %sh, already past:\n%s", where(), date, hour, text)
		}
	}
	today := calendar.DateOf(now)
	for _, m := range writeAgain.FindAllStringSubmatch(text, -1) {
		if from, _ := time.Parse("02/01/2006", m[1]); from.Before(today) {
			t.Errorf("%s: write again from %s, in the past:\n%s", where(), m[1], text)
		}
	}
}

// instant reads "14/06/2027" and "8" as 14 June 2027 08:00 in Paris.
func instant(date, hour string) time.Time {
	d, _ := time.Parse("02/01/2006", date)
	h, _ := strconv.Atoi(hour)
	return time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, calendar.Paris)
}
