package workflow

import (
	"testing"
	"time"

	"mailbot/classify"
	"mailbot/mailbot/calendar"
	"mailbot/state"
	"mailbot/templates"
)

func policy(t *testing.T) Policy {
	t.Helper()
	cal, err := calendar.New(calendar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Policy{Calendar: cal, GenericAck: true}
}

func paris(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.Paris)
}

func ptr(b bool) *bool { return &b }

func TestDecide(t *testing.T) {
	monday := paris(2027, time.March, 1, 10, 0)
	fridayNoon := paris(2027, time.March, 5, 12, 5)
	tests := []struct {
		name         string
		res          classify.Result
		mailbox      string
		now          time.Time
		wantAction   Action
		wantTemplate string
		wantPriority string
		wantSendAt   time.Time
		wantTask     bool
		misrouted    bool
	}{
		{"auto-reply is ignored", classify.Result{Category: classify.AutoReply, Automated: true}, "btp", monday, Ignore, "", state.PriorityNormal, time.Time{}, false, false},
		{"thanks are ignored", classify.Result{Category: classify.Acknowledgement}, "btp", monday, Ignore, "", state.PriorityNormal, time.Time{}, false, false},
		{"cancellation, plis received", classify.Result{Category: classify.Cancellation, Plis: classify.PlisReceived, EnvelopesReceived: ptr(true)}, "btp", monday, Reply, templates.CancellationPlisReceived, state.PriorityNormal, monday, true, false},
		{"cancellation, plis not received", classify.Result{Category: classify.Cancellation, Plis: classify.PlisNotReceived, EnvelopesReceived: ptr(false)}, "btp", monday, Reply, templates.CancellationPlisNotReceived, state.PriorityHigh, monday, true, false},
		{"cancellation, unknown", classify.Result{Category: classify.Cancellation}, "industrie", monday, Reply, templates.CancellationAskPlis, state.PriorityHigh, monday, true, false},
		{"cancellation, the centre does not know", classify.Result{Category: classify.Cancellation, Plis: classify.PlisUnsure}, "btp", monday, Reply, templates.CancellationAskPlis, state.PriorityHigh, monday, true, false},
		{"cancellation of TP plis in the CCP mailbox", classify.Result{Category: classify.Cancellation, Kind: "tp", Plis: classify.PlisReceived}, "ccp", monday, Reply, templates.CancellationPlisReceived, state.PriorityNormal, monday, true, true},
		{"cancellation, CCP has no plis", classify.Result{Category: classify.Cancellation}, "ccp", monday, Reply, templates.CancellationPlisNotReceived, state.PriorityHigh, monday, true, false},
		{"missing plis, session far", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.April, 13)}, "btp", monday, Reply, templates.MissingEnvelopesTPWait, state.PriorityNormal, monday, false, false},
		{"missing plis, within two weeks", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.March, 10)}, "btp", monday, Reply, templates.MissingEnvelopesTPUrgent, state.PriorityUrgent, monday, true, false},
		{"missing plis, no date", classify.Result{Category: classify.MissingEnvelopes}, "tertiaire", monday, Reply, templates.MissingEnvelopesNoDate, state.PriorityNormal, monday, true, false},
		{"CCP link not open yet", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.June, 14)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPNotYetOpen, state.PriorityNormal, monday, false, false},
		{"CCP jury link not open yet", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.April, 14)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPNotYetOpen, state.PriorityNormal, monday, false, false},
		{"CCP links, none named, between the openings", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.March, 12)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPNotYetOpen, state.PriorityNormal, monday, false, false},
		{"CCP links, none named, after both openings", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.March, 3)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPUrgent, state.PriorityUrgent, monday, true, false},
		{"TP plis in the CCP mailbox get TP facts", classify.Result{Category: classify.MissingEnvelopes, Kind: "tp", Sector: "btp", SessionDate: calendar.Date(2027, time.April, 13)}, "ccp", monday, Reply, templates.MissingEnvelopesTPWait, state.PriorityNormal, monday, false, true},
		{"CCP links in the BTP mailbox get CCP facts", classify.Result{Category: classify.MissingEnvelopes, Kind: "ccp", Sector: "ccp", SessionDate: calendar.Date(2027, time.June, 14)}, "btp", monday, Reply, templates.MissingEnvelopesCCPNotYetOpen, state.PriorityNormal, monday, false, true},
		{"request timing about a link past its opening", classify.Result{Category: classify.RequestTiming, Kind: "ccp", Link: classify.LinkOrganiser, SessionDate: calendar.Date(2027, time.April, 20)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPUrgent, state.PriorityUrgent, monday, true, false},
		{"request timing about a link not open yet", classify.Result{Category: classify.RequestTiming, Kind: "ccp", Link: classify.LinkJury, SessionDate: calendar.Date(2027, time.April, 20)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPNotYetOpen, state.PriorityNormal, monday, false, false},
		{"complaint", classify.Result{Category: classify.Complaint}, "btp", monday, Reply, templates.ComplaintAck, state.PriorityHigh, monday, true, false},
		{"engineering on Monday goes at once", classify.Result{Category: classify.EngineeringQuestion}, "btp", monday, Forward, templates.EngineeringForward, state.PriorityNormal, monday, false, false},
		{"engineering Friday 12:05 waits for Monday", classify.Result{Category: classify.EngineeringQuestion}, "btp", fridayNoon, Forward, templates.EngineeringForward, state.PriorityNormal, paris(2027, time.March, 8, 8, 30), false, false},
		{"engineering before Easter Monday waits for Tuesday", classify.Result{Category: classify.EngineeringQuestion}, "btp", paris(2027, time.March, 26, 16, 0), Forward, templates.EngineeringForward, state.PriorityNormal, paris(2027, time.March, 30, 8, 30), false, false},
		{"request timing with date", classify.Result{Category: classify.RequestTiming, SessionDate: calendar.Date(2027, time.May, 31)}, "btp", monday, Reply, templates.RequestTiming, state.PriorityNormal, monday, false, false},
		{"request timing without date", classify.Result{Category: classify.RequestTiming}, "btp", monday, Reply, templates.RequestTimingNoDate, state.PriorityNormal, monday, false, false},
		{"final interview grid", classify.Result{Category: classify.FinalInterviewGrid}, "tertiaire", monday, Reply, templates.FinalInterviewGrid, state.PriorityHigh, monday, true, false},
		{"ceres support", classify.Result{Category: classify.CeresSupport}, "ccp", monday, Reply, templates.CeresSupport, state.PriorityNormal, monday, false, false},
		{"session change", classify.Result{Category: classify.SessionChange}, "btp", monday, Reply, templates.SessionChange, state.PriorityNormal, monday, false, false},
		{"other gets a generic ack", classify.Result{Category: classify.Other}, "btp", monday, Reply, templates.OtherAck, state.PriorityNormal, monday, true, false},
		{"CCP matter in the BTP mailbox", classify.Result{Category: classify.SessionChange, Sector: "ccp"}, "btp", monday, Reply, templates.SessionChange, state.PriorityNormal, monday, false, true},
		{"building trade in the tertiaire mailbox", classify.Result{Category: classify.SessionChange, Sector: "btp"}, "tertiaire", monday, Reply, templates.SessionChange, state.PriorityNormal, monday, false, true},
		{"a no-reply sender asking something is not answered", classify.Result{Category: classify.CeresSupport, Automated: true}, "btp", monday, Escalate, "", state.PriorityNormal, time.Time{}, true, false},
		{"any trade is at home in the CCP mailbox", classify.Result{Category: classify.SessionChange, Sector: "industrie"}, "ccp", monday, Reply, templates.SessionChange, state.PriorityNormal, monday, false, false},
	}
	p := policy(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pl := p.Decide(Input{Result: tc.res, Mailbox: tc.mailbox, Now: tc.now})
			if pl.Action != tc.wantAction || pl.Template != tc.wantTemplate || pl.Priority != tc.wantPriority {
				t.Errorf("got %s/%s/%s, want %s/%s/%s", pl.Action, pl.Template, pl.Priority, tc.wantAction, tc.wantTemplate, tc.wantPriority)
			}
			if !pl.SendAt.Equal(tc.wantSendAt) {
				t.Errorf("send_at: got %v, want %v", pl.SendAt, tc.wantSendAt)
			}
			if (pl.Task != "") != tc.wantTask {
				t.Errorf("task: got %q, want a task: %v", pl.Task, tc.wantTask)
			}
			if pl.Misrouted != tc.misrouted {
				t.Errorf("misrouted: got %v, want %v", pl.Misrouted, tc.misrouted)
			}
		})
	}
}

