package sessiondate

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// mention is one date written in a text, before its year is resolved.
type mention struct {
	start, end int // rune offsets
	day, month int // 0 for a week mention
	year       int // 0 when the text gives none
	week       int // ISO week number, 0 for a day mention
	weekday    time.Weekday
	hasWeekday bool
	rel        relative // how a day named relative to the message counts
	offset     int      // days from the message's date, for daysAway
}

// Patterns run on folded text (lower case, no accents), anchored at the
// start of a word: scan tries them only where a word begins with a digit or
// an "s", which keeps a long mail cheap. Go's regexp has no look-behind, so
// the left edge of numeric dates and the weekday before a day are checked
// in code.
const (
	weekdayRE = `(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\b\.?`
	monthRE   = `(janvier|janv|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout|septembre|sept|sep|octobre|oct|novembre|nov|decembre|dec)\b\.?`
)

// window bounds how far one date may run from its first character.
const window = 80

// pattern is one anchored date shape and how to read its submatches.
type pattern struct {
	re    *regexp.Regexp
	build func(m match) (mention, bool)
}

// match is one pattern's hit at start; idx is relative to start.
type match struct {
	t     text
	start int
	idx   []int
}

// group returns submatch n, "" when it did not take part.
func (m match) group(n int) string {
	if m.idx[2*n] < 0 {
		return ""
	}
	return m.t.folded[m.start+m.idx[2*n] : m.start+m.idx[2*n+1]]
}

// number returns submatch n as a number (the patterns capture digits).
func (m match) number(n int) int {
	v, _ := strconv.Atoi(m.group(n))
	return v
}

// end is where the hit ends in the text.
func (m match) end() int { return m.start + m.idx[1] }

var (
	// Dates that begin with a digit.
	dayPatterns = []pattern{
		// "12 avril 2027", "1er juin", "3 et 4 mai", "14 au 16 juin": a
		// list or range of days before one month gives its first day.
		{regexp.MustCompile(`^(\d{1,2})(?:er)?(?:\s*(?:,|et|&|-|au|a)\s*(?:` + weekdayRE + `\s+)?\d{1,2}(?:er)?)*` +
			`\s+` + monthRE + `(?:\s+(\d{4})\b)?`), fromText},
		// "14/03/2027", "14.03.27", "14-03-2027".
		{regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b`), fromNumeric},
		// "18/05": the month needs two digits so "colis 1/2" is no date.
		{regexp.MustCompile(`^(\d{1,2})/(\d{2})\b`), fromShort},
		{regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})\b`), fromISO},
		// "lundi 22": a weekday and a day without the month.
		{dayNumberOnly, fromDayNumber},
	}
	// Weeks, which begin with an "s".
	weekPatterns = []pattern{
		// "semaine 15", "sem. 15", "semaine n°15 de 2027".
		{regexp.MustCompile(`^(?:semaine|sem\b\.?)\s*(?:no?\.?\s*)?(\d{1,2})\b(?:\s*(?:de\s+|-|/)?\s*(\d{4})\b)?`), fromWeek},
		// "S15", "S15-2027": only with a capital S in the original.
		{regexp.MustCompile(`^s(\d{1,2})\b(?:\s*[-/]?\s*(\d{4})\b)?`), fromWeekS},
	}
)

var months = map[string]int{
	"janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3,
	"avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
	"aout": 8, "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10,
	"novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"lundi": time.Monday, "lun": time.Monday, "mardi": time.Tuesday, "mar": time.Tuesday,
	"mercredi": time.Wednesday, "mer": time.Wednesday, "jeudi": time.Thursday, "jeu": time.Thursday,
	"vendredi": time.Friday, "ven": time.Friday, "samedi": time.Saturday, "sam": time.Saturday,
	"dimanche": time.Sunday, "dim": time.Sunday,
}

// scan finds the date mentions of t from left to right, the longest
// where two shapes start at the same place.
func scan(t text) []mention {
	var out []mention
	s := t.folded
	for pos := 0; pos < len(s); pos++ {
		if pos > 0 && isWordByte(s[pos-1]) {
			continue
		}
		patterns := patternsAt(s[pos:])
		if patterns == nil {
			continue
		}
		if m, ok := longest(t, pos, patterns); ok {
			if m.rel == absolute {
				m = withWeekday(t, m)
			}
			out = append(out, m)
			pos = m.end - 1
		}
	}
	return borrowYears(t, out)
}

// patternsAt chooses the shapes the word starting s may begin: digits
// start days, "s" weeks, and the words of relativeStarts relative days
// ("demain", "ce jeudi"). Checking the start first keeps a long mail cheap.
func patternsAt(s string) []pattern {
	switch {
	case isDigit(s[0]):
		return dayPatterns
	case !startsRelative(s):
		if s[0] == 's' {
			return weekPatterns
		}
		return nil
	case s[0] == 's':
		return weekAndRelative
	}
	return relativePatterns
}

