package demo

import (
	"bufio"
	"bytes"
	"container/heap"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"

	"mailbot/mailbot/app"
	"mailbot/mailbot/bot"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/mailmsg"
	"mailbot/state"
)

// historyDays is how far back the demo's history goes.
const historyDays = 30

// History is what the demo's seeded past holds.
type History struct {
	Messages, Reclassified, Relayed, Approved, Held, Closed int
}

// centres write the history's human mail (fictional, like the samples'
// senders, whom they never are: the samples' own replies are not limited
// by the history's).
var centres = []struct{ name, addr string }{
	{"Centre de formation Exemple Lyon", "certification@cfp-lyon-exemple.fr"},
	{"GRETA Exemple Nord", "examens@greta-nord-exemple.fr"},
	{"CFA du Bâtiment Exemple", "secretariat@cfa-batiment-exemple.fr"},
	{"Institut Exemple des Métiers", "scolarite@institut-metiers-exemple.fr"},
	{"Campus Pro Exemple Bordeaux", "certif@campus-pro-exemple.fr"},
	{"École Exemple de Gestion", "validation@ecole-gestion-exemple.fr"},
	{"Formation Continue Exemple Rennes", "fc@formation-rennes-exemple.fr"},
	{"Pôle Industrie Exemple Est", "examens@pole-industrie-est-exemple.fr"},
	{"Centre Tertiaire Exemple Nantes", "accueil@tertiaire-nantes-exemple.fr"},
	{"AFC Exemple Toulouse", "certification@afc-toulouse-exemple.fr"},
	{"Maison de la Formation Exemple", "contact@maison-formation-sud-exemple.fr"},
	{"CFP Exemple Marseille", "dte@cfp-marseille-exemple.fr"},
}

// engineers' answers, relayed unchanged to the centre.
var answers = []string{
	"Oui, un équipement équivalent peut être utilisé s'il permet de réaliser toutes les opérations prévues par le DTE. Indiquez-le au jury dans le dossier de session.",
	"La durée indiquée dans le dossier technique d'évaluation fait foi ; l'écart relevé vient d'une version antérieure du référentiel, il ne change rien pour les candidats.",
	"Le candidat réalise l'ouvrage complet tel que décrit dans le dossier ; adaptez les postes plutôt que le sujet. Le temps de préparation n'est pas compté.",
	"Oui, la protection doit figurer dans le câblage réalisé par le candidat : elle fait partie des critères d'évaluation de la mise en situation.",
}

// machine categories keep their senders: the classifier reads them.
var machine = map[string]bool{"auto_reply": true, "bounce": true, "bulk": true}

// label is one sample's category, from samples/labels.jsonl: an agent
// corrects the bot when it decided otherwise.
func labels() (map[string]string, error) {
	data, err := samples.ReadFile("samples/labels.jsonl")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var l struct{ File, Category string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("labels.jsonl: %w", err)
		}
		out[l.File] = l.Category
	}
	return out, sc.Err()
}

// past is the demo's history in the making: a queue of what happens, in
// time order, run against an offline bot whose clock is each event's time.
type past struct {
	ctx    context.Context
	bot    *app.Offline
	cal    *calendar.Calendar
	now    time.Time
	end    time.Time // the demo's start: nothing happens after
	rnd    *rand.Rand
	queue  events
	labels map[string]string
	last   *bot.Event
	sum    History
	err    error // the first thing that went wrong
	n      int   // messages made, for their Message-IDs
}

type event struct {
	at time.Time
	do func()
}

// events is a min-heap of events by time.
type events []event

func (q events) Len() int           { return len(q) }
func (q events) Less(i, j int) bool { return q[i].at.Before(q[j].at) }
func (q events) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *events) Push(x any)        { *q = append(*q, x.(event)) }
func (q *events) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

func (p *past) at(t time.Time, do func()) {
	if t.Before(p.end) {
		heap.Push(&p.queue, event{t, do})
	}
}