// TestCCPLinks follows the link the centre names, or where now stands
// against both openings when it names none. Session on Tuesday 20 April
// 2027: organiser link from Friday 19 February 08:00, jury and candidate
// links from Tuesday 13 April 08:00.
func TestCCPLinks(t *testing.T) {
	session := calendar.Date(2027, time.April, 20)
	tests := []struct {
		name   string
		link   string
		now    time.Time
		urgent bool
	}{
		{"jury link the day before it opens", classify.LinkJury, paris(2027, time.April, 12, 16, 0), false},
		{"jury link at 07:59 on its day", classify.LinkJury, paris(2027, time.April, 13, 7, 59), false},
		{"jury link at its 08:00 run", classify.LinkJury, paris(2027, time.April, 13, 8, 0), true},
		{"candidates link the week after", classify.LinkCandidates, paris(2027, time.April, 15, 9, 0), true},
		{"organiser link ten days after it opened", classify.LinkOrganiser, paris(2027, time.March, 2, 9, 0), true},
		{"organiser link at 07:30 on its day", classify.LinkOrganiser, paris(2027, time.February, 19, 7, 30), false},
		{"organiser link the day before", classify.LinkOrganiser, paris(2027, time.February, 18, 21, 30), false},
		{"none named, before the organiser opening", "", paris(2027, time.February, 10, 9, 0), false},
		{"none named, between the openings", "", paris(2027, time.April, 9, 9, 0), false},
		{"none named, after both", "", paris(2027, time.April, 14, 9, 0), true},
	}
	p := policy(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := classify.Result{Category: classify.MissingEnvelopes, Kind: "ccp", Link: tc.link, SessionDate: session}
			pl := p.Decide(Input{Result: res, Mailbox: "ccp", Now: tc.now})
			want, prio := templates.MissingEnvelopesCCPNotYetOpen, state.PriorityNormal
			if tc.urgent {
				want, prio = templates.MissingEnvelopesCCPUrgent, state.PriorityUrgent
			}
			if pl.Template != want || pl.Priority != prio {
				t.Errorf("got %s/%s, want %s/%s; reasons %q", pl.Template, pl.Priority, want, prio, pl.Reasons)
			}
			if pl.Dates.Link != tc.link {
				t.Errorf("got link %q, want %q", pl.Dates.Link, tc.link)
			}
		})
	}
}

func TestDecideRequestTimingNamesDeadline(t *testing.T) {
	p := policy(t)
	pl := p.Decide(Input{Result: classify.Result{Category: classify.RequestTiming, SessionDate: calendar.Date(2027, time.May, 31)}, Mailbox: "btp", Now: paris(2027, time.March, 1, 10, 0)})
	// 3 months before 31 May clamps to 28 February, minus one day.
	if got, want := pl.Dates.RequestDeadline, calendar.Date(2027, time.February, 27); !got.Equal(want) {
		t.Errorf("deadline: got %v, want %v", got, want)
	}
	if !pl.Dates.RequestTooLate {
		t.Error("got not too late on 1 March, want too late")
	}
}

func TestRepliesInBusinessHours(t *testing.T) {
	p := policy(t)
	p.RepliesInBusinessHours = true
	saturday := paris(2027, time.March, 6, 9, 0)
	pl := p.Decide(Input{Result: classify.Result{Category: classify.CeresSupport}, Mailbox: "btp", Now: saturday})
	if want := paris(2027, time.March, 8, 8, 30); !pl.SendAt.Equal(want) {
		t.Errorf("got %v, want %v", pl.SendAt, want)
	}
}
