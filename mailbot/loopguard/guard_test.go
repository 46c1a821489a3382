package loopguard

import (
	"net/textproto"
	"strings"
	"testing"
	"time"

	"mailbot/mailbot/mailmsg"
)

type counts map[string]int

func (c counts) RepliesSince(addr string, _ time.Time) (int, error) { return c[addr], nil }

func msg(from string, headers ...string) *mailmsg.Message {
	h := textproto.MIMEHeader{}
	for _, kv := range headers {
		k, v, _ := strings.Cut(kv, ": ")
		h.Add(k, v)
	}
	m := &mailmsg.Message{Header: h, From: mailmsg.Address{Address: from}, ReturnPath: from, HasReturnPath: true}
	if rp, ok := h["Return-Path"]; ok {
		m.ReturnPath = strings.Trim(rp[0], "<>")
	}
	return m
}

func TestMayAnswer(t *testing.T) {
	g := New([]string{"epreuves-btp@afpa.fr", "gev@afpa.fr"}, []string{"ingenierie-btp@afpa.fr"}, 3,
		counts{"busy@centre.test": 3, "twice@centre.test": 2})
	now := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		m    *mailmsg.Message
		to   string
		want bool
	}{
		{"a centre", msg("c@centre.test"), "c@centre.test", true},
		{"Auto-Submitted: auto-replied (RFC 3834)", msg("c@centre.test", "Auto-Submitted: auto-replied"), "c@centre.test", false},
		{"Auto-Submitted: no is a person", msg("c@centre.test", "Auto-Submitted: no"), "c@centre.test", true},
		{"Precedence: bulk", msg("c@centre.test", "Precedence: bulk"), "c@centre.test", false},
		{"List-Id", msg("c@centre.test", "List-Id: <formateurs.lists.test>"), "c@centre.test", false},
		{"List-Unsubscribe", msg("c@centre.test", "List-Unsubscribe: <mailto:u@lists.test>"), "c@centre.test", false},
		{"X-Auto-Response-Suppress (Outlook)", msg("c@centre.test", "X-Auto-Response-Suppress: All"), "c@centre.test", false},
		{"empty return path", func() *mailmsg.Message { m := msg("c@centre.test"); m.ReturnPath = ""; return m }(), "c@centre.test", false},
		{"mailer-daemon", msg("MAILER-DAEMON@mx.centre.test"), "mailer-daemon@mx.centre.test", false},
		{"postmaster", msg("postmaster@centre.test"), "postmaster@centre.test", false},
		{"no-reply", msg("no-reply@centre.test"), "no-reply@centre.test", false},
		{"owner- of a list", msg("owner-formateurs@lists.test"), "owner-formateurs@lists.test", false},
		{"-request of a list", msg("formateurs-request@lists.test"), "formateurs-request@lists.test", false},
		{"our own mailbox", msg("epreuves-btp@afpa.fr"), "epreuves-btp@afpa.fr", false},
		{"an agent", msg("GEV@afpa.fr"), "GEV@afpa.fr", false},
		{"an engineer is no centre", msg("ingenierie-btp@afpa.fr"), "ingenierie-btp@afpa.fr", false},
		{"spam verdict of our server", msg("c@centre.test", "X-Spam-Flag: YES"), "c@centre.test", false},
		{"a forwarded bounce", func() *mailmsg.Message { m := msg("c@centre.test"); m.Subject = "TR: Non remis : Plis"; return m }(), "c@centre.test", false},
		{"X-Loop", msg("c@centre.test", "X-Loop: c@centre.test"), "c@centre.test", false},
		{"nobody to answer", msg(""), "", false},
		{"answered 3 times in 24 h", msg("busy@centre.test"), "busy@centre.test", false},
		{"answered twice: once more", msg("twice@centre.test"), "twice@centre.test", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, why, err := g.MayAnswer(tc.m, tc.to, now)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %v (%s), want %v", got, why, tc.want)
			}
			if !got && why == "" {
				t.Error("a refusal must say why")
			}
		})
	}
}