var weekAndRelative = append(append([]pattern(nil), weekPatterns...), relativePatterns...)

// longest tries every pattern at pos and keeps the longest valid mention.
func longest(t text, pos int, patterns []pattern) (mention, bool) {
	var best mention
	found := false
	for _, p := range patterns {
		idx := p.re.FindStringSubmatchIndex(t.folded[pos:min(len(t.folded), pos+window)])
		if idx == nil {
			continue
		}
		hit := match{t: t, start: pos, idx: idx}
		m, ok := p.build(hit)
		if ok && (!found || hit.end() > best.end) {
			m.start, m.end = pos, hit.end()
			best, found = m, true
		}
	}
	return best, found
}

func isWordByte(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c == '_'
}

// withWeekday extends m over a weekday written just before it.
func withWeekday(t text, m mention) mention {
	if wd, at, ok := weekdayEnding(t.folded[:m.start]); ok {
		m.weekday, m.hasWeekday = wd, true
		m.start = at
	}
	return m
}

// weekdayEnding finds a weekday ("lundi", "lun.") followed by spaces at the
// end of s, and where it starts. It compares suffixes rather than running
// a pattern: it is asked at every number of a mail.
func weekdayEnding(s string) (time.Weekday, int, bool) {
	end := len(s)
	for end > 0 && s[end-1] == ' ' {
		end--
	}
	if end == len(s) {
		return 0, 0, false
	}
	end -= strings.Count(s[max(0, end-1):end], ".")
	for name, wd := range weekdays {
		start := end - len(name)
		if start >= 0 && s[start:end] == name && (start == 0 || !isWordByte(s[start-1])) {
			return wd, start, true
		}
	}
	return 0, 0, false
}

func trimDot(s string) string {
	if len(s) > 0 && s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}

// fromText reads submatches 1 day, 2 a weekday inside a list, 3 month,
// 4 year.
func fromText(h match) (mention, bool) {
	return mention{day: h.number(1), month: months[trimDot(h.group(3))], year: h.number(4)}, true
}

func fromNumeric(h match) (mention, bool) {
	if h.group(2) != h.group(4) || !cleanEdges(h.t, h.start, h.end()) {
		return mention{}, false
	}
	return mention{day: h.number(1), month: h.number(3), year: fullYear(h.group(5))}, true
}

func fromShort(h match) (mention, bool) {
	if !cleanEdges(h.t, h.start, h.end()) {
		return mention{}, false
	}
	return mention{day: h.number(1), month: h.number(2)}, true
}

func fromISO(h match) (mention, bool) {
	if !cleanEdges(h.t, h.start, h.end()) {
		return mention{}, false
	}
	return mention{year: h.number(1), month: h.number(2), day: h.number(3)}, true
}

func fromWeek(h match) (mention, bool) {
	return mention{week: h.number(1), year: h.number(2)}, true
}

func fromWeekS(h match) (mention, bool) {
	if h.t.orig[h.start] != 'S' {
		return mention{}, false
	}
	return fromWeek(h)
}

// fullYear reads a two- or four-digit year; "27" is 2027.
func fullYear(s string) int {
	y, _ := strconv.Atoi(s)
	if len(s) == 2 {
		y += 2000
	}
	return y
}

// cleanEdges rejects numbers that run on: "01.02.03.04.05" is a phone
// number, "2027-04-12-7" a reference, "1/02/2027/3" nothing.
func cleanEdges(t text, start, end int) bool {
	if start > 0 && isJoiner(t.folded[start-1]) {
		return false
	}
	if end+1 < len(t.folded) && isJoiner(t.folded[end]) && isDigit(t.folded[end+1]) {
		return false
	}
	return true
}

func isJoiner(c byte) bool { return c == '/' || c == '.' || c == '-' || isDigit(c) }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// rangeGap is what may stand between the two ends of a date range.
var rangeGap = regexp.MustCompile(`^\s*(?:au|et|a|-)\s*$`)

// borrowYears gives a yearless day the year of the day that closes its
// range: "du 28 juin au 2 juillet 2027", "du 28 décembre au 3 janvier 2028".
func borrowYears(t text, ms []mention) []mention {
	for i := 0; i+1 < len(ms); i++ {
		a, b := &ms[i], ms[i+1]
		if a.year != 0 || b.year == 0 || a.month == 0 || b.month == 0 || !rangeGap.MatchString(t.folded[a.end:b.start]) {
			continue
		}
		a.year = b.year
		if a.month > b.month {
			a.year--
		}
	}
	return ms
}