// seedHistory writes about 30 days of past conversations into the state
// file of cfg, on the demo's clock ending at end: the sample mail again
// from other centres, the mail the bot sent, agents correcting its
// category, approving held replies and closing what they handled,
// engineers answering questions (relayed), centres thanking. Mail is
// "sent" to nobody: the offline bot's sender only accepts it.
func seedHistory(ctx context.Context, cfg *config.Config, end time.Time, list []Sample) (History, error) {
	lab, err := labels()
	if err != nil {
		return History{}, err
	}
	p := &past{ctx: ctx, end: end, rnd: rand.New(rand.NewPCG(2027, 3)), labels: lab}
	p.bot, err = app.NewOffline(cfg, app.Options{Clock: func() time.Time { return p.now }, Logger: slog.New(slog.DiscardHandler), OnDecision: func(ev bot.Event) { p.last = &ev }}, accept{})
	if err != nil {
		return History{}, fmt.Errorf("demo: history: %w", err)
	}
	defer p.bot.Close()
	// A crash loses only the demo's made-up past: no fsync per commit.
	if err := p.bot.Store.SkipSync(true); err != nil {
		return History{}, err
	}
	p.cal = p.bot.Engine.Policy.Calendar
	p.plan(list)
	for p.queue.Len() > 0 {
		e := heap.Pop(&p.queue).(event)
		p.now = e.at
		e.do()
		if p.err != nil {
			return p.sum, fmt.Errorf("demo: history: %w", p.err)
		}
		if err := ctx.Err(); err != nil {
			return p.sum, err
		}
	}
	p.now = end
	held, err := p.bot.Store.Outbox()
	for _, o := range held {
		if o.Status == state.OutHeld {
			p.sum.Held++
		}
	}
	if err == nil {
		err = p.bot.Store.SkipSync(false)
	}
	return p.sum, err
}

// send sends the mail due now. It runs after each event that may queue
// mail due at once, and at each opening of the engineering window, when
// the forwards that waited are due: reading the outbox before every
// event would cost more than the rest of the history.
func (p *past) send() { p.check(p.bot.Bot.SendDue(p.ctx)) }

// plan queues each day's mail (a few on weekends, mostly machines) and
// the morning reminders to engineers.
func (p *past) plan(list []Sample) {
	first := calendar.DateOf(p.end).AddDate(0, 0, -historyDays)
	for d := 0; d < historyDays+1; d++ {
		day := first.AddDate(0, 0, d)
		working := p.cal.IsWorkingDay(day)
		n := 5 + p.rnd.IntN(5)
		if !working {
			n = p.rnd.IntN(3)
		}
		for range n {
			s := list[p.rnd.IntN(len(list))]
			if !working && !machine[p.labels[s.Name]] && p.rnd.IntN(3) > 0 {
				continue
			}
			at := clockOn(day, 7*time.Hour+30*time.Minute+time.Duration(p.rnd.IntN(11*60))*time.Minute)
			p.at(at, func() { p.arrive(s, at) })
		}
		if working {
			p.at(p.cal.Next(calendar.Engineering, day), p.send)
			p.at(clockOn(day, 9*time.Hour), func() { p.check(p.bot.Bot.QueueReminders()); p.send() })
		}
	}
}

// clockOn is the time off after midnight of day, in Paris.
func clockOn(day time.Time, off time.Duration) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, calendar.Paris).Add(off)
}

// arrive processes one sample, dated at and sent by a history centre,
// then queues what people do about it.
func (p *past) arrive(s Sample, at time.Time) {
	cat := p.labels[s.Name]
	centre := centres[p.rnd.IntN(len(centres))]
	from := ""
	if !machine[cat] {
		from = mime.QEncoding.Encode("utf-8", centre.name) + " <" + centre.addr + ">"
	}
	raw, err := p.redate(s.Raw, at, from)
	if err != nil {
		p.check(err)
		return
	}
	ev := p.process(raw)
	if ev == nil {
		return
	}
	p.sum.Messages++
	conv := ev.Conversation
	plan := ev.Decision.Plan
	if plan.Action != "ignore" {
		p.send()
	}
	// The last working day's mail is still to be read when the demo starts.
	review := p.cal.Next(calendar.GEVHours, at).Add(time.Duration(30+p.rnd.IntN(180)) * time.Minute)
	if review.Before(p.end.Add(-20 * time.Hour)) {
		p.at(review, func() { p.review(conv, cat) })
	}
	switch {
	case plan.Action == "forward" && p.rnd.IntN(4) > 0:
		answer := p.cal.Next(calendar.Engineering, plan.SendAt).Add(time.Duration(20+p.rnd.IntN(44)) * time.Hour)
		p.at(p.cal.Next(calendar.Engineering, answer), func() { p.answer(conv) })
	case plan.Action == "reply" && !machine[cat] && p.rnd.IntN(4) == 0:
		p.at(at.Add(time.Duration(1+p.rnd.IntN(20))*time.Hour), func() { p.thank(conv, centre.name) })
	}
}

// process runs one message through the bot and returns its event.
func (p *past) process(raw []byte) *bot.Event {
	p.last = nil
	if err := p.bot.Bot.Process(p.ctx, p.mailboxOf(raw), bytes.NewReader(raw)); err != nil {
		p.check(err)
		return nil
	}
	return p.last
}

