package classify

import (
	"math"
	"sort"
	"strings"
)

// ranked is one category's total evidence.
type ranked struct {
	cat   Category
	score float64
	hits  []hit // strongest first
}

// overlap is how much each further cue of a category adds, relative to
// the one before: cues often restate the same words ("plis non reçus",
// "pas encore reçu"), so evidence grows with diminishing returns.
const overlap = 0.75

// subsumes lists the details a stated cancellation or change explains:
// "la session est annulée, nous n'avons pas reçu les plis" is a
// cancellation, not missing envelopes. It applies when the main category
// has a decisive cue (weight >= decisiveCue) in the new text, and leaves
// the details subsumedShare of their score.
var subsumes = map[Category][]Category{
	Cancellation:  {MissingEnvelopes, RequestTiming},
	SessionChange: {MissingEnvelopes, RequestTiming},
}

const (
	decisiveCue   = 0.9
	subsumedShare = 0.5
)

// Gates on thanks: an acknowledgement asks for nothing.
const (
	// ackWithRequest damps thanks when the sender also asks something.
	ackWithRequest = 0.15
	// longAckWords is the length beyond which thanks are rarely all a
	// message says; longAckDamp is what they keep then.
	longAckWords = 80
	longAckDamp  = 0.6
)

// rank weighs the evidence of every category and sorts the categories by
// score, best first.
func rank(in input) []ranked {
	requests := requestSentences(in.normNew)
	byCat := group(findHits(in, requests))
	for main, details := range subsumes {
		if m := byCat[main]; m != nil && m.decisive() {
			for _, d := range details {
				if r := byCat[d]; r != nil {
					r.score *= subsumedShare
				}
			}
		}
	}
	if r := byCat[Acknowledgement]; r != nil {
		switch {
		case requests != "":
			r.score *= ackWithRequest
		case len(strings.Fields(in.normNew)) > longAckWords:
			r.score *= longAckDamp
		}
	}
	out := make([]ranked, 0, len(byCat))
	for _, r := range byCat {
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

// group gathers hits per category and sums them with diminishing returns.
func group(hits []hit) map[Category]*ranked {
	byCat := map[Category]*ranked{}
	for _, h := range hits {
		r := byCat[h.cue.cat]
		if r == nil {
			r = &ranked{cat: h.cue.cat}
			byCat[h.cue.cat] = r
		}
		r.hits = append(r.hits, h)
	}
	for _, r := range byCat {
		sort.SliceStable(r.hits, func(i, j int) bool { return r.hits[i].score > r.hits[j].score })
		step := 1.0
		for _, h := range r.hits {
			r.score += h.score * step
			step *= overlap
		}
	}
	return byCat
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

// Confidence shape. Evidence saturates: one decisive cue (1.0) alone gives
// about 0.78, two give about 0.93. A runner-up takes away up to half of it,
// in proportion to how close it comes.
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
