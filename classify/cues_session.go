package classify

import "strconv"

// Shared pattern pieces. sent is "not across a sentence end"; the
// numbers bound how far apart two words may stand.
const (
	sent       = `[^.?!\n]`
	sessionW   = `(?:session|examen|certification|epreuve|validation|passage)s?`
	cancelledW = `(?:annulee?s?|supprimee?s?|abandonnee?s?)`
	cancelVerb = `(?:annule|supprime|retire|abandonne)`
	// stopShipment is a request not to send the envelopes.
	stopShipment = `\b(?:(?:stopper|arreter|suspendre|bloquer|annuler) (?:l'envoi|l'expedition)|(?:ne pas|inutile d'|pas la peine d') ?(?:proceder a |effectuer )?(?:l'envoi|l'expedition|envoyer|expedier))`
	howTo        = `(?:comment (?:faire (?:pour )?|proceder (?:pour )?|doit-on |faut-il |peut-on |pouvons-nous )?|(?:souhait|voudr|aimer|envisag)\w* |peut-on |pouvons-nous |est-il possible d'|est-il possible de |procedure (?:pour|a suivre pour) |demarche (?:pour|a suivre pour) |(?:que|qu'est-ce qu'il) faut-il faire pour )`
)

// sessionCues tell a cancelled session from a changed one. A cancellation
// states a fact ("notre session est annulée"); asking how to cancel or move
// a session validated in CERES is a session change (the answer is: ask the
// DREETS/DDETS).
var sessionCues = []cue{
	c(Cancellation, 1.2, "says the session is cancelled", sessionW+sent+`{0,80}\b(?:est|a ete|sont|ont ete|sera|vient d'etre|est donc|se trouve|a du etre|avons du)\s+(?:(?:definitivement|malheureusement|finalement|donc|bien)\s+)*`+cancelledW+`\b`),
	c(Cancellation, 1.0, "mentions the cancellation of the session", `\bannulation\s+(?:de\s+(?:la|notre|cette|ma|votre|sa)|d'une|du)\s+`+sentOpt(30)+`(?:session|examen|certification|epreuve)`),
	c(Cancellation, 0.9, "mentions a cancelled session", `\b(?:session|examen|certification)\b`+sent+`{0,60}\b`+cancelledW+`\b`),
	c(Cancellation, 1.0, "says someone cancelled the session", `\b(?:a|ont|avons|avez) (?:du |bien |finalement )?`+cancelVerb+`\b`+sent+`{0,40}\b(?:la|notre|cette|votre|leur) (?:session|certification|examen)\b`),
	c(Cancellation, 1.0, "says the cancellation was recorded", `\b(?:procede|procedera|enregistre|valide|acte|confirme|prononce)\w* (?:a )?(?:l'|son |sa |leur )annulation\b|\brenonc\w* a (?:la|notre|cette) (?:session|certification)\b`),
	c(Cancellation, 0.4, "mentions 'annulation'", `\b(?:annulation|`+cancelledW+`|annulons)\b`),
	c(Cancellation, 0.9, "says the session will not take place", `\b(?:n'aura pas lieu|n'aura finalement pas lieu|ne (?:pourra|peut|va) (?:pas|plus) (?:se tenir|avoir lieu|etre maintenue)|ne se tiendra pas|ne sera (?:finalement |donc )?pas (?:organisee|maintenue|tenue)|est supprimee)\b`),
	c(Cancellation, 0.5, "gives a reason for cancelling (too few candidates)", `\b(?:faute de (?:candidats?|stagiaires?|participants?|inscrits?|jury)|pas assez de (?:candidats|stagiaires|inscrits)|(?:nombre|effectif) (?:de candidats |d'inscrits )?insuffisant|minimum requis|plus (?:aucun|de) candidats?)\b`),
	c(Cancellation, 0.6, "cancellation recorded by the DREETS/DDETS", `\b(?:dreets|ddets|direccte|deets)\b`+sent+`{0,100}\bannul|\bannul\w*`+sent+`{0,100}\b(?:dreets|ddets|direccte|deets)\b`),
	c(Cancellation, 0.6, "asks to stop the shipment or the links", `\b(?:ne pas tenir compte de (?:la|notre|ma) (?:demande|commande)|annuler (?:la commande|notre demande)|desactiver les liens)\b|`+stopShipment),
	c(Cancellation, 0.6, "mentions destroying the envelopes", `\b(?:detruir\w*|destruction|detruit\w*)\b`),

	c(SessionChange, 1.1, "asks how to change or cancel a validated session", `\b`+howTo+`(?:annuler|modifier|reporter|decaler|deplacer|changer|avancer|repousser)\b`),
	c(SessionChange, 1.0, "says the session is moved", `\b(?:session|examen|epreuve|certification|date)s?\b`+sent+`{0,80}\b(?:est|a ete|sera|sont|ont ete|se trouve)?\s*(?:reportee?|decalee?|deplacee?|avancee?|repoussee?)s?\b`),
	c(SessionChange, 0.6, "mentions a postponement ('report', 'décalage')", `\b(?:report|decalage|changement de date|modification de (?:la )?date|nouvelle date|nouvelles dates)\b`),
	c(SessionChange, 0.7, "gives the old and the new date", `\bpasse(?:ra)? du\b`+sent+`{0,30}\bau\b|\b(?:initialement|prealablement) prevue?`+sent+`{0,60}\b(?:au|le)\b`),
	c(SessionChange, 0.9, "mentions a change of place, date or number of candidates", `\b(?:changement|modification|changer|modifier) (?:de|du|d'|des) ?(?:lieu|site|salle|adresse de (?:la session|l'epreuve)|date|nombre de (?:candidats|stagiaires)|jury|horaires?)\b`),
	c(SessionChange, 0.6, "says the session moves to another site", `\bse (?:deroulera|tiendra|passera|fera|deroulent|tiendront) (?:finalement |desormais |dorenavant |donc )?(?:sur|a|au|dans|en)\b`),
	c(SessionChange, 0.8, "says where or when it no longer takes place", `\bet non (?:plus )?(?:a|au|le|en|sur|dans)\b`),
	c(SessionChange, 0.8, "mentions candidates added or removed", `\b(?:ajout|ajouter|ajoutes?|ajoutee?s?|retrait|retirer|retires?)\b`+sent+`{0,40}\b(?:candidat|stagiaire)s?\b|\b(?:candidat|stagiaire)s? (?:supplementaires?|en plus|de plus|en moins|ajoutes)\b|\b(?:un|une|deux|trois|\d+) (?:candidat|stagiaire)s? (?:s'est desiste|se sont desistes|a abandonne|ont abandonne)\w*|\bnous serons (?:donc )?(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\b`),
	c(SessionChange, 0.6, "says the session was updated in CERES", `\b(?:mis a jour|modifie|actualise) (?:la|notre|cette) session\b`),
	c(SessionChange, 0.6, "a modification validated by the DREETS/DDETS", `\b(?:modification|changement|report)\b`+sent+`{0,60}\b(?:valide|enregistre|accepte|approuve|saisi|pris en compte)e?\b|\b(?:dreets|ddets)\b`+sent+`{0,80}\b(?:report|modification|changement|decalage)\b`),
	c(SessionChange, 0.8, "gives the new date instead of the old one", `\bau lieu (?:du|de) (?:\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|semaine)|\b(?:avancee?|reportee?|decalee?) (?:au|a) (?:\d|lundi|mardi|mercredi|jeudi|vendredi)`),
	c(SessionChange, 0.6, "a modification recorded by the DREETS/DDETS", `\b(?:valide|enregistre|accepte|approuve)e? (?:la|cette|notre) modification\b`),
	c(SessionChange, 0.5, "mentions 'changement de session'", `\b(?:changement|modification) de (?:la |notre )?session\b`),
}

// sentOpt allows up to n characters inside one sentence.
func sentOpt(n int) string { return `(?:` + sent + `{0,` + strconv.Itoa(n) + `}?)` }
