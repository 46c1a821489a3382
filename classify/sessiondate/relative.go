package sessiondate

import (
	"regexp"
	"strings"
	"time"

	"mailbot/mailbot/calendar"
)

// relative says how a mention counts from the message's date when it names
// no calendar day: "demain", "ce vendredi", "lundi prochain".
type relative int

const (
	absolute  relative = iota
	daysAway           // offset days from today: demain, hier
	thisDay            // "ce jeudi": the coming such weekday, today included
	nextDay            // "jeudi prochain": the next such weekday, if unambiguous
	nextWeeks          // "jeudi de la semaine prochaine": in next week
)

// dayNumberOnly is a weekday and a day of the month without the month:
// "lundi 22". It is a date only after a weekday and before nothing that
// makes it a count or an hour ("lundi 9 h 30", "lundi 12 candidats").
var (
	dayNumberOnly = regexp.MustCompile(`^(\d{1,2})(?:er)?\b`)
	notADay       = regexp.MustCompile(`^\s*(?:[h:]\s*\d|h\b|heures?\b|min\w*|mn\b|[a-z]{2,}\b)`)
	// dayNumberMay are words that may follow "lundi 22" in a date.
	dayNumberMay = regexp.MustCompile(`^\s*(?:au|et|a|ou|pour|prochain|matin|apres|des|de|le|la|session|certification|examen|epreuve)\b`)
)

// fromDayNumber builds "lundi 22": the day of the month, its weekday.
func fromDayNumber(h match) (mention, bool) {
	_, _, weekday := weekdayEnding(h.t.folded[max(0, h.start-12):h.start])
	after := h.t.folded[h.end():min(len(h.t.folded), h.end()+20)]
	if !weekday || notADay.MatchString(after) && !dayNumberMay.MatchString(after) {
		return mention{}, false
	}
	return mention{day: h.number(1)}, true
}

// relativeStarts are the beginnings of the words relativePatterns start
// with: weekdays, "ce", and the relative words.
var relativeStarts = []string{"lun", "mar", "mer", "jeu", "ven", "sam", "dim", "ce ", "demain", "apres", "avant", "aujourd", "hier"}

func startsRelative(s string) bool {
	for _, p := range relativeStarts {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// Relative words, anchored at a word start like the other patterns.
var relativePatterns = []pattern{
	{regexp.MustCompile(`^(apres[- ]demain|avant[- ]hier|demain|aujourd'?\s?hui|hier)\b`), fromRelativeWord},
	{regexp.MustCompile(`^ce\s+` + weekdayRE), func(h match) (mention, bool) { return weekdayMention(h, 1, thisDay) }},
	{regexp.MustCompile(`^` + weekdayRE + `\s+prochain\b`), func(h match) (mention, bool) { return weekdayMention(h, 1, nextDay) }},
	{regexp.MustCompile(`^` + weekdayRE + `\s+de\s+la\s+semaine\s+prochaine\b`), func(h match) (mention, bool) { return weekdayMention(h, 1, nextWeeks) }},
}

var wordOffsets = map[string]int{"demain": 1, "hier": -1, "apres-demain": 2, "apres demain": 2, "avant-hier": -2, "avant hier": -2}

func fromRelativeWord(h match) (mention, bool) {
	return mention{rel: daysAway, offset: wordOffsets[h.group(1)]}, true // aujourd'hui: 0
}

func weekdayMention(h match, group int, r relative) (mention, bool) {
	return mention{rel: r, weekday: weekdays[trimDot(h.group(group))], hasWeekday: true}, true
}

// relativeReach is what may stand between a session word and a relative
// date: a few words, no punctuation, and no person doing something else
// ("pour la session, je vous rappelle demain").
var (
	relativeReach = regexp.MustCompile(`^[\w' -]*$`)
	relativeWords = regexp.MustCompile(`\b(?:je|j|nous|vous|on|il|ils|tu|me|m|te|t|leur|lui)\b`)
)

// relativeCue reports whether the relative mention m follows a session
// word closely enough to be its date ("la session a lieu demain").
func relativeCue(t text, m mention) (int, bool) {
	from := clauseStart(t, m.start)
	before := t.folded[from:m.start]
	cue, cueAt := lastCue(cues.Scan(before), from)
	if cue < 0 {
		return 0, false
	}
	gap := before[cue:]
	if len(gap) > 40 || !relativeReach.MatchString(gap) || relativeWords.MatchString(gap) {
		return 0, false
	}
	return cueAt, true
}

// resolveRelative turns a relative mention into a date against today; ok
// is false when the words do not pin one day: "vendredi prochain" written
// on a Wednesday may be this week's Friday or the next one.
func resolveRelative(m mention, today time.Time) (time.Time, bool) {
	ahead := (int(m.weekday) - int(today.Weekday()) + 7) % 7 // to the coming such weekday, 0 today
	switch m.rel {
	case daysAway:
		return today.AddDate(0, 0, m.offset), true
	case thisDay:
		return today.AddDate(0, 0, ahead), true
	case nextDay:
		if ahead == 0 {
			ahead = 7
		}
		d := today.AddDate(0, 0, ahead)
		return d, !sameWeek(d, today)
	case nextWeeks:
		monday := today.AddDate(0, 0, 7-(int(today.Weekday())+6)%7)
		return monday.AddDate(0, 0, (int(m.weekday)+6)%7), true
	}
	return time.Time{}, false
}

// sameWeek reports whether two dates share an ISO week (Monday to Sunday).
func sameWeek(a, b time.Time) bool {
	ya, wa := a.ISOWeek()
	yb, wb := b.ISOWeek()
	return ya == yb && wa == wb
}

// nextWeekdayDay finds the first date from today on whose day of the month
// is day and whose weekday is wd: "lundi 22" is the next Monday the 22nd.
func nextWeekdayDay(day int, wd time.Weekday, today time.Time) (time.Time, bool) {
	first := calendar.Date(today.Year(), today.Month(), 1)
	for i := range 40 { // a weekday falls on every day number within 40 months
		month := first.AddDate(0, i, 0)
		d := calendar.Date(month.Year(), month.Month(), day)
		if d.Day() == day && d.Weekday() == wd && !d.Before(today) {
			return d, true
		}
	}
	return time.Time{}, false
}
