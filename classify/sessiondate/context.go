package sessiondate

import (
	"regexp"
	"strings"

	"mailbot/classify/prefilter"
)

// rank orders eligible mentions: a session moved "au 18 mai" names the date
// the sender now means; a date the text says was the old one ("initialement
// prévue le", "passe du ... au") is only a fallback.
type rank int

const (
	notSession rank = iota
	oldDate
	sessionDate
	newDate
)

const (
	// cueReach is how far before a date a session word may stand.
	cueReach = 120
	// otherTail is how far before a date a word naming another event is
	// looked for: the word and up to three more.
	otherTail = 60
	// cueAfter is how far after a date a session word may stand ("le
	// 14 juin, session de ...").
	cueAfter = 25
	// ownDate is how close after a session word its own date stands
	// ("session prévue le 16 mars").
	ownDate = 20
	// wrappedLine is the length from which a line break is taken for the
	// mail client's wrapping rather than the end of a thought.
	wrappedLine = 60
)

// cues holds the word lists below: a context without one of their words is
// not searched (package prefilter).
var cues prefilter.Set

var (
	// sessionCue: the singular nouns only; "sessions du printemps" and
	// "nos prochaines sessions" are not one session.
	// "épreuves" and "examens" are one session's several tests.
	sessionCue = cues.MustCompile(`\b(session|certification|examens?|epreuves?|passage)\b`)
	// otherCue marks a date of something else: sending, receipt, request,
	// absence, moving house, deadlines.
	otherCue = cues.MustCompile(`\b(envoye\w*|expedi\w*|recu\w*|receptionn\w*|livre\w*|livraison|arrive\w*|` +
		`commande\w*|demande\w*|faite?s?|effectue\w*|valide\w*|enregistre\w*|depuis|jusqu|retour|` +
		`absente?s?|conges?|demenag\w*|compter|tard|limite|avant|inscri\w*|signale\w*|annonce\w*|` +
		`relance\w*|appel\w*|ecri\w*|mail|courrier|courriel|message|` +
		`ddets|dreets|decision|notification|arrete|` +
		// The day something was done to the session, not its day: "la
		// DDETS a annulé le 2 mars notre session".
		`(?:annule|notifie|informe|prevenu|averti|signale)e?s?\s+(?:le|en date du))\b`)
	// otherReach: at most three words, then maybe "le", between the other
	// cue and the date.
	otherReach = regexp.MustCompile(`^\W*(?:\S+\s+){0,3}(?:le|la|du|au|en|ce|des|:)?\s*$`)
	// movedTo right before a date is a cue by itself: "elle est reportée
	// au 18 mai" follows a sentence that named the session.
	movedTo  = cues.MustCompile(`\b(?:reporte|decale|repousse|avance|deplace|reprogramme)e?s?\s+(?:au|a)\s*$`)
	moveCue  = cues.MustCompile(`\b(report\w*|decal\w*|deplac\w*|repouss\w*|avance\w*|reprogramm\w*|passe|nouvelle date)\b`)
	toNew    = regexp.MustCompile(`(?:\bau|\ba|\bpour le|nouvelle date\s*:?)\s*$`)
	fromOld  = cues.MustCompile(`(?:\binitialement\s+prevue?s?\s+(?:le|au|du)|\bprevue?s?\s+initialement\s+(?:le|au|du)|\bau lieu du|\bancienne date\s*:?)\s*$`)
	oldAfter = regexp.MustCompile(`\bdu\s*$`)
	// timestamp: a clock time right after the date is a message's date
	// ("Le 17/02/2027 à 13:55, X a écrit", "Envoyé : 4 juin 2027 09:12").
	timestamp = regexp.MustCompile(`^\s*(?:a|,|-)?\s*\d{1,2}:\d{2}`)
	// headerLine: quoted header fields whose dates are sending dates.
	headerLine = regexp.MustCompile(`^\W*(?:envoye|date|sent|recu)\W*:`)
	// numberMark: "n° 12/05", "tél. 04.65" are numbers, not dates.
	numberMark = regexp.MustCompile(`\b(?:no|ref|tel|reference)\W{0,3}$`)
)

