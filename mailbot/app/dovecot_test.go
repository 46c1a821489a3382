package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailbot/mailbot/bot"
	"mailbot/mailbot/dovecottest"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/smtpsink"
	"mailbot/state"
)

// The tests in this file run the whole bot against a real Dovecot on
// loopback (package dovecottest): mail arrives over LMTP as from an MTA,
// and the bot only learns of it through IDLE, because the poll interval is
// longer than any test.

const (
	btpUser = "epreuves-btp"
	ccpBox  = "epreuves-ccp@afpa.fr"
	// centre1 has a mailbox in Dovecot: the centre's own view of a thread.
	centre1     = "centre1@cfp-exemple.test"
	centre1From = "Centre Un <" + centre1 + ">"
	waitLimit   = 20 * time.Second
)

// monday is a working morning: every reply goes at once.
var monday = paris(2027, time.March, 1, 10, 0)

// lab is a Dovecot and the sink its Sieve scripts send to.
type lab struct {
	dove  *dovecottest.Server
	sieve *smtpsink.Sink
}

func startLab(t *testing.T) *lab {
	t.Helper()
	sieve, err := smtpsink.Start(smtpsink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sieve.Close)
	return &lab{dove: dovecottest.Start(t, dovecottest.Options{Submission: sieve.Addr()}), sieve: sieve}
}

// harness runs a bot on the lab's Dovecot, or on s.imapAddr (a proxy).
func (l *lab) harness(t *testing.T, s setup) *harness {
	t.Helper()
	if s.imapAddr == "" {
		s.imapAddr = l.dove.IMAPAddr()
	}
	if s.imap == nil {
		s.imap = map[string]any{}
	}
	s.imap["poll_interval"] = "10m" // IDLE only
	s.password = dovecottest.Password
	return newHarnessOn(t, monday, s)
}

func newDovecotHarness(t *testing.T, s setup) (*lab, *harness) {
	t.Helper()
	l := startLab(t)
	return l, l.harness(t, s)
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	t.Cleanup(cancel)
	return ctx
}

// deliver hands raw to Dovecot over LMTP.
func (l *lab) deliver(t *testing.T, from string, to []string, raw string) {
	t.Helper()
	if err := l.dove.Deliver(testContext(t), from, to, []byte(raw)); err != nil {
		t.Fatal(err)
	}
}

// poll calls cond until it holds, failing the test after waitLimit.
func poll(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %v waiting for %s", waitLimit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitDone waits until every message named by ids (Message-IDs) is in
// user's INBOX and marked handled.
func (l *lab) waitDone(t *testing.T, user string, ids ...string) []dovecottest.Message {
	t.Helper()
	var msgs []dovecottest.Message
	poll(t, user+" to mark "+strings.Join(ids, " "), func() bool {
		var err error
		if msgs, err = l.dove.Messages(testContext(t), user, "INBOX"); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if !slices.ContainsFunc(msgs, func(m dovecottest.Message) bool {
				return m.MessageID == strings.Trim(id, "<>") && m.HasFlag("$MailbotDone")
			}) {
				return false
			}
		}
		return true
	})
	return msgs
}

// status returns the watcher's status of a sector.
func (h *harness) status(sector string) imapwatch.Status {
	for _, m := range h.app.Mailboxes() {
		if m.Name == sector {
			return m.Status
		}
	}
	h.t.Fatalf("no watcher for %s", sector)
	return imapwatch.Status{}
}

func (h *harness) waitIdle(sector string) {
	h.t.Helper()
	poll(h.t, sector+" to idle", func() bool { return h.status(sector).Idling })
}

