package classify

import (
	"context"
	"fmt"

	"mailbot/classify/clean"
)

// headerOnly categories are decided by headers alone: text that claims to
// be an out-of-office is still a message from a person.
var headerOnly = map[Category]bool{AutoReply: true, Bounce: true, Bulk: true}

// maxAdviceChars bounds the text sent for a second opinion.
const maxAdviceChars = 8000

// adviserLift is the most an adviser's answer adds to the model's own
// probability. The adviser cannot decide by itself: it tips a category
// the model already found nearly likely enough, no more.
const adviserLift = 0.15

// advise consults the adviser on a result the model is unsure of. The
// mail text is untrusted and may tell an obedient model what to answer,
// so the answer counts only if it is one of the model's top categories
// (top), and then adds at most adviserLift times its confidence to the
// model's probability. Any error leaves r unchanged.
func (c *Classifier) advise(ctx context.Context, rd *reading, r Result, top []guess) Result {
	if c.opts.Adviser == nil {
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.AdviserTimeout)
	defer cancel()
	cat, advConf, err := c.opts.Adviser.Advise(ctx, rd.in.subject, clean.Cut(rd.in.newText, maxAdviceChars))
	if err != nil {
		r.Reasons = append(r.Reasons, fmt.Sprintf("second avis indisponible : %v", err))
		return r
	}
	if !cat.Valid() || headerOnly[cat] || advConf < 0 || advConf > 1 {
		r.Reasons = append(r.Reasons, fmt.Sprintf("second avis ignoré : %q n'est pas une catégorie de texte", cat))
		return r
	}
	p, ok := 0.0, false
	for _, g := range top {
		if g.cat == cat {
			p, ok = g.p, true
		}
	}
	if !ok {
		r.Reasons = append(r.Reasons, fmt.Sprintf("second avis ignoré : %s n'est pas parmi les %d catégories les plus probables du modèle", cat.Label(), len(top)))
		return r
	}
	combined := min(p+adviserLift*advConf, 1)
	r.Reasons = append(r.Reasons, fmt.Sprintf("second avis : %s (%s), avec le modèle %s", cat.Label(), decimal(advConf), decimal(combined)))
	if combined >= c.opts.Threshold && cat != Other {
		r.Category, r.Confidence = cat, combined
		if r.Secondary == cat {
			r.Secondary = ""
		}
	}
	return r
}
