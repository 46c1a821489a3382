package classify

import "regexp"

// Sectors of the four mailboxes (SPEC section 1).
const (
	sectorBTP       = "btp"
	sectorIndustrie = "industrie"
	sectorTertiaire = "tertiaire"
	sectorCCP       = "ccp"
)

// trades name the titles of each TP sector, over normalised text.
var trades = []struct {
	sector string
	re     *regexp.Regexp
}{
	{sectorBTP, compile(`\b(?:macon\w*|plombiers?|chauffagistes?|electricien\w*|eeb|peintres?|plaquistes?|carreleur\w*|menuisier\w*|conducteur\w* d'engins|couvreur\w*|charpentier\w*|platrier\w*|batiment|btp|travaux publics|gros oeuvre|second oeuvre)\b`)},
	{sectorIndustrie, compile(`\b(?:soudeur\w*|soudure|chaudronn\w*|maintenance industrielle|tmi|tourneur\w*|fraiseur\w*|electrotechni\w*|usinage|technicien de maintenance|mecanicien\w*|industrie)\b`)},
	{sectorTertiaire, compile(`\b(?:secretaire\w*|assistante? commercia\w*|comptab\w*|gestionnaire de paie|paie|employee? commercia\w*|ecm|advf|assistante? de vie aux familles|agent\w* de proprete|proprete et d'hygiene|cuisinier\w*|cuisine|hotel\w*|tertiaire)\b`)},
}

var (
	// ccpSession recognises a CCP session: certificates of competence,
	// whose DTE are digital links.
	ccpSession = compile(`\b(?:sessions? (?:de validation )?(?:du |des |de |d'un )?ccp|ccp ?\d? \w+ (?:\w+ )?du \d|dte ccp|liens? (?:dte )?ccp|validation (?:du |des )?ccp)`)
	// tpCue recognises a full title (TP), which may be validated by
	// capitalising CCPs.
	tpCue = compile(`\b(?:tp|titre professionnel|titre complet|dte tp|valider le titre|capitalis\w*|entretien final)\b`)
	// ccpWord is any mention of CCPs.
	ccpWord = compile(`\b(?:ccp\w*|certificats? de competences? professionnelles?|ccs)\b`)
)

// sectorOf reads the sector the content belongs to, "" when unclear. A CCP
// session is "ccp"; a TP (also one validated by capitalising CCPs) names
// its trade; other mentions of CCPs are "ccp".
func sectorOf(texts ...string) string {
	for _, t := range texts {
		if s := sectorIn(t); s != "" {
			return s
		}
	}
	return ""
}

func sectorIn(t string) string {
	switch {
	case ccpSession.MatchString(t):
		return sectorCCP
	case ccpWord.MatchString(t) && !tpCue.MatchString(t):
		return sectorCCP
	}
	best, bestN, tie := "", 0, false
	for _, tr := range trades {
		n := len(tr.re.FindAllStringIndex(t, -1))
		switch {
		case n > bestN:
			best, bestN, tie = tr.sector, n, false
		case n == bestN && n > 0:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}