// settle waits until the outbox holds no pending mail whose time has come,
// whether waiting or being sent, then returns what the sink received:
// nothing more will be sent at this clock.
func (h *harness) settle() []smtpsink.Received {
	h.t.Helper()
	poll(h.t, "the outbox to settle", func() bool {
		out, err := h.app.Store.Outbox()
		if err != nil {
			h.t.Fatal(err)
		}
		return !slices.ContainsFunc(out, func(o state.Outgoing) bool {
			return o.Status == state.OutPending && !o.SendAt.After(h.clock.Now())
		})
	})
	return h.smtp.Messages()
}

// inReplyTo counts the received mails that answer id.
func inReplyTo(got []smtpsink.Received, id string) int {
	n := 0
	for _, r := range got {
		if r.Header.Get("In-Reply-To") == id {
			n++
		}
	}
	return n
}

func ceresMail(from, id string) string {
	return mail(from, btpBox, "Problème de connexion CERES", id, "Mon, 1 Mar 2027 09:55:00 +0100",
		"Bonjour,\n\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé avec un message d'erreur.\nComment faire ?\n\nCordialement,\nMarie")
}

func dteMail(from, id string) string {
	return mail(from, btpBox, "Quand faire la demande de DTE ?", id, "Mon, 1 Mar 2027 10:05:00 +0100",
		"Bonjour,\nJusqu'à quand pouvons-nous faire la demande de DTE dans CERES pour notre session du 14/06/2027 ?\nMerci")
}

func TestDovecotIdleDeliveryIsProcessed(t *testing.T) {
	decided := make(chan time.Time, 1)
	l, h := newDovecotHarness(t, setup{onDecision: func(bot.Event) {
		select {
		case decided <- time.Now():
		default:
		}
	}})
	h.waitIdle("btp")
	start := time.Now()
	l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, "<idle@cfp-exemple.test>"))
	delivered := time.Since(start)
	got := h.waitSent(1)
	t.Logf("LMTP delivery %v; delivery to decision %v; to reply at the sink %v", delivered, (<-decided).Sub(start), time.Since(start))
	if inReplyTo(got, "<idle@cfp-exemple.test>") != 1 {
		t.Errorf("the reply answers %q, want <idle@cfp-exemple.test>", got[0].Header.Get("In-Reply-To"))
	}
	msgs := l.waitDone(t, btpUser, "idle@cfp-exemple.test")
	if msgs[0].HasFlag(`\Seen`) {
		t.Errorf("reading marked the message \\Seen: %v", msgs[0].Flags)
	}
}

func TestDovecotMailArrivingWhileBusyIsNotMissed(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	l, h := newDovecotHarness(t, setup{onDecision: func(bot.Event) {
		// The first decision holds the bot inside its handler.
		once.Do(func() {
			close(entered)
			<-release
		})
	}})
	var releaseOnce sync.Once
	free := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(free) // runs before the bot stops
	h.waitIdle("btp")
	l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, "<busy1@cfp-exemple.test>"))
	select {
	case <-entered:
	case <-time.After(waitLimit):
		t.Fatal("the bot never processed the first mail")
	}
	// Stored by Dovecot while the bot is busy, not idling.
	l.deliver(t, centre1, []string{btpBox}, dteMail(centre1From, "<busy2@cfp-exemple.test>"))
	free()
	l.waitDone(t, btpUser, "busy1@cfp-exemple.test", "busy2@cfp-exemple.test")
	got := h.settle()
	for _, id := range []string{"<busy1@cfp-exemple.test>", "<busy2@cfp-exemple.test>"} {
		if n := inReplyTo(got, id); n != 1 {
			t.Errorf("%s answered %d times, want 1", id, n)
		}
	}
}

