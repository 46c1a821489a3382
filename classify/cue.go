package classify

import (
	"regexp"
	"strings"

	"mailbot/classify/clean"
)

// cue is one piece of French evidence for a category. Patterns are written
// for clean.Normalize'd text: lower case, no accents, straight apostrophes.
// Weights are on one scale: 1.0 is a cue that decides by itself ("session
// annulée"), 0.3 to 0.6 is a supporting word that needs company.
type cue struct {
	cat    Category
	weight float64
	label  string // how a reason names it: "mentions 'plis non reçus'"
	re     *regexp.Regexp
	filter []string // see literalFilter
}

// c builds a cue; patterns are compiled once at start-up.
func c(cat Category, weight float64, label, pattern string) cue {
	re := compile(pattern)
	return cue{cat: cat, weight: weight, label: label, re: re, filter: literalFilter(re)}
}

// compile makes every apostrophe of a pattern optional, or a space, since
// hurried writers type "n aura pas lieu" or "naura" for "n'aura".
func compile(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, "'", `[' ]?`))
}

// cues is every category's evidence, gathered from the per-topic tables.
var cues = concat(sessionCues, deliveryCues, contentCues, replyCues)

func concat(tables ...[]cue) []cue {
	var all []cue
	for _, t := range tables {
		all = append(all, t...)
	}
	return all
}

// hit is one cue found in a message.
type hit struct {
	cue       cue
	inSubject bool
	score     float64
	snippet   string // the words that matched, folded
}

// Subject weights: a fresh subject summarises the message; a reply's
// subject names the old topic ("RE: Annulation…" over "Merci, c'est
// noté") and a forward's names what is forwarded.
const (
	subjectWeightFresh   = 0.7
	subjectWeightReply   = 0.25
	subjectWeightForward = 0.6
)

// What a cue of a question category (needsRequest) is worth outside the
// sentences that ask something: "il nous faut la liste du matériel"
// explains, "quand sera-t-elle envoyée ?" asks. A message that asks
// nothing at all is rarely a question.
const (
	outsideRequest = 0.75
	noRequest      = 0.6
)

// findHits matches every cue against the new text and the subject. A cue
// found in both counts fully once plus a little for the subject, so the
// subject confirms the body without doubling it.
func findHits(in input, requests string) []hit {
	var hits []hit
	sw := in.subjectWeight()
	for _, k := range cues {
		weight := k.weight
		inBody := k.matches(in.normNew)
		if inBody && needsRequest[k.cat] {
			switch {
			case requests == "":
				weight *= noRequest
			case !k.matches(requests):
				weight *= outsideRequest
			}
		}
		inSubject := k.matches(in.normSubject)
		switch {
		case inBody && inSubject:
			hits = append(hits, hit{cue: k, score: weight + k.weight*sw/3, snippet: k.re.FindString(in.normNew)})
		case inBody:
			hits = append(hits, hit{cue: k, score: weight, snippet: k.re.FindString(in.normNew)})
		case inSubject:
			hits = append(hits, hit{cue: k, inSubject: true, score: k.weight * sw, snippet: k.re.FindString(in.normSubject)})
		}
	}
	return hits
}

// matches runs the cue on text, skipping the regexp when its literal
// filter rules a match out.
func (k cue) matches(text string) bool {
	return text != "" && mayMatch(k.filter, text) && k.re.MatchString(text)
}

// maxSnippet bounds the quoted words in a reason.
const maxSnippet = 60

// reason words one hit for an agent: what the cue means, the words that
// matched, and whether they are in the subject.
func (h hit) reason() string {
	s := h.cue.label
	if snip := strings.TrimSpace(clean.Cut(h.snippet, maxSnippet)); snip != "" {
		s += " ('" + snip + "')"
	}
	if h.inSubject {
		s += " in the subject"
	}
	return s
}
