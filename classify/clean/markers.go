package clean

import (
	"regexp"
	"strings"
)

// markKind says how a quoted block starts, which decides how it ends.
type markKind int

const (
	markNone        markKind = iota
	markChevron              // "> " lines
	markAttribution          // "Le … a écrit :" followed by the quoted mail
	markHeaders              // an Outlook "De : / Envoyé : / Objet :" block
	markSeparator            // "-----Message d'origine-----" and the like
	markForward              // an explicit forward separator
)

// Patterns run over Normalize'd lines (lower case, no accents).
var (
	// attributionEnd is how a reply attribution line ends in Gmail, Apple
	// Mail, Thunderbird, Outlook for Mac ("a écrit :", "wrote:", "schrieb:").
	attributionEnd = regexp.MustCompile(`(?:\ba ecrit|\bwrote|\bschrieb|\bescribio)\s*:?\s*$`)
	// attributionStart is how it starts when it is wrapped over two lines.
	attributionStart = regexp.MustCompile(`^(?:le|on|am|el) .*(?:\d|@)`)
	// headerFrom opens an Outlook header block; the block needs a date line
	// and a subject or recipient line a few lines below to count.
	headerFrom    = regexp.MustCompile(`^\*?(?:de|from|expediteur|von)\s?\*?\s?:`)
	headerDate    = regexp.MustCompile(`^\*?(?:envoye|sent|date|gesendet)(?: le)?\s?\*?\s?:`)
	headerSubject = regexp.MustCompile(`^\*?(?:objet|subject|a|to|cc|betreff|an)\s?\*?\s?:`)
	// headerInline is the same block flattened on one line by an HTML
	// conversion.
	headerInline = regexp.MustCompile(`\b(?:de|from) ?: .*\b(?:envoye|sent|date) ?: .*\b(?:objet|subject) ?:`)
	// replySeparator and forwardSeparator are the dashed lines clients put
	// before the previous message.
	replySeparator   = regexp.MustCompile(`^[-_=* ]*(?:message d'origine|original message|message original|urspr.ngliche nachricht)[-_=* ]*$`)
	forwardSeparator = regexp.MustCompile(`^(?:[-_=* ]*(?:message transfere|forwarded message|message reexpedie|weitergeleitete nachricht)[-_=* ]*|(?:debut du message reexpedie|begin forwarded message)\s*:?)$`)
	// underscoreRule is Outlook's horizontal rule above a header block.
	underscoreRule = regexp.MustCompile(`^_{10,}$`)
)

// headerWindow is how many lines below "De :" the rest of the block may be.
const headerWindow = 6

// lines holds a text's lines, raw and normalised once.
type lines struct {
	raw, norm []string
}

func newLines(raw []string) lines {
	l := lines{raw: raw, norm: make([]string, len(raw))}
	for i, r := range raw {
		l.norm[i] = Normalize(r)
	}
	return l
}

// quoted tells whether line i is "> " quoting.
func (l lines) quoted(i int) bool {
	return strings.HasPrefix(strings.TrimSpace(l.raw[i]), ">")
}

// findQuote returns the index of the first line that starts quoted or
// forwarded text, and its kind; -1 and markNone when there is none.
func (l lines) findQuote() (int, markKind) {
	for i := range l.raw {
		if k := l.markAt(i); k != markNone {
			return i, k
		}
	}
	return -1, markNone
}

// markAt tells whether line i starts a quoted block.
func (l lines) markAt(i int) markKind {
	if l.quoted(i) {
		return markChevron
	}
	n := l.norm[i]
	switch {
	case n == "":
		return markNone
	case containsAny(n, forwardLineWords) && forwardSeparator.MatchString(n):
		return markForward
	case containsAny(n, separatorWords) && replySeparator.MatchString(n):
		return markSeparator
	case underscoreRule.MatchString(n) && l.isHeaderBlock(i+1):
		return markHeaders
	case l.isHeaderBlock(i) || containsAny(n, subjectWords) && headerInline.MatchString(n):
		return markHeaders
	case l.isAttribution(i):
		return markAttribution
	}
	return markNone
}

// isAttribution recognises "Le 8 mars 2027 à 09:58, X <x@y> a écrit :",
// also when the client wrapped it over two lines.
func (l lines) isAttribution(i int) bool {
	n := l.norm[i]
	if len(n) > 300 {
		return false
	}
	if containsAny(n, wroteWords) && attributionEnd.MatchString(n) {
		return attributionStart.MatchString(n) || strings.Contains(n, "@")
	}
	if i+1 < len(l.norm) && containsAny(l.norm[i+1], wroteWords) && attributionStart.MatchString(n) {
		return attributionEnd.MatchString(n + " " + l.norm[i+1])
	}
	return false
}

// Words one of which each pattern needs: a line without them is not
// matched against it. Go's regexp engine has no literal prefilter for a
// pattern that starts with an alternation, and every line of every mail
// goes through these.
var (
	wroteWords       = []string{"ecrit", "wrote", "schrieb", "escribio"}
	forwardLineWords = []string{"message", "debut", "begin", "nachricht"}
	separatorWords   = []string{"message", "nachricht"}
	subjectWords     = []string{"objet", "subject"}
)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// isHeaderBlock recognises an Outlook "De : / Envoyé : / À : / Objet :"
// block starting at lines[i].
func (l lines) isHeaderBlock(i int) bool {
	if i >= len(l.norm) || !headerFrom.MatchString(l.norm[i]) {
		return false
	}
	date, subject := false, false
	for j := i + 1; j < len(l.norm) && j <= i+headerWindow; j++ {
		n := l.norm[j]
		date = date || headerDate.MatchString(n)
		subject = subject || headerSubject.MatchString(n)
	}
	return date && subject
}
