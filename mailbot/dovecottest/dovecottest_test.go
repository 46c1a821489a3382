package dovecottest_test

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailbot/mailbot/dovecottest"
	"mailbot/mailbot/smtpsink"
)

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func msg(from, to, subject, id string, extra ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s>\r\nDate: Mon, 1 Mar 2027 10:00:00 +0100\r\n", from, to, subject, id)
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\nBonjour,\r\nun message de test.\r\n")
	return []byte(b.String())
}

func messageIDs(t *testing.T, s *dovecottest.Server, user string) []string {
	t.Helper()
	ms, err := s.Messages(testCtx(t), user, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.MessageID)
	}
	return ids
}

func TestDeliverReachesEveryRecipient(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	raw := msg("c@centre.test", "epreuves-btp@afpa.fr", "Plis", "p1@centre.test")
	if err := s.Deliver(testCtx(t), "c@centre.test", []string{"epreuves-btp@afpa.fr", "epreuves-ccp@afpa.fr"}, raw); err != nil {
		t.Fatal(err)
	}
	for _, user := range []string{"epreuves-btp", "epreuves-ccp@afpa.fr"} {
		if got, want := messageIDs(t, s, user), []string{"p1@centre.test"}; !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", user, got, want)
		}
	}
	if err := s.Deliver(testCtx(t), "c@centre.test", []string{"nobody-here@afpa.fr"}, raw); err == nil {
		t.Error("delivery to an unknown user: got no error")
	}
}

func TestCapabilities(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	c, err := s.Dial(testCtx(t), "epreuves-btp")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	caps, err := c.Capability().Wait()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []imap.Cap{imap.CapIdle, imap.CapMove, imap.CapUIDPlus, "THREAD=REFERENCES", "THREAD=REFS"} {
		if !caps.Has(want) {
			t.Errorf("capability %s missing from %v", want, caps)
		}
	}
}

func TestStopStartKeepsMailAndPorts(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	ctx := testCtx(t)
	if err := s.Deliver(ctx, "c@centre.test", []string{"centre1@x.test"}, msg("c@centre.test", "centre1@x.test", "avant", "a@x")); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	if c, err := net.Dial("tcp", s.IMAPAddr()); err == nil {
		c.Close()
		t.Fatal("IMAP port still accepts connections after Stop")
	}
	if err := s.Drop("centre1", msg("c@centre.test", "centre1@x.test", "pendant", "b@x")); err != nil {
		t.Fatal(err)
	}
	s.Start()
	if got, want := messageIDs(t, s, "centre1"), []string{"a@x", "b@x"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestVacationAnswersPeopleNotMachines(t *testing.T) {
	sink, err := smtpsink.Start(smtpsink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Close)
	s := dovecottest.Start(t, dovecottest.Options{Submission: sink.Addr()})
	s.InstallVacation("centre1")
	ctx := testCtx(t)
	cases := []struct {
		name, from string
		extra      []string
		want       int // messages at the sink after this delivery
	}{
		{"person", "gev@afpa.fr", nil, 1},
		{"same person again", "gev@afpa.fr", nil, 1}, // :days 1
		{"auto-replied", "robot@afpa.fr", []string{"Auto-Submitted: auto-replied"}, 1},
		{"list", "liste@afpa.fr", []string{"List-Id: <infos.afpa.fr>"}, 1},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := msg(tc.from, "centre1@cfp.test", "Question", fmt.Sprintf("v%d@afpa.fr", i), tc.extra...)
			// Sieve runs inside the LMTP transaction: its mail has left
			// when Deliver returns.
			if err := s.Deliver(ctx, tc.from, []string{"centre1@cfp.test"}, raw); err != nil {
				t.Fatal(err)
			}
			if got := len(sink.Messages()); got != tc.want {
				t.Errorf("got %d vacation replies, want %d", got, tc.want)
			}
		})
	}
	r := sink.Messages()[0]
	if r.Subject() != dovecottest.VacationSubject || !slices.Equal(r.To, []string{"gev@afpa.fr"}) || r.Header.Get("Auto-Submitted") == "" {
		t.Errorf("vacation reply: got subject %q to %v Auto-Submitted %q", r.Subject(), r.To, r.Header.Get("Auto-Submitted"))
	}
}

