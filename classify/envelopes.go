package classify

import (
	"regexp"
	"strings"

	"mailbot/classify/prefilter"
)

// PlisStatus is what a message says about the paper plis of a TP session:
// whether they are at the centre. It decides a cancellation's answer
// (cancel the shipment, or the centre destroys them) and what a reply
// about missing DTE may state.
type PlisStatus string

// The statuses. Only Received and NotReceived are facts a reply may state;
// for the other two it asks.
const (
	// PlisUnknown: the text does not say, says both (part of them), or the
	// session is a digital CCP session.
	PlisUnknown PlisStatus = ""
	// PlisReceived: the text says the plis are there.
	PlisReceived PlisStatus = "received"
	// PlisNotReceived: the text says they are not.
	PlisNotReceived PlisStatus = "not_received"
	// PlisUnsure: the centre says it does not know ("je ne sais pas si les
	// plis sont arrivés").
	PlisUnsure PlisStatus = "unsure"
)

// Received is the three-valued answer of the `envelopes_received` field:
// true, false, or nil when the text does not tell.
func (s PlisStatus) Received() *bool {
	var v bool
	switch s {
	case PlisReceived:
		v = true
	case PlisNotReceived:
	default:
		return nil
	}
	return &v
}

// plisW names the paper DTE a centre receives.
const plisW = `(?:plis|pli|enveloppes?|colis|dte|sujets|documents)`

var (
	envelopesNotReceived = compile(`\b(?:n'(?:avons|ai|avions|a|ont) (?:toujours |encore )?rien (?:encore )?(?:recu|receptionne|eu)|n'(?:avons|ai|avions|a|ont) (?:toujours |encore )?(?:pas|jamais) (?:encore )?(?:recu|receptionne|eu)\w*(?: (?:les |le |la |nos |notre |de |d'|des |ces )?(?:\w+ )?` + plisW + `\b|\s*(?:[.,;:!?]|$))|ne (?:les|l') ?(?:avons|ai|avions|a|ont) (?:toujours |encore )?(?:pas|jamais) (?:encore )?(?:recu|receptionne)|n'(?:avons|ai|avions|a|ont) (?:recu|receptionne|eu) (?:aucun|ni)|(?:recu|receptionne) aucun|aucun (?:pli|colis|envoi|courrier)|rien recu|toujours rien|pas encore (?:recu|arrive|livre|parvenu|ete (?:livre|expedie|envoye))\w*|(?:plis|enveloppes|colis|dte)` + sent + `{0,20}\bnon (?:recu|parvenu|arrive|livre)\w*|(?:plis|enveloppes|colis)` + sent + `{0,60}\bne (?:nous )?(?:sont|est|soient) (?:toujours |encore |jamais )?pas (?:encore )?(?:arrive|parvenu|livre)\w*|` + stopShipment[2:] + `)`)
	envelopesReceived    = compile(`\b(?:(?:avons|avions|ai|a|ont) (?:deja |bien |deja bien )?(?:recu|receptionne)\w*` + sent + `{0,40}\b(?:plis|enveloppes|colis|dte|sujets|documents)|(?:plis|enveloppes|colis)` + sent + `{0,60}\b(?:sont|est|etaient|etait|ont ete|a ete) (?:deja |bien )?(?:arrive|parvenu|livre|recu|receptionne)\w*|(?:plis|enveloppes|colis)(?: (?:jury|candidats?|et|du|des|de|la|le|les))* (?:deja |bien )?(?:recus|recues|receptionne\w*|arrives|arrivees)\b|(?:deja )?en notre possession|(?:nous )?les detruir\w*|(?:nous )?les (?:avons )?detrui\w*|destruction des (?:plis|enveloppes|sujets))`)
	// unsureWhether is a centre saying it does not know: what follows is
	// not a statement about the plis.
	unsureWhether = compile(`\b(?:ne (?:sais|savons|sait|savions|savais) pas|ignor(?:e|ons|ent)|(?:pas|plus) (?:en mesure|capables?) de (?:dire|savoir|confirmer|verifier|affirmer)|impossible de (?:dire|savoir|confirmer|verifier)|ne (?:peux|pouvons|peut) pas (?:vous )?(?:dire|confirmer|affirmer|garantir)|n'(?:ai|avons) pas (?:encore )?pu (?:verifier|savoir|confirmer)|pas (?:sure?s?|certaine?s?)|sans savoir|(?:me|nous) demand(?:e|ons)|aucune idee)\b` + sent + `{0,12}\b(?:si|que|s'ils|s'il|s'elles)\b`)
	// aboutArrival is what an unsure sentence must speak of to concern
	// the plis.
	aboutArrival = compile(`\b(?:plis|pli|enveloppes?|colis|dte|sujets|arrive\w*|parven\w*|recu\w*|livre\w*|receptionne\w*)\b`)
	// digitalOnly recognises a CCP session, whose DTE are links only.
	digitalOnly = compile(`\bliens?\b`)
	paperWords  = compile(`\b(?:plis|enveloppes?|colis|courrier|postal)\b`)
	sentenceEnd = regexp.MustCompile(`[.?!]+`)
)

// plisStatus reads what normNew (clean.Normalize'd) says about the plis.
// A sentence in which the centre says it does not know is set aside; a
// denial is read before an affirmation so that "n'avons reçu aucun pli"
// is not "avons reçu ... pli"; a text that says both (part of them) is
// unknown. A digital (CCP) session has no plis.
func plisStatus(normNew prefilter.Text, digital bool) (PlisStatus, string) {
	if digital || (normNew.Match(digitalOnly) && !normNew.Match(paperWords)) {
		return PlisUnknown, ""
	}
	unsure := false
	var sure strings.Builder
	for _, s := range sentenceEnd.Split(normNew.S, -1) {
		if st := facts.Scan(s); st.Match(aboutArrival) && st.Match(unsureWhether) {
			unsure = true
			continue
		}
		sure.WriteString(s)
		sure.WriteString(". ")
	}
	text := facts.Scan(sure.String())
	not := text.Match(envelopesNotReceived)
	if not {
		text = text.Blank(envelopesNotReceived)
	}
	got := text.Match(envelopesReceived)
	switch {
	case not && !got:
		return PlisNotReceived, "le centre dit ne pas avoir reçu les plis"
	case got && !not:
		return PlisReceived, "le centre dit avoir reçu les plis"
	case unsure && !not && !got:
		return PlisUnsure, "le centre ne sait pas si les plis sont arrivés"
	}
	return PlisUnknown, ""
}