func TestDovecotRestartMidIdle(t *testing.T) {
	l, h := newDovecotHarness(t, setup{})
	h.waitIdle("btp")
	t0 := time.Now()
	l.dove.Stop()
	t.Logf("stop took %v", time.Since(t0))
	poll(t, "a failed reconnection", func() bool {
		s := h.status("btp")
		return !s.Connected && s.Reconnects > 0 && strings.Contains(s.LastError, "refused")
	})
	// Mail delivered by another agent while Dovecot is down.
	if err := l.dove.Drop(btpUser, []byte(ceresMail(centre1From, "<down@cfp-exemple.test>"))); err != nil {
		t.Fatal(err)
	}
	restarted := time.Now()
	l.dove.Start()
	l.waitDone(t, btpUser, "down@cfp-exemple.test")
	t.Logf("restart to processed: %v after %d reconnections", time.Since(restarted), h.status("btp").Reconnects)

	h.waitIdle("btp")
	l.deliver(t, centre1, []string{btpBox}, dteMail(centre1From, "<after@cfp-exemple.test>"))
	l.waitDone(t, btpUser, "after@cfp-exemple.test")
	got := h.settle()
	if len(got) != 2 || inReplyTo(got, "<down@cfp-exemple.test>") != 1 || inReplyTo(got, "<after@cfp-exemple.test>") != 1 {
		t.Errorf("got %d mails, want one answer to each message", len(got))
	}
}

func TestDovecotSilentConnectionIsReplaced(t *testing.T) {
	l := startLab(t)
	p := dovecottest.StartProxy(t, l.dove.IMAPAddr())
	h := l.harness(t, setup{imapAddr: p.Addr(), imap: map[string]any{"idle_restart": "1s", "command_timeout": "2s"}})
	h.waitIdle("btp")
	before := p.Accepted()
	p.Freeze()
	l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, "<silent@cfp-exemple.test>"))
	l.waitDone(t, btpUser, "silent@cfp-exemple.test")
	h.waitSent(1)
	s := h.status("btp")
	if !strings.Contains(s.LastError, "no progress") || s.Reconnects == 0 {
		t.Errorf("status: got last error %q after %d reconnections, want the watchdog's", s.LastError, s.Reconnects)
	}
	if p.Accepted() <= before {
		t.Errorf("got %d connections through the proxy, want more than %d", p.Accepted(), before)
	}
}

func TestDovecotUIDValidityChangeAnswersNothingTwice(t *testing.T) {
	l, h := newDovecotHarness(t, setup{})
	l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, "<v1@cfp-exemple.test>"))
	l.deliver(t, centre1, []string{btpBox}, dteMail(centre1From, "<v2@cfp-exemple.test>"))
	l.waitDone(t, btpUser, "v1@cfp-exemple.test", "v2@cfp-exemple.test")
	h.waitSent(2)
	steps := []struct {
		name string
		drop []string
	}{
		{"restored with its keywords", nil},
		{"restored without the bot's keyword", []string{"$MailbotDone"}},
	}
	for _, step := range steps {
		old, err := h.app.Store.Cursor("btp")
		if err != nil {
			t.Fatal(err)
		}
		if err := l.dove.RecreateMailbox(testContext(t), btpUser, "INBOX", step.drop...); err != nil {
			t.Fatal(err)
		}
		poll(t, step.name+": the bot to take the new UIDVALIDITY", func() bool {
			c, err := h.app.Store.Cursor("btp")
			return err == nil && c.UIDValidity != old.UIDValidity
		})
		l.waitDone(t, btpUser, "v1@cfp-exemple.test", "v2@cfp-exemple.test")
	}
	l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, "<v3@cfp-exemple.test>"))
	l.waitDone(t, btpUser, "v3@cfp-exemple.test")
	got := h.settle()
	for _, id := range []string{"<v1@cfp-exemple.test>", "<v2@cfp-exemple.test>", "<v3@cfp-exemple.test>"} {
		if n := inReplyTo(got, id); n != 1 {
			t.Errorf("%s answered %d times, want 1", id, n)
		}
	}
}

