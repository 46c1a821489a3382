package bot

import (
	"testing"
	"time"

	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

func TestModesStatus(t *testing.T) {
	m := Modes{Default: ModeShadow, ByCategory: map[string]string{"complaint": ModeApprove, "ceres_support": ModeAuto}}
	tests := []struct{ category, want string }{
		{"complaint", state.OutHeld},
		{"ceres_support", state.OutPending},
		{"session_change", state.OutShadow}, // the default
	}
	for _, tc := range tests {
		if got := m.Status(tc.category); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.category, got, tc.want)
		}
	}
	if got := (Modes{}).Status("complaint"); got != state.OutPending {
		t.Errorf("no modes configured: got %s, want pending (auto)", got)
	}
}

func TestBackoffIsCappedWithJitter(t *testing.T) {
	for attempts := 1; attempts <= 40; attempts++ {
		d := backoff(attempts)
		base := min(retryMin<<min(attempts-1, 16), retryMax)
		if d < base*3/4 || d > base*5/4 {
			t.Errorf("attempt %d: got %v, want within ±25 %% of %v", attempts, d, base)
		}
	}
}

func TestContentKeyIgnoresTraceHeaders(t *testing.T) {
	a := &mailmsg.Message{From: mailmsg.Address{Address: "c@x.test"}, Subject: "Plis", Text: "Bonjour", Date: time.Unix(1e9, 0)}
	b := *a
	b.Header = map[string][]string{"Received": {"from mx by lmtp id 42"}} // another delivery of the same mail
	b.Digest = "other bytes"
	c := *a
	c.Text = "Bonjour, autre question"
	if contentKey(a) != contentKey(&b) {
		t.Error("the same mail delivered twice got two keys")
	}
	if contentKey(a) == contentKey(&c) {
		t.Error("another body got the same key")
	}
}

func TestTruncateKeepsRunes(t *testing.T) {
	s := "ééééééééé" // 2 bytes a rune, no space to cut at
	got := truncate(s, 5)
	if got != "éé […]" {
		t.Errorf("got %q, want %q", got, "éé […]")
	}
	if truncate("court", 10) != "court" {
		t.Error("a short text must stay whole")
	}
}

func TestReplyAddress(t *testing.T) {
	allowed := []string{"secretariat-groupe.test"}
	addr := func(a string) mailmsg.Address { return mailmsg.Address{Address: a} }
	tests := []struct {
		name    string
		from    string
		replyTo []mailmsg.Address
		want    string
	}{
		{"no Reply-To", "c@centre.test", nil, "c@centre.test"},
		{"Reply-To in From's domain", "c@centre.test", []mailmsg.Address{addr("accueil@centre.test")}, "accueil@centre.test"},
		{"Reply-To at a third party", "c@centre.test", []mailmsg.Address{addr("victime@ailleurs.test")}, "c@centre.test"},
		{"Reply-To in a configured domain", "c@centre.test", []mailmsg.Address{addr("a@secretariat-groupe.test")}, "a@secretariat-groupe.test"},
		{"Reply-To read only leniently", "c@centre.test", []mailmsg.Address{{Address: "x@centre.test", Lenient: true}}, "c@centre.test"},
		{"first acceptable of several", "c@centre.test", []mailmsg.Address{addr("v@ailleurs.test"), addr("b@centre.test")}, "b@centre.test"},
		{"subdomain is another domain", "c@centre.test", []mailmsg.Address{addr("x@evil.centre.test")}, "c@centre.test"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := &mailmsg.Message{From: addr(tc.from), ReplyTo: tc.replyTo}
			if got := replyAddress(m, allowed); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestFromCentre(t *testing.T) {
	tests := []struct {
		name, centre, from string
		lenient, want      bool
	}{
		{"the centre", "certif@cfp.test", "Certif@CFP.test", false, true},
		{"a colleague of its domain", "certif@cfp.test", "secretariat@cfp.test", false, true},
		{"another domain", "certif@cfp.test", "autre@ailleurs.test", false, false},
		{"a subdomain is another sender", "certif@cfp.test", "x@evil.cfp.test", false, false},
		{"the centre's address read leniently", "certif@cfp.test", "certif@cfp.test", true, false},
		{"the same public provider", "centre.maconnerie@gmail.com", "inconnu@gmail.com", false, false},
		{"the centre at a public provider", "centre.maconnerie@gmail.com", "centre.maconnerie@gmail.com", false, true},
		{"no sender", "certif@cfp.test", "", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := &turn{m: &mailmsg.Message{From: mailmsg.Address{Address: tc.from, Lenient: tc.lenient}}, conv: &state.Conversation{CentreAddress: tc.centre}}
			if got := tr.fromCentre(); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
