package sessiondate

import (
	"regexp"
	"sort"
	"strconv"
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
}

// Patterns run on folded text (lower case, no accents). Go's regexp has no
// look-behind, so the left edge of numeric dates is checked in code.
const (
	weekdayRE = `(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\b\.?`
	monthRE   = `(janvier|janv|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout|septembre|sept|sep|octobre|oct|novembre|nov|decembre|dec)\b\.?`
	dayRE     = `(\d{1,2})(?:er)?`
)

var (
	// "lundi 12 avril 2027", "1er juin", "3 et 4 mai", "du 14 au 16 juin":
	// a list or range of days before one month gives its first day.
	textDate = regexp.MustCompile(`(?:\b` + weekdayRE + `\s+)?\b` + dayRE +
		`(?:\s*(?:,|et|&|-|au|a)\s*(?:` + weekdayRE + `\s+)?\d{1,2}(?:er)?)*` +
		`\s+` + monthRE + `(?:\s+(\d{4})\b)?`)
	// "14/03/2027", "14.03.27", "14-03-2027", optionally after a weekday.
	numDate = regexp.MustCompile(`(?:\b` + weekdayRE + `\s+)?\b(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4}|\d{2})\b`)
	// "18/05": the month needs two digits so "colis 1/2" is no date.
	shortDate = regexp.MustCompile(`(?:\b` + weekdayRE + `\s+)?\b(\d{1,2})/(\d{2})\b`)
	isoDate   = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	// "semaine 15", "sem. 15", "semaine n°15 2027".
	weekWord = regexp.MustCompile(`\b(?:semaine|sem\b\.?)\s*(?:no?\.?\s*)?(\d{1,2})\b(?:\s*(?:de\s+|-|/)?\s*(\d{4})\b)?`)
	// "S15", "S15-2027": only with a capital S in the original.
	weekS = regexp.MustCompile(`\bs(\d{1,2})\b(?:\s*[-/]?\s*(\d{4})\b)?`)
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

// scan finds the date mentions of t, longest first where they overlap.
func scan(t text) []mention {
	var all []mention
	all = append(all, scanWith(t, textDate, fromText)...)
	all = append(all, scanWith(t, numDate, fromNumeric)...)
	all = append(all, scanWith(t, shortDate, fromShort)...)
	all = append(all, scanWith(t, isoDate, fromISO)...)
	all = append(all, scanWith(t, weekWord, fromWeek)...)
	all = append(all, scanWith(t, weekS, fromWeekS)...)
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].start != all[j].start {
			return all[i].start < all[j].start
		}
		return all[i].end > all[j].end
	})
	var kept []mention
	for _, m := range all {
		if len(kept) > 0 && m.start < kept[len(kept)-1].end {
			continue
		}
		kept = append(kept, m)
	}
	return borrowYears(t, kept)
}

// builder turns one submatch (indexes into t.folded) into a mention.
type builder func(t text, idx []int) (mention, bool)

func scanWith(t text, re *regexp.Regexp, build builder) []mention {
	var out []mention
	for _, idx := range re.FindAllStringSubmatchIndex(t.folded, -1) {
		if m, ok := build(t, idx); ok {
			m.start, m.end = idx[0], idx[1]
			out = append(out, m)
		}
	}
	return out
}

// group returns submatch n of idx, "" when it did not take part.
func group(t text, idx []int, n int) string {
	if idx[2*n] < 0 {
		return ""
	}
	return t.folded[idx[2*n]:idx[2*n+1]]
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // the patterns only capture digits
	return n
}

// withWeekday records the weekday named in submatch n, if any.
func withWeekday(m mention, t text, idx []int, n int) mention {
	if w := group(t, idx, n); w != "" {
		m.weekday, m.hasWeekday = weekdays[trimDot(w)], true
	}
	return m
}

func trimDot(s string) string {
	if len(s) > 0 && s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}

func fromText(t text, idx []int) (mention, bool) {
	m := mention{day: atoi(group(t, idx, 2)), month: months[trimDot(group(t, idx, 4))]}
	m.year = atoi(group(t, idx, 5))
	return withWeekday(m, t, idx, 1), true
}

func fromNumeric(t text, idx []int) (mention, bool) {
	if group(t, idx, 3) != group(t, idx, 5) || !cleanEdges(t, idx[0], idx[1]) {
		return mention{}, false
	}
	m := mention{day: atoi(group(t, idx, 2)), month: atoi(group(t, idx, 4)), year: fullYear(group(t, idx, 6))}
	return withWeekday(m, t, idx, 1), true
}

func fromShort(t text, idx []int) (mention, bool) {
	if !cleanEdges(t, idx[0], idx[1]) {
		return mention{}, false
	}
	m := mention{day: atoi(group(t, idx, 2)), month: atoi(group(t, idx, 3))}
	return withWeekday(m, t, idx, 1), true
}

func fromISO(t text, idx []int) (mention, bool) {
	if !cleanEdges(t, idx[0], idx[1]) {
		return mention{}, false
	}
	return mention{year: atoi(group(t, idx, 1)), month: atoi(group(t, idx, 2)), day: atoi(group(t, idx, 3))}, true
}

func fromWeek(t text, idx []int) (mention, bool) {
	return mention{week: atoi(group(t, idx, 1)), year: atoi(group(t, idx, 2))}, true
}

func fromWeekS(t text, idx []int) (mention, bool) {
	if t.orig[idx[0]] != 'S' {
		return mention{}, false
	}
	return fromWeek(t, idx)
}

// fullYear reads a two- or four-digit year; "27" is 2027.
func fullYear(s string) int {
	y := atoi(s)
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
		if a.year != 0 || b.year == 0 || a.week != 0 || b.week != 0 || !rangeGap.MatchString(t.folded[a.end:b.start]) {
			continue
		}
		a.year = b.year
		if a.month > b.month {
			a.year--
		}
	}
	return ms
}
