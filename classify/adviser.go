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

// agreeShare is how much of the remaining doubt an agreeing adviser lifts;
// adviserDiscount is what a disagreeing adviser's own confidence is worth.
const (
	agreeShare      = 0.5
	adviserDiscount = 0.85
)

// advise consults the adviser on an unsure result. The answer is accepted
// only if it names a valid, text-decidable category, and its confidence is
// blended conservatively with the rules': agreeing with the rules' guess
// lifts half the remaining doubt; disagreeing counts only as far as the
// rules were themselves unsure, and at 85 % of the adviser's confidence. Any error leaves r unchanged. The mail text
// is untrusted: the adviser only ever names a category.
func (c *Classifier) advise(ctx context.Context, in input, r Result, guess Category, conf float64) Result {
	if c.opts.Adviser == nil {
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.AdviserTimeout)
	defer cancel()
	cat, advConf, err := c.opts.Adviser.Advise(ctx, in.subject, clean.Cut(in.newText, maxAdviceChars))
	switch {
	case err != nil:
		r.Reasons = append(r.Reasons, fmt.Sprintf("second opinion unavailable: %v", err))
		return r
	case !cat.Valid() || headerOnly[cat] || advConf < 0 || advConf > 1:
		r.Reasons = append(r.Reasons, fmt.Sprintf("second opinion ignored: %q is not a text category", cat))
		return r
	}
	blended := advConf * (1 - conf) * adviserDiscount
	if cat == guess {
		blended = conf + (1-conf)*advConf*agreeShare
	}
	r.Reasons = append(r.Reasons, fmt.Sprintf("second opinion: %s (%.2f), combined %.2f", cat, advConf, blended))
	if blended >= c.opts.Threshold && cat != Other {
		r.Category, r.Confidence = cat, blended
		if r.Secondary == cat {
			r.Secondary = ""
		}
	}
	return r
}