func TestDovecotReusedMessageIDWithNewBodyIsAnswered(t *testing.T) {
	l, h := newDovecotHarness(t, setup{})
	const id = "<toujours-le-meme@cfp-exemple.test>"
	l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, id))
	h.waitSent(1)
	// Some mailers (web forms, scripts) send every mail with one Message-ID.
	l.deliver(t, centre1, []string{btpBox}, dteMail(centre1From, id))
	poll(t, "both messages to be marked", func() bool {
		msgs, err := l.dove.Messages(testContext(t), btpUser, "INBOX")
		if err != nil {
			t.Fatal(err)
		}
		return len(msgs) == 2 && msgs[0].HasFlag("$MailbotDone") && msgs[1].HasFlag("$MailbotDone")
	})
	got := h.settle()
	if len(got) != 2 {
		t.Fatalf("got %d replies, want 2: the second mail is another question", len(got))
	}
	if !strings.Contains(bodyOf(got[1]), "13/03/2027") {
		t.Errorf("the second reply does not answer the DTE question:\n%s", bodyOf(got[1]))
	}
}

func TestDovecotSameMailInTwoSectorBoxesMakesOneConversation(t *testing.T) {
	raw := mail(centre1From, btpBox, "Problème de connexion CERES", "<both@cfp-exemple.test>", "Mon, 1 Mar 2027 09:55:00 +0100",
		"Bonjour,\n\nJe n'arrive plus à me connecter à CERES : mon identifiant est refusé.\nComment faire ?\n\nMarie", "Cc: "+ccpBox)
	cases := []struct {
		name         string
		transactions [][]string
	}{
		// Dovecot then stores the same bytes in both mailboxes.
		{"one LMTP transaction", [][]string{{btpBox, ccpBox}}},
		// Each copy gets its own Received header: the bytes differ.
		{"two LMTP transactions", [][]string{{btpBox}, {ccpBox}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, h := newDovecotHarness(t, setup{})
			for _, rcpts := range tc.transactions {
				l.deliver(t, centre1, rcpts, raw)
			}
			l.waitDone(t, btpUser, "both@cfp-exemple.test")
			l.waitDone(t, "epreuves-ccp", "both@cfp-exemple.test")
			if got := h.settle(); len(got) != 1 {
				t.Errorf("got %d replies, want 1", len(got))
			}
			convs, err := h.app.Store.Conversations()
			if err != nil {
				t.Fatal(err)
			}
			if len(convs) != 1 {
				t.Errorf("got %d conversations, want 1", len(convs))
			}
		})
	}
}

// withoutHeaders removes header fields (and their folded lines) from raw.
func withoutHeaders(raw []byte, names ...string) []byte {
	head, body, _ := strings.Cut(string(raw), "\r\n\r\n")
	var kept []string
	skip := false
	for _, line := range strings.Split(head, "\r\n") {
		if line != "" && (line[0] == ' ' || line[0] == '\t') {
			if !skip {
				kept = append(kept, line)
			}
			continue
		}
		k, _, _ := strings.Cut(line, ":")
		skip = slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(strings.TrimSpace(k), n) })
		if !skip {
			kept = append(kept, line)
		}
	}
	return []byte(strings.Join(kept, "\r\n") + "\r\n\r\n" + body)
}

func TestDovecotVacationDoesNotLoop(t *testing.T) {
	l, h := newDovecotHarness(t, setup{})
	l.dove.InstallVacation("centre1")
	l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, "<away@cfp-exemple.test>"))
	reply := h.waitSent(1)[0]
	ctx := testContext(t)

	// Our reply says Auto-Submitted (RFC 3834) and, for Exchange,
	// X-Auto-Response-Suppress: Sieve's vacation stays silent on either.
	if err := l.dove.Deliver(ctx, reply.From, reply.To, reply.Raw); err != nil {
		t.Fatal(err)
	}
	if n := len(l.sieve.Messages()); n != 0 {
		t.Fatalf("Sieve vacation answered our auto-reply (%d mails), want silence", n)
	}
	// A responder that ignores both answers: that answer reaches the
	// sector mailbox and must not be answered.
	stripped := withoutHeaders(reply.Raw, "Auto-Submitted", "X-Auto-Response-Suppress")
	if err := l.dove.Deliver(ctx, reply.From, reply.To, stripped); err != nil {
		t.Fatal(err)
	}
	ooo := l.sieve.Messages()
	if len(ooo) != 1 || ooo[0].Subject() != dovecottest.VacationSubject {
		t.Fatalf("got %d mails from Sieve, want one vacation reply", len(ooo))
	}
	if err := l.dove.Deliver(ctx, ooo[0].From, []string{btpBox}, ooo[0].Raw); err != nil {
		t.Fatal(err)
	}
	l.waitDone(t, btpUser, ooo[0].Header.Get("Message-Id"))
	if got := h.settle(); len(got) != 1 {
		t.Errorf("got %d mails from the bot, want only the first reply (the out-of-office was answered)", len(got))
	}
}

