package classify

import (
	"math"
	"regexp"
	"sort"
	"strings"
)

// Gates: what the shape of the text says about some categories.
const (
	// ackWithRequest damps thanks when the sender also asks something.
	ackWithRequest = 0.15
	// longAckWords is the length beyond which thanks are rarely all a
	// message says.
	longAckWords = 80
	longAckDamp  = 0.6
)

// needsRequest lists the categories that are questions by nature.
var needsRequest = map[Category]bool{
	EngineeringQuestion: true, RequestTiming: true, CeresSupport: true, FinalInterviewGrid: true,
}

// decisive tells whether a category has a decisive cue in the new text.
func (r *ranked) decisive() bool {
	for _, h := range r.hits {
		if !h.inSubject && h.cue.weight >= decisiveCue {
			return true
		}
	}
	return false
}

// sentenceRE cuts normalised text into sentences, keeping the final mark.
var sentenceRE = regexp.MustCompile(`[^.!?]+[.!?]*`)

// shortQuestion is the most words of a question that points back at the
// sentence before it ("Est-ce normal ?").
const shortQuestion = 5

// requestSentences keeps the sentences that ask a question or make a
// request, joined by newlines, with the sentence a short question refers to.
func requestSentences(norm string) string {
	var b strings.Builder
	sentences := sentenceRE.FindAllString(norm, -1)
	for i, s := range sentences {
		if !requestRE.MatchString(s) {
			continue
		}
		if i > 0 && len(strings.Fields(s)) <= shortQuestion {
			b.WriteString(sentences[i-1])
			b.WriteByte('\n')
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	return b.String()
}

// ranked is one category's total evidence.
type ranked struct {
	cat   Category
	score float64
	hits  []hit
}

// overlap is how much each further cue of a category adds, relative to
// the one before: cues often restate the same words ("plis non reçus",
// "pas encore reçu"), so evidence grows with diminishing returns.
const overlap = 0.75

// subsumes lists the details a stated cancellation or change explains:
// "la session est annulée, nous n'avons pas reçu les plis" is a
// cancellation, not missing envelopes. It applies when the main category
// has a decisive cue (weight >= decisiveCue) in the new text.
var subsumes = map[Category][]Category{
	Cancellation:  {MissingEnvelopes, RequestTiming},
	SessionChange: {MissingEnvelopes, RequestTiming},
}

const (
	decisiveCue   = 0.9
	subsumedShare = 0.5
)

// rank adds up the hits per category, applies the gates and sorts the
// categories by score, best first.
func rank(in input) []ranked {
	byCat := map[Category]*ranked{}
	requests := requestSentences(in.normNew)
	for _, h := range findHits(in, requests) {
		r := byCat[h.cue.cat]
		if r == nil {
			r = &ranked{cat: h.cue.cat}
			byCat[h.cue.cat] = r
		}
		r.hits = append(r.hits, h)
	}
	request := requests != ""
	var out []ranked
	for _, r := range byCat {
		sort.SliceStable(r.hits, func(i, j int) bool { return r.hits[i].score > r.hits[j].score })
		step := 1.0
		for _, h := range r.hits {
			r.score += h.score * step
			step *= overlap
		}
	}
	for main, details := range subsumes {
		if m := byCat[main]; m != nil && m.decisive() {
			for _, d := range details {
				if r := byCat[d]; r != nil {
					r.score *= subsumedShare
				}
			}
		}
	}
	for _, r := range byCat {
		switch {
		case r.cat == Acknowledgement && request:
			r.score *= ackWithRequest
		case r.cat == Acknowledgement && len(strings.Fields(in.normNew)) > longAckWords:
			r.score *= longAckDamp
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].cat < out[j].cat
	})
	return out
}

// Confidence shape. Evidence saturates: one decisive cue (1.0) alone gives
// about 0.78, two give 0.95. A runner-up takes away up to half of it, in
// proportion to how close it comes.
const (
	saturation = 1.5
	rivalShare = 0.5
)

// confidence turns the best and second-best scores into 0..1.
func confidence(best, second float64) float64 {
	if best <= 0 {
		return 0
	}
	return (1 - math.Exp(-saturation*best)) * (1 - rivalShare*second/best)
}
