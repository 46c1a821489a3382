package digest

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func fixtureOptions(t *testing.T, sector string) Options {
	s := openStore(t)
	seed(t, s)
	return Options{
		Store: s, Calendar: newCalendar(t), Sector: sector, Since: fixSince, Now: fixNow,
		Mailboxes: fixMailboxes, UnreachableAfter: 15 * time.Minute, DashboardURL: "https://gev.example.org/mailbot",
	}
}

func TestGolden(t *testing.T) {
	for _, sector := range []string{"", "ccp"} {
		name := sector
		if name == "" {
			name = "all"
		}
		t.Run(name, func(t *testing.T) {
			m, err := Build(fixtureOptions(t, sector))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name+".txt", "Subject: "+m.Subject+"\n\n"+m.Text)
			golden(t, name+".html", m.HTML)
		})
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it); got:\n%s", name, got)
	}
}

func TestReportContent(t *testing.T) {
	r, err := Collect(fixtureOptions(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, it := range r.Todo {
		order = append(order, it.Conversation)
	}
	checks := []struct {
		name, got, want string
	}{
		{"most urgent first, then cancellation, complaint, bounce; held and unread last",
			strings.Join(order, " "), "GEV-PLIS01 GEV-ANNUL1 GEV-RECLA1 GEV-BOUNC1 GEV-AUTRE1 GEV-TIME01"},
		{"oldest question first", r.Waiting[0].Conversation + " " + r.Waiting[1].Conversation, "GEV-ING001 GEV-ING002"},
		{"working days waited since the forward", days(r.Waiting[0].WorkingDays), "4 jours ouvrés"},
		{"arrived since Monday's run", strconv.Itoa(r.ArrivedAll), "9"},
		{"sent by the bot in the period", strconv.Itoa(len(r.Automatic)) + " " + strconv.Itoa(r.Automatic[0].N), "1 1"},
		{"shadow mail", strconv.Itoa(r.Shadow), "1"},
		{"down for longer than allowed", strconv.Itoa(len(r.Down)) + " " + r.Down[0].Name, "1 industrie"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestMailContentIsEscaped(t *testing.T) {
	m, err := Build(fixtureOptions(t, "industrie"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<img", "<b>gras"} {
		if strings.Contains(m.HTML, bad) {
			t.Errorf("HTML part contains %q unescaped", bad)
		}
	}
	if !strings.Contains(m.HTML, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile subject is not shown as text in the HTML part")
	}
	if !strings.Contains(m.Text, `<script>alert(1)</script>`) {
		t.Error("the text part should show the subject as it is")
	}
}
