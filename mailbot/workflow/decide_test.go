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
		{"cancellation, plis received", classify.Result{Category: classify.Cancellation, EnvelopesReceived: ptr(true)}, "btp", monday, Reply, templates.CancellationPlisReceived, state.PriorityNormal, monday, true, false},
		{"cancellation, plis not received", classify.Result{Category: classify.Cancellation, EnvelopesReceived: ptr(false)}, "btp", monday, Reply, templates.CancellationPlisNotReceived, state.PriorityHigh, monday, true, false},
		{"cancellation, unknown", classify.Result{Category: classify.Cancellation}, "industrie", monday, Reply, templates.CancellationAskPlis, state.PriorityHigh, monday, true, false},
		{"cancellation, CCP has no plis", classify.Result{Category: classify.Cancellation}, "ccp", monday, Reply, templates.CancellationPlisNotReceived, state.PriorityHigh, monday, true, false},
		{"missing plis, session far", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.April, 13)}, "btp", monday, Reply, templates.MissingEnvelopesTPWait, state.PriorityNormal, monday, false, false},
		{"missing plis, within two weeks", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.March, 10)}, "btp", monday, Reply, templates.MissingEnvelopesTPUrgent, state.PriorityUrgent, monday, true, false},
		{"missing plis, no date", classify.Result{Category: classify.MissingEnvelopes}, "tertiaire", monday, Reply, templates.MissingEnvelopesNoDate, state.PriorityNormal, monday, true, false},
		{"CCP link not open yet", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.June, 14)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPNotYetOpen, state.PriorityNormal, monday, false, false},
		{"CCP jury link not open yet", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.April, 14)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPNotYetOpen, state.PriorityNormal, monday, false, false},
		{"CCP links should work", classify.Result{Category: classify.MissingEnvelopes, SessionDate: calendar.Date(2027, time.March, 12)}, "ccp", monday, Reply, templates.MissingEnvelopesCCPUrgent, state.PriorityUrgent, monday, true, false},
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
