package classify

// Whether a cancelled session's envelopes are already at the centre decides
// GEV's answer: cancel the shipment, or tell the centre to destroy them.
var (
	envelopesNotReceived = compile(`\b(?:n'(?:avons|ai|avions|a|ont) (?:toujours |encore |jamais )?(?:pas|rien) (?:encore )?(?:recu|receptionne|eu)|(?:recu|receptionne) aucun|pas encore (?:recu|arrive|livre|parvenu|ete (?:livre|expedie|envoye))\w*|(?:plis|enveloppes|colis|dte)` + sent + `{0,20}\bnon (?:recu|parvenu|arrive|livre)\w*|(?:plis|enveloppes|colis)` + sent + `{0,60}\bne (?:nous )?(?:sont|est|soient) (?:toujours |encore )?pas (?:encore )?(?:arrive|parvenu|livre)\w*|` + stopShipment[2:] + `)`)
	envelopesReceived    = compile(`\b(?:(?:avons|avions|ai|a|ont) (?:deja |bien |deja bien )?(?:recu|receptionne)\w*` + sent + `{0,40}\b(?:plis|enveloppes|colis|dte|sujets|documents)|(?:plis|enveloppes|colis)` + sent + `{0,40}\b(?:sont|etaient|ont ete|sont deja|sont bien) (?:deja |bien )?(?:arrive|parvenu|livre|recu|receptionne)\w*|(?:plis|enveloppes|colis)(?: (?:jury|candidats?|et|du|des|de|la|le|les))* (?:deja |bien )?(?:recus|recues|receptionne\w*|arrives|arrivees)\b|(?:deja )?en notre possession|(?:nous )?les detruir\w*|(?:nous )?les (?:avons )?detrui\w*|destruction des (?:plis|enveloppes|sujets))`)
	// digitalOnly recognises a CCP session, whose DTE are links only.
	digitalOnly = compile(`\bliens?\b`)
	paperWords  = compile(`\b(?:plis|enveloppes?|colis|courrier|postal)\b`)
)

// envelopesFor says, for a cancellation, whether the centre has the plis:
// true, false, or nil when it does not say, says both, or the session is
// a digital CCP session.
func envelopesFor(normNew, sector string) (*bool, string) {
	if sector == "ccp" || (digitalOnly.MatchString(normNew) && !paperWords.MatchString(normNew)) {
		return nil, ""
	}
	not, got := envelopesNotReceived.MatchString(normNew), envelopesReceived.MatchString(normNew)
	switch {
	case not && !got:
		v := false
		return &v, "envelopes not received yet: GEV can cancel the shipment"
	case got && !not:
		v := true
		return &v, "envelopes already at the centre: they must be destroyed there"
	}
	return nil, ""
}
