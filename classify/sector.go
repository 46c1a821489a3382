package classify

import (
	"strings"

	"mailbot/classify/prefilter"
)

// Sectors of the four mailboxes (SPEC section 1).
const (
	sectorBTP       = "btp"
	sectorIndustrie = "industrie"
	sectorTertiaire = "tertiaire"
	sectorCCP       = "ccp"
)

// Kinds of session (Result.Kind): a full title's DTE TP, plis by post, or
// a certificate's DTE CCP, links only.
const (
	kindTP  = "tp"
	kindCCP = "ccp"
)

// trades name the titles of each TP sector, over normalised text.
var trades = []struct {
	sector string
	re     *prefilter.Regexp
}{
	{sectorBTP, compile(`\b(?:macon\w*|plombiers?|chauffagistes?|electricien\w*|eeb|peintres?|plaquistes?|carreleur\w*|menuisier\w*|conducteur\w* d'engins|couvreur\w*|charpentier\w*|platrier\w*|batiment|btp|travaux publics|gros oeuvre|second oeuvre)\b`)},
	{sectorIndustrie, compile(`\b(?:soudeur\w*|soudure|chaudronn\w*|maintenance industrielle|tmi|tourneur\w*|fraiseur\w*|electrotechni\w*|usinage|technicien de maintenance|mecanicien\w*|industrie)\b`)},
	{sectorTertiaire, compile(`\b(?:secretaire\w*|assistante? commercia\w*|comptab\w*|gestionnaire de paie|paie|employee? commercia\w*|ecm|advf|assistante? de vie aux familles|agent\w* de proprete|proprete et d'hygiene|cuisinier\w*|cuisine|hotel\w*|tertiaire)\b`)},
}

// kindSign is one sign of a session's kind and its weight: 2 decides when
// nothing contradicts it, 1 needs company.
type kindSign struct {
	kind   string
	weight int
	label  string
	re     *prefilter.Regexp
}

// kindEvidence: TP words (titre professionnel, plis, colis, DTE TP, a trade
// title) against CCP words (CCP n, liens, lien jury, DTE CCP). A DTE CCP
// is links only; a DTE TP's jury and candidate files come by post.
var kindEvidence = []kindSign{
	{kindTP, 2, "« DTE TP » ou « titre professionnel »", compile(`\b(?:dte tp|titres? professionnels?|titre complet|tp)\b`)},
	{kindTP, 2, "des plis ou un colis", compile(`\b(?:plis|pli|colis|enveloppes?)\b`)},
	{kindTP, 1, "un envoi postal", compile(`\b(?:voie postale|la poste|transporteur|chronopost|colissimo|bordereau)\b`)},
	{kindTP, 3, "« pas de CCP »", notCCP},
	{kindTP, 1, "un titre de métier", nil}, // any of trades
	{kindCCP, 2, "« CCP » ou « DTE CCP »", compile(`\b(?:ccp\w*|certificats? de competences? professionnelles?)`)},
	{kindCCP, 2, "le lien jury ou candidats", compile(`\bliens? (?:du |des |de l'|d'|au |aux )?(?:dte )?(?:jury|jurys|candidats?)\b`)},
	{kindCCP, 1, "des liens", compile(`\b(?:liens|automate)\b`)},
}

var (
	// notCCP is a CCP named only to say the session is not one.
	notCCP = compile(`\b(?:pas (?:de|d'un|un|une|en|une session) ccp|pas un dte ccp|aucun ccp|hors ccp|non ccp)\b`)
	// capitalisation: a TP validated by capitalising CCPs speaks of both;
	// only the mailbox can tell.
	capitalisation = compile(`\b(?:capitalis\w*|entretien final|grille d'entretien)\b`)
)

// kindOf tells a TP session from a CCP session by the words of the texts
// (subject and new text first, the quoted text when they tell nothing):
// "" when they do not tell, or tell both about as much. The mailbox is the
// prior the workflow falls back to.
func kindOf(texts ...*factText) (string, string) {
	for _, t := range texts {
		if k, why := kindIn(t); k != "" {
			return k, why
		}
	}
	return "", ""
}

