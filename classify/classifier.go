package classify

import (
	"context"
	"sync"
	"time"

	"mailbot/classify/autodetect"
	"mailbot/classify/clean"
	"mailbot/classify/model"
	"mailbot/classify/sessiondate"
	"mailbot/mailbot/mailmsg"
)

// Defaults of Options.
const (
	// DefaultAdviserTimeout bounds one second opinion.
	DefaultAdviserTimeout = 20 * time.Second
)

// Confidence given to header decisions: headers are near proof.
const (
	confidenceBounce    = 0.99
	confidenceAutoReply = 0.97
	confidenceBulk      = 0.95
)

// Options tune a Classifier. The zero value is usable.
type Options struct {
	// Model is the trained model; nil means the embedded default.
	Model *model.Model
	// Threshold is the least confidence for a decision; below it the
	// category is Other. 0 means the model's calibrated threshold.
	Threshold float64
	// AutoThreshold is the least confidence for a decision to send mail
	// without an agent's approval; 0 means the model's calibrated one.
	AutoThreshold float64
	// Adviser is consulted when the model is unsure; nil means never.
	Adviser Adviser
	// AdviserTimeout bounds one call to Adviser; 0 means
	// DefaultAdviserTimeout.
	AdviserTimeout time.Duration
}

// Classifier sorts French mail from training centres into the categories
// of SPEC section 2. It is safe for concurrent use.
type Classifier struct {
	opts  Options
	model *model.Model
}

// defaultModel is the embedded model, read once.
var defaultModel = sync.OnceValues(model.Default)

// New returns a Classifier with opts' defaults filled in. It panics only
// if the embedded model is broken, which the package tests rule out.
func New(opts Options) *Classifier {
	m := opts.Model
	if m == nil {
		var err error
		if m, err = defaultModel(); err != nil {
			panic(err)
		}
	}
	if opts.Threshold <= 0 || opts.Threshold > 1 {
		opts.Threshold = m.Threshold()
	}
	if opts.AutoThreshold <= 0 || opts.AutoThreshold > 1 {
		opts.AutoThreshold = m.AutoThreshold()
	}
	if opts.AdviserTimeout <= 0 {
		opts.AdviserTimeout = DefaultAdviserTimeout
	}
	return &Classifier{opts: opts, model: m}
}

// Threshold is the confidence below which decisions are Other.
func (c *Classifier) Threshold() float64 { return c.opts.Threshold }

// AutoThreshold is the confidence from which a decision may send mail
// without an agent's approval: Options.AutoThreshold or the model's
// calibrated one (precision 99% on its calibration), never below
// Threshold.
func (c *Classifier) AutoThreshold() float64 { return max(c.opts.AutoThreshold, c.opts.Threshold) }

// ActsAlone tells whether r is sure enough for the mail it plans to go
// out without an agent: header verdicts and "other" always are (they
// send no category's answer), a category from the text only at or above
// AutoThreshold. Between Threshold and AutoThreshold an agent approves.
func (c *Classifier) ActsAlone(r Result) bool {
	return r.Automated || r.Category == Other || r.Category.Automated() || r.Confidence >= c.AutoThreshold()
}

// Classify decides the category of m, which arrived in mailbox (a sector
// label: btp, industrie, tertiaire, ccp). Headers decide first (bounces,
// automatic replies, bulk); then the trained model reads the new text and
// the subject, the acknowledgement rule checks that nothing ignored
// needed handling, and the adviser, if any, is asked when the model is
// unsure. It never fails: a message it cannot read is Other.
func (c *Classifier) Classify(ctx context.Context, m *mailmsg.Message, mailbox string) Result {
	if m == nil {
		return Result{Category: Other, Reasons: []string{"aucun message à lire"}}
	}
	rd := read(m)
	var r Result
	if sig := autodetect.Detect(m); sig.Kind != autodetect.None {
		r = fromSignal(sig)
	} else if why := phishing(rd.in); why != "" {
		r = Result{Category: Bulk, Confidence: confidenceBulk, Automated: true, Reasons: []string{why}}
	} else {
		r = c.fromText(ctx, &rd)
	}
	if never, why := autodetect.NeverAnswer(m); never && !r.Automated {
		r.Automated = true
		r.Reasons = append(r.Reasons, "ne jamais répondre : "+why)
	}
	// Whether the content belongs to another mailbox is the workflow's
	// call: the mailbox is only a prior against the kind the text shows.
	c.addFacts(&r, rd.in, m.Date)
	return r
}

// fromSignal turns a header verdict into a result.
func fromSignal(sig autodetect.Signal) Result {
	r := Result{Automated: true, Reasons: []string{"en-têtes : " + sig.Reason}}
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
	if r.Automated {
		// Never answered: no reply states the kind, link or plis.
		return
	}
	written, normQuoted := scanFacts(in.normSubject+" "+in.normNew.S), scanFacts(clean.Normalize(clean.Cut(quoted, maxScanBytes)))
	var why string
	r.Kind, why = kindOf(written, normQuoted)
	if why != "" {
		r.Reasons = append(r.Reasons, why)
	}
	r.Sector = sectorOf(r.Kind, written, normQuoted)
	r.Link = linkOf(written.Text)
	digital := r.Kind == kindCCP || r.Kind == "" && r.Sector == sectorCCP
	r.Plis, why = plisStatus(in.normNew, digital)
	if why != "" {
		r.Reasons = append(r.Reasons, why)
	}
	if r.Category == Cancellation {
		r.EnvelopesReceived = r.Plis.Received()
	}
}