// review is an agent reading a conversation: the category corrected
// when the bot got it wrong, held replies approved (one in six
// discarded), the conversation closed once nothing waits for an engineer.
func (p *past) review(id, truth string) {
	c, err := p.bot.Store.Conversation(id)
	if err != nil {
		p.check(err)
		return
	}
	if truth != "" && c.Category != truth && c.Status != state.StatusClosed {
		if p.check(p.bot.Bot.Reclassify(p.ctx, id, truth, "agent")) {
			p.sum.Reclassified++
		}
	}
	if c, err = p.bot.Store.Conversation(id); p.check(err) && approved[c.Category] {
		p.release(id)
	}
	if c, err = p.bot.Store.Conversation(id); p.check(err) && c.Status == state.StatusNeedsHuman && p.rnd.IntN(5) > 0 {
		if p.check(p.bot.Bot.MarkDone(id, "agent")) {
			p.sum.Closed++
		}
	}
}

// release approves the conversation's held mail (one in six discarded).
func (p *past) release(id string) {
	out, err := p.bot.Store.Outbox()
	if !p.check(err) {
		return
	}
	for _, o := range out {
		if o.ConversationID != id || o.Status != state.OutHeld {
			continue
		}
		if p.rnd.IntN(6) == 0 {
			p.check(p.bot.Bot.Discard(o.ID, "agent"))
		} else if p.check(p.bot.Bot.Approve(o.ID, "agent")) {
			p.sum.Approved++
		}
	}
	p.send()
}

// answer is the engineer of the conversation's sector replying to the
// forward; the bot relays it to the centre.
func (p *past) answer(id string) {
	out, err := p.bot.Store.Outbox()
	if !p.check(err) {
		return
	}
	for _, o := range out {
		if o.ConversationID != id || o.Kind != "forward" || o.Status != state.OutSent {
			continue
		}
		sector := strings.TrimSuffix(strings.TrimPrefix(o.From, "epreuves-"), "@afpa.fr")
		text := "Bonjour,\n\n" + answers[p.rnd.IntN(len(answers))] + "\n\nCordialement,\nL'ingénierie de formation " + strings.ToUpper(sector) + "\n"
		raw := p.mail("Ingénierie de formation <"+o.To[0]+">", o.From, "Re: "+o.Subject, o.MessageID, text)
		if ev := p.process(raw); ev != nil && ev.Decision.Plan.Action == "relay" {
			p.sum.Relayed++
			p.send()
		}
		return
	}
}

// thank is the centre answering the bot's reply with thanks, which
// closes the conversation.
func (p *past) thank(id, name string) {
	c, err := p.bot.Store.Conversation(id)
	if !p.check(err) {
		return
	}
	for _, e := range c.Entries {
		if e.Kind == "out" && len(e.To) == 1 && e.To[0] == c.CentreAddress {
			raw := p.mail(mime.QEncoding.Encode("utf-8", name)+" <"+c.CentreAddress+">", e.From, "Re: "+e.Subject, e.MessageID,
				"Bonjour,\n\nMerci pour votre réponse, c'est bien noté.\n\nBonne journée,\n"+name+"\n")
			p.process(raw)
			return
		}
	}
}

// mail writes a plain French mail answering inReplyTo.
func (p *past) mail(from, to, subject, inReplyTo, text string) []byte {
	p.n++
	var b bytes.Buffer
	fmt.Fprintf(&b, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <historique-%d@demo.example>\r\n", p.now.Format(time.RFC1123Z), from, to, mime.QEncoding.Encode("utf-8", subject), p.n)
	fmt.Fprintf(&b, "In-Reply-To: %s\r\nReferences: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n", inReplyTo, inReplyTo)
	b.WriteString(strings.ReplaceAll(text, "\n", "\r\n"))
	return b.Bytes()
}

// redate gives a sample a new date and Message-ID, and a new sender when
// from is set; it keeps no threading field, being a new conversation.
func (p *past) redate(raw []byte, at time.Time, from string) ([]byte, error) {
	br := bufio.NewReader(bytes.NewReader(raw))
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return nil, fmt.Errorf("demo: history: sample header: %w", err)
	}
	p.n++
	h.Set("Date", at.Format(time.RFC1123Z))
	h.Set("Message-Id", fmt.Sprintf("<historique-%d@demo.example>", p.n))
	h.Del("In-Reply-To")
	h.Del("References")
	h.Del("Received")
	if from != "" {
		h.Set("From", from)
	}
	var b bytes.Buffer
	if err := textproto.WriteHeader(&b, h); err != nil {
		return nil, err
	}
	_, err = io.Copy(&b, br)
	return b.Bytes(), err
}

// check keeps the first error, which ends the seeding, and says whether
// err is nil.
func (p *past) check(err error) bool {
	if err != nil && p.err == nil {
		p.err = err
	}
	return err == nil
}

// mailboxOf is the sector a mail is addressed to.
func (p *past) mailboxOf(raw []byte) string {
	return p.bot.Engine.SectorOf(mailmsg.Parse(bytes.NewReader(raw)))
}

// accept takes the history's mail: it was "sent" in the past.
type accept struct{}

func (accept) Send(context.Context, state.Outgoing) error { return nil }