// judge ranks mention m of t and returns where the words that decided
// start, for the reason.
func judge(t text, m mention, next int) (rank, int) {
	if m.rel != absolute {
		if at, ok := relativeCue(t, m); ok {
			return sessionDate, at
		}
		return notSession, m.start
	}
	if excluded(t, m) {
		return notSession, m.start
	}
	from := clauseStart(t, m.start)
	// Every cue below is looked for in before or its tail: one scan.
	before := cues.Scan(t.folded[from:m.start])
	cue, cueAt := lastCue(before, from)
	if other := lastOther(before); other > cue && otherReach.MatchString(before.S[other:]) {
		return notSession, m.start
	}
	if cue >= 0 {
		return moveRank(before), cueAt
	}
	if moved := before.FindIndex(movedTo); moved != nil {
		return newDate, from + moved[0]
	}
	if cueFollows(t, m, next) {
		return sessionDate, m.start
	}
	return notSession, m.start
}

// lastCue finds the last session word in before (offset from), within
// reach; it returns its end in before, or -1, and its start in t.
func lastCue(before prefilter.Text, from int) (end, at int) {
	skip := max(0, len(before.S)-cueReach)
	c := lastMatch(before, sessionCue, skip)
	if c == nil {
		return -1, 0
	}
	return skip + c[1], from + skip + c[0]
}

// lastOther finds where the last word naming another event ends in before,
// or -1. Only the tail is searched: otherReach allows three words between
// that word and the date.
func lastOther(before prefilter.Text) int {
	skip := max(0, len(before.S)-otherTail)
	c := lastMatch(before, otherCue, skip)
	if c == nil {
		return -1
	}
	return skip + c[1]
}

// moveRank tells a moved session's new date from its old one.
func moveRank(before prefilter.Text) rank {
	switch {
	case before.Match(fromOld):
		return oldDate
	case before.Match(moveCue) && toNew.MatchString(before.S):
		return newDate
	case before.Match(moveCue) && oldAfter.MatchString(before.S):
		return oldDate
	}
	return sessionDate
}

// excluded reports dates that are never session dates: message
// timestamps, quoted header fields, numbers.
func excluded(t text, m mention) bool {
	lineFrom := strings.LastIndexByte(t.folded[:m.start], '\n') + 1
	return timestamp.MatchString(t.folded[m.end:min(len(t.folded), m.end+12)]) ||
		headerLine.MatchString(t.folded[lineFrom:m.start]) ||
		numberMark.MatchString(t.folded[max(0, m.start-12):m.start])
}

// cueFollows reports a session word just after the date, in its clause,
// unless that word has a date of its own (the mention starting at next):
// in "le 2 mars notre session du 16 mars" the session is the 16th.
func cueFollows(t text, m mention, next int) bool {
	after := t.folded[m.end:min(len(t.folded), m.end+cueAfter)]
	after = after[:clauseEnd(after)]
	c := cues.Scan(after).FindIndex(sessionCue)
	if c == nil {
		return false
	}
	return next < 0 || next-(m.end+c[1]) > ownDate
}

// clauseStart finds where the sentence holding offset at begins: after
// ".", "!", "?" or ";" followed by a space, after a blank line, or after a
// line break that ends a short line (a signature, a list item, a subject
// field). Long lines are taken as wrapped and read on.
func clauseStart(t text, at int) int {
	s := t.folded
	lo := max(0, at-2*cueReach)
	for i := at - 1; i > lo; i-- {
		switch s[i] {
		case '.', '!', '?', ';':
			if isSpace(s[i+1]) {
				return i + 1
			}
		case '\n':
			if lineBreaks(s, i) {
				return i + 1
			}
		}
	}
	return lo
}

// lineBreaks reports whether the newline at s[i] ends a thought.
func lineBreaks(s string, i int) bool {
	prevFrom := strings.LastIndexByte(s[:i], '\n') + 1
	prev := strings.TrimSpace(s[prevFrom:i])
	return len(prev) < wrappedLine || strings.ContainsAny(prev[len(prev)-1:], `.!?;:"`)
}

// clauseEnd is the offset in s where the sentence begun in s ends.
func clauseEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.', '!', '?', ';', '\n':
			return i
		}
	}
	return len(s)
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' }

// lastMatch returns the index pair of the last match of re in the tail
// of t from skip, relative to the tail, or nil.
func lastMatch(t prefilter.Text, re *prefilter.Regexp, skip int) []int {
	if !t.MayMatch(re) { // nor in its tail
		return nil
	}
	all := re.Regexp().FindAllStringIndex(t.S[skip:], -1)
	if len(all) == 0 {
		return nil
	}
	return all[len(all)-1]
}
