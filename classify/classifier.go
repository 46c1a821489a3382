package classify

import (
	"context"
	"fmt"
	"time"

	"mailbot/classify/autodetect"
	"mailbot/classify/clean"
	"mailbot/classify/sessiondate"
	"mailbot/mailbot/mailmsg"
)

// Defaults of Options.
const (
	// DefaultThreshold is the confidence below which a decision is Other.
	// On the development sample, decisions at or above it were right every
	// time (see eval); below it a human looks.
	DefaultThreshold = 0.6
	// DefaultAdviserTimeout bounds one second opinion.
	DefaultAdviserTimeout = 20 * time.Second
)

// Confidence given to header decisions: headers are near proof.
const (
	confidenceBounce    = 0.99
	confidenceAutoReply = 0.97
	confidenceBulk      = 0.95
)

// secondaryShare is how close, relative to the main topic, a second topic
// must come to be reported; secondaryMin is its least absolute evidence.
const (
	secondaryShare = 0.5
	secondaryMin   = 0.6
)

// Options tune a Classifier. The zero value is usable.
type Options struct {
	// Threshold is the least confidence for a decision; below it the
	// category is Other. 0 means DefaultThreshold.
	Threshold float64
	// Adviser is consulted when the rules are unsure; nil means never.
	Adviser Adviser
	// AdviserTimeout bounds one call to Adviser; 0 means
	// DefaultAdviserTimeout.
	AdviserTimeout time.Duration
}

// Classifier sorts French mail from training centres into the categories
// of SPEC section 2. It is safe for concurrent use.
type Classifier struct {
	opts Options
}

// New returns a Classifier with opts' defaults filled in.
func New(opts Options) *Classifier {
	if opts.Threshold <= 0 || opts.Threshold > 1 {
		opts.Threshold = DefaultThreshold
	}
	if opts.AdviserTimeout <= 0 {
		opts.AdviserTimeout = DefaultAdviserTimeout
	}
	return &Classifier{opts: opts}
}

// Threshold is the confidence below which decisions are Other.
func (c *Classifier) Threshold() float64 { return c.opts.Threshold }

// Classify decides the category of m, which arrived in mailbox (a sector
// label: btp, industrie, tertiaire, ccp). Headers decide first (bounces,
// automatic replies, bulk); then French rules read the new text and the
// subject. It never fails: a message it cannot read is Other.
func (c *Classifier) Classify(ctx context.Context, m *mailmsg.Message, mailbox string) Result {
	if m == nil {
		return Result{Category: Other, Reasons: []string{"no message to read"}}
	}
	in := readInput(m)
	var r Result
	if sig := autodetect.Detect(m); sig.Kind != autodetect.None {
		r = fromSignal(sig)
	} else {
		r = c.fromText(ctx, in)
	}
	if never, why := autodetect.NeverAnswer(m); never && !r.Automated {
		r.Automated = true
		r.Reasons = append(r.Reasons, "never answer: "+why)
	}
	// Whether the content belongs to another mailbox is the workflow's
	// call: the mailbox is only a prior against the kind the text shows.
	c.addFacts(&r, in, m.Date)
	return r
}

// fromSignal turns a header verdict into a result.
func fromSignal(sig autodetect.Signal) Result {
	r := Result{Automated: true, Reasons: []string{"headers: " + sig.Reason}}
	switch sig.Kind {
	case autodetect.Bounce:
		r.Category, r.Confidence = Bounce, confidenceBounce
	case autodetect.AutoReply:
		r.Category, r.Confidence = AutoReply, confidenceAutoReply
	default: // Bulk, and abuse feedback reports: never answered, nothing to do
		r.Category, r.Confidence = Bulk, confidenceBulk
	}
	return r
}

// fromText applies the French rules, then the adviser when they are unsure.
func (c *Classifier) fromText(ctx context.Context, in input) Result {
	rk := rank(in)
	if len(rk) == 0 {
		r := Result{Category: Other, Reasons: []string{"no known topic in the text"}}
		return c.advise(ctx, in, r, Other, 0)
	}
	best := rk[0]
	second := 0.0
	if len(rk) > 1 {
		second = rk[1].score
	}
	conf := confidence(best.score, second)
	r := Result{Category: best.cat, Confidence: conf}
	for _, h := range best.hits {
		r.Reasons = append(r.Reasons, h.reason())
	}
	if len(rk) > 1 && rk[1].cat != Other && second >= secondaryMin && second >= secondaryShare*best.score {
		r.Secondary = rk[1].cat
		r.Reasons = append(r.Reasons, fmt.Sprintf("also looks like %s: %s", rk[1].cat, rk[1].hits[0].reason()))
	}
	if conf >= c.opts.Threshold {
		return r
	}
	r.Reasons = append([]string{fmt.Sprintf("unsure: looks like %s (%.2f)", best.cat, conf)}, r.Reasons...)
	r.Category = Other
	return c.advise(ctx, in, r, best.cat, conf)
}

// Facts fills r's facts from m as Classify does, for r's category: what a
// reclassification by an agent still reads from the text (the session
// date, the kind of session, the CCP link named, the plis).
func (c *Classifier) Facts(m *mailmsg.Message, r *Result) {
	if m != nil {
		c.addFacts(r, readInput(m), m.Date)
	}
}

// addFacts fills the session date, the kind of session and the sector, the
// CCP link named and what the text says about the plis (for cancellations
// also as EnvelopesReceived). Its reasons are in French: agents read them.
func (c *Classifier) addFacts(r *Result, in input, ref time.Time) {
	quoted := clean.Cut(in.quoted, maxDateBytes)
	if r.Category == Bulk {
		// A newsletter's dates are events, not one of the centre's sessions.
		quoted = ""
	} else if d, why, ok := sessiondate.Find(in.subject, clean.Cut(in.newText, maxScanBytes), quoted, ref); ok {
		r.SessionDate = d
		r.Reasons = append(r.Reasons, why)
	}
	written, normQuoted := in.normSubject+" "+in.normNew, clean.Normalize(clean.Cut(quoted, maxScanBytes))
	var why string
	r.Kind, why = kindOf(written, normQuoted)
	if why != "" {
		r.Reasons = append(r.Reasons, why)
	}
	r.Sector = sectorOf(r.Kind, written, normQuoted)
	r.Link = linkOf(written)
	digital := r.Kind == kindCCP || r.Kind == "" && r.Sector == sectorCCP
	r.Plis, why = plisStatus(in.normNew, digital)
	if why != "" {
		r.Reasons = append(r.Reasons, why)
	}
	if r.Category == Cancellation {
		r.EnvelopesReceived = r.Plis.Received()
	}
}
