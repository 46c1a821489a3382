package classify

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"mailbot/classify/model"
)

// guess is one category with the model's calibrated probability.
type guess struct {
	cat Category
	p   float64
}

// secondaryShare is the least share of the probability the main topic
// leaves that a second topic must hold to be reported (a mixed message:
// a complaint about missing plis), provided one of its cues is stated.
const secondaryShare = 0.5

// adviserTop is how many of the model's best categories the adviser may
// choose from.
const adviserTop = 3

// fromText decides a person's mail: the model's probabilities, then the
// acknowledgement rule, then, when the model stays unsure, the adviser.
func (c *Classifier) fromText(ctx context.Context, r *reading) Result {
	fs, readable := r.features(nil)
	ranked := c.rank(c.model.Predict(fs))
	var res Result
	if ranked[0].cat == Acknowledgement {
		if why := r.notAcknowledgement(); why != "" {
			res.Reasons = append(res.Reasons, "pas un simple remerciement : "+why)
			ranked = notAck(ranked)
		}
	}
	best := ranked[0]
	res.Confidence = best.p
	evidence := c.evidence(r, fs[:readable], best.cat)
	if best.p >= c.opts.Threshold {
		res.Category = best.cat
		res.Reasons = append([]string{fmt.Sprintf("modèle : %s (%s, seuil %s)", best.cat.Label(), decimal(best.p), decimal(c.opts.Threshold))}, res.Reasons...)
		res.Reasons = append(res.Reasons, evidence...)
		if s := ranked[1]; s.cat != Other && s.p >= secondaryShare*(1-best.p) && r.states(s.cat) {
			res.Secondary = s.cat
			res.Reasons = append(res.Reasons, fmt.Sprintf("aussi : %s (%s)", s.cat.Label(), decimal(s.p)))
		}
		return res
	}
	res.Category = Other
	res.Reasons = append([]string{fmt.Sprintf("incertain : ressemble à %s (%s, sous le seuil %s)", best.cat.Label(), decimal(best.p), decimal(c.opts.Threshold))}, res.Reasons...)
	res.Reasons = append(res.Reasons, evidence...)
	return c.advise(ctx, r, res, ranked[:min(adviserTop, len(ranked))])
}

// notAck conditions the model's answer on the message not being an
// acknowledgement: ranked without it, each probability divided by the
// share the acknowledgement left, P(c | not ack) = P(c) / (1 − P(ack)).
func notAck(ranked []guess) []guess {
	rest := 1 - ranked[0].p
	out := make([]guess, 0, len(ranked))
	for _, g := range ranked[1:] {
		if rest > 0 {
			g.p /= rest
		}
		out = append(out, g)
	}
	return append(out, guess{Acknowledgement, 0})
}

// rank pairs the model's classes with their probabilities, best first.
func (c *Classifier) rank(p []float64) []guess {
	out := make([]guess, len(p))
	for i, name := range c.model.Classes() {
		out[i] = guess{Category(name), p[i]}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].p > out[j].p })
	return out
}

// isNumber tells a feature of a number, which a reason would not quote.
func isNumber(name string) bool {
	return strings.HasSuffix(name, ":0") || strings.HasSuffix(name, ":!0")
}

// maxEvidence bounds the features named in the reasons.
const maxEvidence = 6

// evidence words the features that speak most for cat, for an agent; fs
// are the features a reason may quote.
func (c *Classifier) evidence(r *reading, fs []model.Feature, cat Category) []string {
	ci := -1
	for i, name := range c.model.Classes() {
		if Category(name) == cat {
			ci = i
		}
	}
	if ci < 0 {
		return nil
	}
	var said []string
	seen := map[string]bool{}
	for _, ev := range c.model.Explain(fs, ci, 4*maxEvidence, isNumber) {
		s := r.describe(ev.Name)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		said = append(said, s)
		if len(said) == maxEvidence {
			break
		}
	}
	if len(said) == 0 {
		return nil
	}
	return []string{"indices : " + strings.Join(said, " ; ")}
}

// decimal writes a probability the French way: 0,93.
func decimal(p float64) string {
	s := fmt.Sprintf("%.2f", p)
	return s[:len(s)-3] + "," + s[len(s)-2:]
}

// states tells whether the new text states a cue of cat, not under a
// negation.
func (r *reading) states(cat Category) bool {
	for _, h := range r.bodyHits {
		if cues[h.cue].cat == cat && !h.match.Negated {
			return true
		}
	}
	return false
}