func TestDovecotRepliesPerCentreAreCapped(t *testing.T) {
	l, h := newDovecotHarness(t, setup{})
	var ids []string
	for i := range 10 {
		id := fmt.Sprintf("<n%d@cfp-exemple.test>", i)
		ids = append(ids, id)
		l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, id))
	}
	l.waitDone(t, btpUser, ids...)
	got := h.settle()
	limit := h.cfg.Policy.MaxRepliesPerDay
	if len(got) == 0 || len(got) > limit {
		t.Errorf("got %d replies to ten mails from one centre, want 1 to %d", len(got), limit)
	}
}

func TestDovecotOwnAndEngineerMailIsNotAnswered(t *testing.T) {
	l, h := newDovecotHarness(t, setup{})
	senders := []struct{ name, addr, id string }{
		{"GEV CCP", ccpBox, "<own@afpa.fr>"},      // another sector mailbox
		{"GEV", "gev@afpa.fr", "<agent@afpa.fr>"}, // the agents' address
		{"Paul", engineer, "<eng@afpa.fr>"},       // an engineer writing afresh
	}
	var ids []string
	for _, s := range senders {
		l.deliver(t, s.addr, []string{btpBox}, ceresMail(s.name+" <"+s.addr+">", s.id))
		ids = append(ids, s.id)
	}
	// A centre's mail after them proves the bot went past all three.
	l.deliver(t, centre1, []string{btpBox}, ceresMail(centre1From, "<centre@cfp-exemple.test>"))
	l.waitDone(t, btpUser, append(ids, "<centre@cfp-exemple.test>")...)
	got := h.settle()
	if len(got) != 1 || inReplyTo(got, "<centre@cfp-exemple.test>") != 1 {
		t.Errorf("got %d mails, want only the answer to the centre", len(got))
		for _, r := range got {
			t.Logf("sent to %v in reply to %s", r.To, r.Header.Get("In-Reply-To"))
		}
	}
}

// threadOf returns the UIDs of the thread holding uid, sorted.
func threadOf(threads []imapclient.ThreadData, uid uint32) []uint32 {
	var walk func(imapclient.ThreadData) []uint32
	walk = func(td imapclient.ThreadData) []uint32 {
		out := slices.Clone(td.Chain)
		for _, sub := range td.SubThreads {
			out = append(out, walk(sub)...)
		}
		return out
	}
	for _, th := range threads {
		if members := walk(th); slices.Contains(members, uid) {
			slices.Sort(members)
			return members
		}
	}
	return nil
}

// checkOneThread delivers raws to centre1's mailbox and checks that the
// server threads them together, by REFERENCES (what mail clients ask) and
// by REFS (headers only: REFERENCES also groups by subject).
func (l *lab) checkOneThread(t *testing.T, raws ...[]byte) {
	t.Helper()
	ctx := testContext(t)
	var want []uint32
	for i, raw := range raws {
		if err := l.dove.Deliver(ctx, centre1, []string{centre1}, raw); err != nil {
			t.Fatal(err)
		}
		want = append(want, uint32(i+1))
	}
	for _, alg := range []imap.ThreadAlgorithm{imap.ThreadReferences, "REFS"} {
		threads, err := l.dove.Thread(ctx, "centre1", "INBOX", alg)
		if err != nil {
			t.Fatal(err)
		}
		if got := threadOf(threads, 1); !slices.Equal(got, want) {
			t.Errorf("THREAD %s: got %v with the first mail (all threads %v), want %v", alg, got, threads, want)
		}
	}
}

