package templates

import "time"

// Data is everything a template may show. Times are shown as given: pass
// instants in Europe/Paris and dates as civil dates; a zero time means
// unknown and renders as "". The caller computes every date (SPEC section
// 4); templates only show them.
type Data struct {
	// Sector is the mailbox sector: "btp", "industrie", "tertiaire", "ccp".
	Sector string
	// SectorLabel is the sector as people say it: "BTP", "Industrie",
	// "Tertiaire", "CCP".
	SectorLabel string
	// MailboxAddress is the sector mailbox the mail is sent from, named in
	// the signature (e.g. "epreuves-btp@afpa.fr").
	MailboxAddress string
	// CentreName is the display name of the centre's sender.
	CentreName string
	// CentreAddress is the centre's e-mail address.
	CentreAddress string
	// OriginalSubject is the subject of the centre's message.
	OriginalSubject string
	// Reference is the conversation reference, e.g. "GEV-7K2Q"; "" if none.
	Reference string
	// Received is when the centre's message arrived (shown to engineers).
	Received time.Time
	// IsCCP is true when the DTE concerned is a DTE CCP (digital links),
	// whatever the mailbox; false for a DTE TP (plis by post).
	IsCCP bool
	// Link is the DTE CCP link the centre names: "organiser", "jury",
	// "candidates", or "" for none (or links that open on different days).
	Link string
	// OrganiserLinkOpen and JuryLinkOpen tell whether each DTE CCP link
	// should already work at Now: at or after its opening run.
	OrganiserLinkOpen, JuryLinkOpen bool
	// Plis is what the centre says about its plis: "received",
	// "not_received", "unsure" (it says it does not know), or "" (it does
	// not say). Only the first two are facts a reply may state.
	Plis string

	// SessionDate is the certification session date.
	SessionDate time.Time
	// RequestDeadline is the last day to request the DTE in CERES
	// (session − 3 months − 1 day).
	RequestDeadline time.Time
	// RequestTooLate is true when RequestDeadline has passed.
	RequestTooLate bool
	// ShipFrom and ShipTo bound the DTE TP shipping window (session − 6
	// weeks, session − 5 weeks).
	ShipFrom, ShipTo time.Time
	// OrganiserLinkOpens is when the DTE CCP organiser link opens: the
	// automaton's first run (08:00 Paris) 60 days before the session.
	OrganiserLinkOpens time.Time
	// JuryLinkOpens is when the DTE CCP jury and candidate links open: the
	// first run 5 working days before the session.
	JuryLinkOpens time.Time
	// WriteAgainFrom is the date from which a centre still missing its plis
	// should write again (session − 14 days).
	WriteAgainFrom time.Time

	// Question is the centre's original text, forwarded verbatim.
	Question string
	// EngineerNames greet the engineers in a forward; empty for "Bonjour,".
	EngineerNames []string
	// ForwardedAt is when the question was first sent to the engineers
	// (reminders).
	ForwardedAt time.Time
	// WorkingDaysWaiting is how many working days the question has waited
	// for an answer (reminders).
	WorkingDaysWaiting int

	// Now is the time of rendering.
	Now time.Time
	// OfficeHours and EngineeringHours say in French when the GEV desk and
	// the engineers' window are open ("du lundi au jeudi de 8h30 à 17h30
	// et le vendredi de 8h30 à 15h"), from [calendar.office] and
	// [calendar.engineering]; empty means the seed's hours.
	OfficeHours, EngineeringHours string
}

// SampleData is a complete Data for a DTE TP session on Tuesday 13 April
// 2027, asked about on 1 March 2027. Load renders every template with it
// (and with variants) to catch broken overrides at startup; it also suits
// previews and `mailbot check-config`.
func SampleData() Data {
	paris := time.FixedZone("CET", 3600) // Europe/Paris in March, before summer time
	summer := time.FixedZone("CEST", 7200)
	day := func(m time.Month, d int) time.Time { return time.Date(2027, m, d, 0, 0, 0, 0, time.UTC) }
	return Data{
		Sector:             "btp",
		SectorLabel:        "BTP",
		MailboxAddress:     "epreuves-btp@afpa.fr",
		CentreName:         "Centre de formation Exemple – Lyon",
		CentreAddress:      "certification@cfp-exemple.fr",
		OriginalSubject:    "Plis session maçon du 13/04",
		Reference:          "GEV-7K2Q",
		Received:           time.Date(2027, time.March, 1, 10, 5, 0, 0, paris),
		SessionDate:        day(time.April, 13),
		RequestDeadline:    day(time.January, 12),
		ShipFrom:           day(time.March, 2),
		ShipTo:             day(time.March, 9),
		OrganiserLinkOpens: time.Date(2027, time.February, 12, 8, 0, 0, 0, paris),
		JuryLinkOpens:      time.Date(2027, time.April, 6, 8, 0, 0, 0, summer),
		WriteAgainFrom:     day(time.March, 30),
		Question: "Bonjour,\n\nLe DTE organisateur prévoit un mur en briques de 20 cm.\n" +
			"Pouvons-nous utiliser des blocs béton ?\n\nCordialement,\nJeanne Martin",
		EngineerNames:      []string{"Paul Durand", "Amina Benali"},
		ForwardedAt:        time.Date(2027, time.March, 1, 10, 6, 0, 0, paris),
		WorkingDaysWaiting: 3,
		Now:                time.Date(2027, time.March, 4, 10, 6, 0, 0, paris),
	}
}

// sampleCCP is SampleData for a DTE CCP, as sent from the CCP mailbox.
func sampleCCP() Data {
	d := SampleData()
	d.Sector, d.SectorLabel, d.MailboxAddress = "ccp", "CCP", "epreuves-ccp@afpa.fr"
	d.IsCCP = true
	return d
}

// sampleUndated is SampleData without any date: what the *_no_date
// templates receive.
func sampleUndated() Data {
	d := SampleData()
	d.SessionDate, d.RequestDeadline, d.ShipFrom, d.ShipTo = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	d.OrganiserLinkOpens, d.JuryLinkOpens, d.WriteAgainFrom = time.Time{}, time.Time{}, time.Time{}
	return d
}

// validationSamples are the Data values Load renders every template with,
// so that both sides of the templates' conditions are executed: DTE TP,
// DTE CCP, past the request deadline, without dates, and with nothing but
// the mailbox.
func validationSamples() []Data {
	full := SampleData()
	late := full
	late.RequestTooLate = true
	out := []Data{full, sampleCCP(), late, sampleUndated(), sampleBare()}
	for _, plis := range []string{"received", "not_received", "unsure"} {
		d := full
		d.Plis = plis
		out = append(out, d)
	}
	for _, link := range []string{"", "organiser", "jury", "candidates"} {
		for _, open := range []bool{false, true} {
			d := sampleCCP()
			d.Link, d.OrganiserLinkOpen, d.JuryLinkOpen = link, open, open
			out = append(out, d)
		}
	}
	return out
}

// sampleBare has nothing but the mailbox: every optional field is empty.
func sampleBare() Data {
	full := SampleData()
	return Data{
		Sector: full.Sector, SectorLabel: full.SectorLabel,
		MailboxAddress: full.MailboxAddress, Now: full.Now,
	}
}