func kindIn(t *factText) (string, string) {
	if t.Match(capitalisation) {
		return "", ""
	}
	score, labels := map[string]int{}, map[string][]string{}
	withoutNotCCP := t.Blank(notCCP)
	for _, e := range kindEvidence {
		text := t.Text
		if e.kind == kindCCP {
			text = withoutNotCCP
		}
		if e.re == nil && t.trade() != "" || e.re != nil && text.Match(e.re) {
			score[e.kind] += e.weight
			labels[e.kind] = append(labels[e.kind], e.label)
		}
	}
	tp, ccp := score[kindTP], score[kindCCP]
	switch {
	case tp >= 2 && tp >= ccp+2:
		return kindTP, "session TP d'après le texte : " + strings.Join(labels[kindTP], ", ")
	case ccp >= 2 && ccp >= tp+2:
		return kindCCP, "session CCP d'après le texte : " + strings.Join(labels[kindCCP], ", ")
	}
	return "", ""
}

// sectorOf reads the sector the content belongs to, "" when unclear: "ccp"
// for a CCP session, else the trade's sector. kind is kindOf's verdict;
// when it is "" the words of CCPs still make the content "ccp" unless a TP
// is named.
func sectorOf(kind string, texts ...*factText) string {
	if kind == kindCCP {
		return sectorCCP
	}
	for _, t := range texts {
		if s := sectorIn(kind, t); s != "" {
			return s
		}
	}
	return ""
}

var (
	// ccpWord is any mention of CCPs; tpCue a full title (TP), which may
	// be validated by capitalising CCPs.
	ccpWord = compile(`\b(?:ccp\w*|certificats? de competences? professionnelles?|ccs)\b`)
	tpCue   = compile(`\b(?:tp|titre professionnel|titre complet|dte tp|valider le titre|capitalis\w*|entretien final)\b`)
)

func sectorIn(kind string, t *factText) string {
	if kind == "" && t.Match(ccpWord) && !t.Match(tpCue) {
		return sectorCCP
	}
	return t.trade()
}

// factText is a clean.Normalize'd text scanned for the fact patterns, and
// the trade it names once read (kindOf and sectorOf both ask).
type factText struct {
	prefilter.Text
	tradeName string
	traded    bool
}

func scanFacts(s string) *factText { return &factText{Text: facts.Scan(s)} }

// trade is tradeIn of the text.
func (t *factText) trade() string {
	if !t.traded {
		t.tradeName, t.traded = tradeIn(t.Text), true
	}
	return t.tradeName
}

// tradeIn is the sector whose trades t names most, "" for none or a tie.
func tradeIn(t prefilter.Text) string {
	best, bestN, tie := "", 0, false
	for _, tr := range trades {
		n := t.Count(tr.re)
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

// Links of a DTE CCP the centre may name (Result.Link).
const (
	LinkOrganiser  = "organiser"
	LinkJury       = "jury"
	LinkCandidates = "candidates"
)

// linkNames recognise a named link: "le lien jury", "le lien du DTE
// organisateur", "l'accès candidats".
var linkNames = []struct {
	link string
	re   *prefilter.Regexp
}{
	{LinkOrganiser, compile(linkHead + `organisateurs?\b`)},
	{LinkJury, compile(linkHead + `jurys?\b`)},
	{LinkCandidates, compile(linkHead + `candidats?\b`)},
}

// linkHead is a link word and the small words that may stand before the
// name: "lien du DTE ", "accès aux ". "le DTE pour nos candidats" names
// no link.
const linkHead = `\b(?:liens?|acces|dte|dossiers?)(?: (?:du|de|des|la|l'|d'|au|aux|le|les|pour|dte|ccp|\d+))* `

// linkOf names the CCP link the text is about: one of the Link constants,
// or "" when it names none, or both the organiser link and the others
// (which open on different days). Jury and candidate links open together:
// naming both is LinkJury.
func linkOf(t prefilter.Text) string {
	named := map[string]bool{}
	for _, l := range linkNames {
		named[l.link] = t.Match(l.re)
	}
	switch {
	case named[LinkOrganiser] && (named[LinkJury] || named[LinkCandidates]):
		return ""
	case named[LinkOrganiser]:
		return LinkOrganiser
	case named[LinkJury]:
		return LinkJury
	case named[LinkCandidates]:
		return LinkCandidates
	}
	return ""
}
