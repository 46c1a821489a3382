package templates

// The template names, one per workflow outcome. [Load] checks that the
// embedded set holds exactly these.
const (
	// CancellationPlisReceived: session cancelled, plis already received:
	// destruction is the centre's responsibility.
	CancellationPlisReceived = "cancellation_plis_received"
	// CancellationPlisNotReceived: session cancelled before the plis
	// arrived: GEV cancels the shipment.
	CancellationPlisNotReceived = "cancellation_plis_not_received"
	// CancellationAskPlis: session cancelled, the centre did not say whether
	// it has the plis: ask.
	CancellationAskPlis = "cancellation_ask_plis"
	// SessionChange: modifying a validated session goes through DREETS/DDETS.
	SessionChange = "session_change"
	// MissingEnvelopesTPWait: TP plis missing, still before the 2-week
	// threshold: explain the timeline, write again from WriteAgainFrom.
	MissingEnvelopesTPWait = "missing_envelopes_tp_wait"
	// MissingEnvelopesTPUrgent: TP plis missing within 2 weeks of the
	// session: an agent is handling it.
	MissingEnvelopesTPUrgent = "missing_envelopes_tp_urgent"
	// MissingEnvelopesCCPNotYetOpen: CCP link not open yet: name the dates.
	MissingEnvelopesCCPNotYetOpen = "missing_envelopes_ccp_not_yet_open"
	// MissingEnvelopesCCPUrgent: a CCP link that should already work does
	// not: an agent is handling it.
	MissingEnvelopesCCPUrgent = "missing_envelopes_ccp_urgent"
	// MissingEnvelopesNoDate: something is missing but the session date is
	// unknown: general timeline, ask for the date and CERES request number.
	MissingEnvelopesNoDate = "missing_envelopes_no_date"
	// ComplaintAck: complaint acknowledged with its reference.
	ComplaintAck = "complaint_ack"
	// EngineeringAck: the centre's question went to the training engineers.
	EngineeringAck = "engineering_ack"
	// EngineeringForward: the question, to the training engineers.
	EngineeringForward = "engineering_forward"
	// EngineeringReminder: the question again, after WorkingDaysWaiting.
	EngineeringReminder = "engineering_reminder"
	// CeresSupport: the ministries' assistance portal and phone line.
	CeresSupport = "ceres_support"
	// RequestTiming: request deadline and shipping or link dates for a
	// known session date.
	RequestTiming = "request_timing"
	// RequestTimingNoDate: the general timing rules.
	RequestTimingNoDate = "request_timing_no_date"
	// FinalInterviewGrid: the CERES « commentaire » procedure; GEV sends
	// the grid.
	FinalInterviewGrid = "final_interview_grid"
	// OtherAck: generic acknowledgement, an agent will answer.
	OtherAck = "other_ack"
)

// allNames lists every template name, in the order of the constants.
var allNames = []string{
	CancellationPlisReceived, CancellationPlisNotReceived, CancellationAskPlis,
	SessionChange,
	MissingEnvelopesTPWait, MissingEnvelopesTPUrgent,
	MissingEnvelopesCCPNotYetOpen, MissingEnvelopesCCPUrgent, MissingEnvelopesNoDate,
	ComplaintAck, EngineeringAck, EngineeringForward, EngineeringReminder,
	CeresSupport, RequestTiming, RequestTimingNoDate, FinalInterviewGrid, OtherAck,
}