func TestDovecotThreadsOurReplyWithTheCentreMail(t *testing.T) {
	l, h := newDovecotHarness(t, setup{})
	question := ceresMail(centre1From, "<thread@cfp-exemple.test>")
	l.deliver(t, centre1, []string{btpBox}, question)
	reply := h.waitSent(1)[0]
	l.checkOneThread(t, []byte(question), reply.Raw)
}

// TestDovecotThreadsTheEngineerRelay is the relay path on a real server:
// a forged answer is not relayed, the genuine one is, in the centre's
// thread.
func TestDovecotThreadsTheEngineerRelay(t *testing.T) {
	l, h := newDovecotHarness(t, setup{})
	question := mail(centre1From, btpBox, "Question sur le DTE maçon", "<eq@cfp-exemple.test>", "Mon, 1 Mar 2027 09:58:00 +0100",
		"Bonjour,\n\nDans le DTE maçon, l'épreuve prévoit un mur en briques de 20 cm. Pouvons-nous utiliser des blocs béton à la place ? Le matériel indiqué n'est plus fabriqué.\n\nCordialement,\nMarie")
	l.deliver(t, centre1, []string{btpBox}, question)
	ack := h.waitSent(1)[0]
	out, err := h.app.Store.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(out, func(o state.Outgoing) bool { return o.Kind == "forward" })
	if i < 0 {
		t.Fatalf("no forward to the engineers in the outbox: %+v", out)
	}
	h.clock.Set(out[i].SendAt.Add(time.Minute))
	h.app.Bot.Poke()
	fwd := h.waitSent(2)[1]
	// A forgery first: our server saw DMARC fail for afpa.fr. It is
	// delivered like any mail, and not relayed.
	forged := mail("Paul <"+engineer+">", btpBox, "RE: "+fwd.Subject(), "<forged@evil.test>", "Mon, 1 Mar 2027 10:59:00 +0100",
		"Bonjour,\nLe nouveau DTE est sur https://faux-afpa.example\n", "In-Reply-To: "+fwd.Header.Get("Message-Id"),
		"Authentication-Results: mx.afpa.fr; spf=fail smtp.mailfrom=evil.test; dmarc=fail header.from=afpa.fr")
	l.deliver(t, "attacker@evil.test", []string{btpBox}, forged)
	l.waitDone(t, btpUser, "forged@evil.test")
	if got := h.settle(); len(got) != 2 {
		t.Fatalf("got %d mails after the forgery, want 2: it was relayed", len(got))
	}
	answer := mail("Paul <"+engineer+">", btpBox, "RE: "+fwd.Subject(), "<ans@afpa.fr>", "Mon, 1 Mar 2027 11:00:00 +0100",
		"Bonjour,\n\nOui, des blocs béton de 20 cm conviennent.\n\nPaul", "In-Reply-To: "+fwd.Header.Get("Message-Id"),
		"Authentication-Results: mx.afpa.fr; dkim=pass header.d=afpa.fr; spf=pass smtp.mailfrom=afpa.fr; dmarc=pass header.from=afpa.fr")
	l.deliver(t, engineer, []string{btpBox}, answer)
	relay := h.waitSent(3)[2]
	if !slices.Equal(relay.To, []string{centre1}) {
		t.Fatalf("third mail: got one to %v, want the relay to %s", relay.To, centre1)
	}
	l.checkOneThread(t, []byte(question), ack.Raw, relay.Raw)
}