func TestRecreateMailboxRenumbers(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	ctx := testCtx(t)
	for _, id := range []string{"r1@x", "r2@x"} {
		if err := s.Deliver(ctx, "c@x", []string{"epreuves-btp"}, msg("c@x", "epreuves-btp@afpa.fr", "s", id)); err != nil {
			t.Fatal(err)
		}
	}
	c, err := s.Dial(ctx, "epreuves-btp")
	if err != nil {
		t.Fatal(err)
	}
	before, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	err = c.Store(imap.SeqSetNum(1, 2), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{"$MailbotDone", imap.FlagSeen}}, nil).Close()
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RecreateMailbox(ctx, "epreuves-btp", "INBOX", "$mailbotdone"); err != nil {
		t.Fatal(err)
	}
	c, err = s.Dial(ctx, "epreuves-btp")
	if err != nil {
		t.Fatal(err)
	}
	after, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait()
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	if after.UIDValidity == before.UIDValidity {
		t.Errorf("UIDVALIDITY: got %d again, want a new one", after.UIDValidity)
	}
	ms, err := s.Messages(ctx, "epreuves-btp", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("got %d messages, want 2", len(ms))
	}
	for _, m := range ms {
		if m.HasFlag("$MailbotDone") || !m.HasFlag(string(imap.FlagSeen)) {
			t.Errorf("%s: got flags %v, want \\Seen without $MailbotDone", m.MessageID, m.Flags)
		}
	}
}

// members lists the UIDs of a thread tree.
func members(td imapclient.ThreadData) []uint32 {
	out := slices.Clone(td.Chain)
	for _, sub := range td.SubThreads {
		out = append(out, members(sub)...)
	}
	slices.Sort(out)
	return out
}

func TestThreadByReferencesNotSubject(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	ctx := testCtx(t)
	mails := [][]byte{
		msg("c@x", "centre1@x", "Question", "t1@x"),
		msg("g@x", "centre1@x", "Autre sujet", "t2@x", "In-Reply-To: <t1@x>", "References: <t1@x>"),
		msg("d@x", "centre1@x", "Re: Question", "t3@x"),
	}
	for _, raw := range mails {
		if err := s.Deliver(ctx, "c@x", []string{"centre1"}, raw); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		alg  imap.ThreadAlgorithm
		want [][]uint32
	}{
		// REFERENCES also gathers by base subject (RFC 5256 section 2.2).
		{imap.ThreadReferences, [][]uint32{{1, 2, 3}}},
		{"REFS", [][]uint32{{1, 2}, {3}}},
	}
	for _, tc := range cases {
		t.Run(string(tc.alg), func(t *testing.T) {
			threads, err := s.Thread(ctx, "centre1", "INBOX", tc.alg)
			if err != nil {
				t.Fatal(err)
			}
			var got [][]uint32
			for _, th := range threads {
				got = append(got, members(th))
			}
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// BenchmarkStart measures how long Dovecot takes to greet on IMAP and
// LMTP after a start; the clean stops in between are not counted.
func BenchmarkStart(b *testing.B) {
	s := dovecottest.Start(b, dovecottest.Options{})
	for b.Loop() {
		b.StopTimer()
		s.Stop()
		b.StartTimer()
		s.Start()
	}
}

// BenchmarkStop measures a clean stop (SIGTERM until the ports close).
func BenchmarkStop(b *testing.B) {
	s := dovecottest.Start(b, dovecottest.Options{})
	for b.Loop() {
		s.Stop()
		b.StopTimer()
		s.Start()
		b.StartTimer()
	}
}

func TestProxyFreezeSilencesOpenConnectionsOnly(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	p := dovecottest.StartProxy(t, s.IMAPAddr())
	dial := func() *imapclient.Client {
		conn, err := net.Dial("tcp", p.Addr())
		if err != nil {
			t.Fatal(err)
		}
		c := imapclient.New(conn, nil)
		t.Cleanup(func() { c.Close() })
		if err := c.Login("centre1", dovecottest.Password).Wait(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	frozen := dial()
	p.Freeze()
	answered := make(chan error, 1)
	go func() { answered <- frozen.Noop().Wait() }()
	select {
	case err := <-answered:
		t.Fatalf("the frozen connection answered NOOP (%v)", err)
	case <-time.After(300 * time.Millisecond): // silence is all there is to see
	}
	fresh := dial()
	if err := fresh.Noop().Wait(); err != nil {
		t.Errorf("a new connection after Freeze: %v", err)
	}
	if got := p.Accepted(); got != 2 {
		t.Errorf("Accepted: got %d, want 2", got)
	}
	frozen.Close()
	if err := <-answered; err == nil {
		t.Error("NOOP on the frozen connection succeeded")
	}
}
