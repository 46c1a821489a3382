package classify

import "time"

// Category is one of the 13 categories of SPEC section 2.
type Category string

// The categories, with the spelling of the command-line contract.
const (
	Cancellation        Category = "cancellation"
	SessionChange       Category = "session_change"
	MissingEnvelopes    Category = "missing_envelopes"
	Complaint           Category = "complaint"
	EngineeringQuestion Category = "engineering_question"
	CeresSupport        Category = "ceres_support"
	RequestTiming       Category = "request_timing"
	FinalInterviewGrid  Category = "final_interview_grid"
	Acknowledgement     Category = "acknowledgement"
	AutoReply           Category = "auto_reply"
	Bounce              Category = "bounce"
	Bulk                Category = "bulk"
	Other               Category = "other"
)

// Categories lists every category in a stable order.
var Categories = []Category{
	Cancellation, SessionChange, MissingEnvelopes, Complaint, EngineeringQuestion,
	CeresSupport, RequestTiming, FinalInterviewGrid, Acknowledgement,
	AutoReply, Bounce, Bulk, Other,
}

// Valid reports whether c is one of the 13 categories.
func (c Category) Valid() bool {
	for _, k := range Categories {
		if c == k {
			return true
		}
	}
	return false
}

// Result is the classifier's verdict on one message.
type Result struct {
	Category   Category
	Confidence float64 // 0..1, calibrated; below the threshold Category is Other
	// Reasons say why, in words an agent understands.
	Reasons []string
	// Secondary is the second topic of a mixed message, "" when none.
	Secondary Category
	// Automated is true when headers or structure show the message was sent
	// by a machine (auto-reply, bounce, bulk): it must never be answered.
	Automated bool

	// SessionDate is the certification session the sender writes about, as
	// a civil date (00:00 UTC); zero when the message states none.
	SessionDate time.Time
	// EnvelopesReceived, for cancellations: whether the centre says it has
	// the plis; nil when it does not say (Plis.Received()).
	EnvelopesReceived *bool
	// Sector is the sector the content belongs to ("btp", "industrie",
	// "tertiaire", "ccp"), "" when the text does not tell.
	Sector string
	// Kind is the kind of session the text is about, "tp" or "ccp"; ""
	// when the words do not tell and the mailbox decides.
	Kind string
	// Link is the DTE CCP link the centre names: LinkOrganiser, LinkJury
	// or LinkCandidates; "" when it names none, or links that open on
	// different days.
	Link string
	// Plis is what the text says about the plis of a TP session, in every
	// category (a missing-envelopes reply must not state what the centre
	// did not say).
	Plis PlisStatus
}

// Automated reports whether c is a category of machine-sent mail, decided
// from headers and structure and never answered.
func (c Category) Automated() bool {
	return c == AutoReply || c == Bounce || c == Bulk
}

// labels are the French names agents read, on the dashboard, in the
// digest and in the reasons.
var labels = map[Category]string{
	Cancellation:        "Annulation de session",
	SessionChange:       "Modification de session",
	MissingEnvelopes:    "Plis non reçus",
	Complaint:           "Réclamation",
	EngineeringQuestion: "Question d'ingénierie",
	CeresSupport:        "Assistance CERES",
	RequestTiming:       "Délais de demande",
	FinalInterviewGrid:  "Grille d'entretien final",
	Acknowledgement:     "Remerciement / accusé",
	AutoReply:           "Réponse automatique",
	Bounce:              "Non-remise",
	Bulk:                "Publicité / liste",
	Other:               "Autre",
}

// Label is the category's French name; an unknown category is shown as
// it is spelt.
func (c Category) Label() string {
	if l, ok := labels[c]; ok {
		return l
	}
	return string(c)
}
