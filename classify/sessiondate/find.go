package sessiondate

import (
	"fmt"
	"time"
)

// origin is where a text comes from; a larger origin is preferred.
type origin int

const (
	fromQuoted origin = iota + 1
	fromSubject
	fromWritten
)

func (o origin) String() string {
	switch o {
	case fromWritten:
		return "texte du message"
	case fromSubject:
		return "objet"
	}
	return "texte cité"
}

// found is one eligible date.
type found struct {
	date     time.Time
	rank     rank
	origin   origin
	position int
	reason   string
}

// better orders candidates: a session date (new or plain) before an old
// one, then the origin, then the rank, then the first mention.
func (f found) better(g found) bool {
	if (f.rank >= sessionDate) != (g.rank >= sessionDate) {
		return f.rank >= sessionDate
	}
	if f.origin != g.origin {
		return f.origin > g.origin
	}
	if f.rank != g.rank {
		return f.rank > g.rank
	}
	return f.position < g.position
}

// Find reads the certification session date from a mail: its subject, the
// text the sender wrote (newText) and the quoted or forwarded text. ref is
// the message's date; yearless dates are placed against its Paris date
// (the next such date, or one at most two months past). The date is a civil
// date (00:00 UTC); reason says where it was read, for agents. ok is false
// when no date stands next to a session word.
func Find(subject, newText, quotedText string, ref time.Time) (date time.Time, reason string, ok bool) {
	var best *found
	for _, src := range []struct {
		s string
		o origin
	}{{newText, fromWritten}, {subject, fromSubject}, {quotedText, fromQuoted}} {
		for _, f := range candidates(src.s, src.o, ref) {
			if best == nil || f.better(*best) {
				best = &f
			}
		}
	}
	if best == nil {
		return time.Time{}, "", false
	}
	return best.date, best.reason, true
}

// maxRead is how much of each text is read, in bytes: a session date sits
// near the top of what a person writes, and a 1 MB body must stay cheap.
const maxRead = 64 << 10

// candidates lists the eligible dates of one text.
func candidates(s string, o origin, ref time.Time) []found {
	t := prepare(s[:min(len(s), maxRead)])
	var out []found
	ms := scan(t)
	for i, m := range ms {
		next := -1
		if i+1 < len(ms) {
			next = ms[i+1].start
		}
		r, from := judge(t, m, next)
		if r == notSession {
			continue
		}
		d, ok := resolve(m, ref)
		if !ok {
			continue
		}
		out = append(out, found{date: d, rank: r, origin: o, position: m.start, reason: explain(d, r, o, t.snippet(from, m.end))})
	}
	return out
}

func explain(d time.Time, r rank, o origin, snippet string) string {
	what := "date de session"
	switch r {
	case newDate:
		what = "nouvelle date de session"
	case oldDate:
		what = "ancienne date de session (aucune nouvelle date trouvée)"
	}
	return fmt.Sprintf("%s %s lue dans « %s » (%s)", what, d.Format("02/01/2006"), snippet, o)
}
