package classify

// Pattern pieces for shipments.
const (
	shippedW  = `(?:plis|pli|enveloppes?|colis|cartons?|dte|liens?|documents?|dossiers?|sujets?|envoi|commande|zo|mail|courriel|e-?mail)`
	receivedW = `(?:recu|recus|recue|recues|receptionne\w*|eu|parvenu\w*|arrive\w*|livre\w*)`
	// dteLink is a link to a DTE, not a password-reset link.
	dteLink = `(?:liens? (?:dte|ccp|candidats?|jury|organisateurs?|zo|de telechargement|dematerialises?|des? (?:dte|sujets?|dossiers?))|les liens)\b`
)

// deliveryCues cover envelopes that did not come, questions about when
// they will, and complaints about the service.
var deliveryCues = []cue{
	c(MissingEnvelopes, 1.0, "says the envelopes or links were not received", `\b(?:pas|jamais|toujours rien|rien) (?:encore |toujours )?`+receivedW+` (?:les |le |la |l'|nos |notre |aucun |aucune |de |d'|des |ces |vos )?(?:\w+ )?`+shippedW+`\b`),
	c(MissingEnvelopes, 1.0, "says the envelopes have not arrived", `\b`+shippedW+`\b`+sent+`{0,60}\b(?:ne (?:nous )?(?:sont|est|soit|sont) (?:toujours |encore |jamais )?(?:pas|jamais) (?:encore )?(?:arrive|parvenu|livre|recu)\w*|non (?:recu|parvenu|livre|arrive)\w*|(?:toujours )?(?:pas|jamais) (?:encore )?(?:arrive|parvenu|livre|recu)\w*|manqu\w+|introuvables?)`),
	c(MissingEnvelopes, 0.9, "says the envelopes are still not there", `\b(?:n'(?:a|avons|ai|ont)|on a|nous avons) (?:toujours|encore|jamais) (?:pas|rien|aucun\w*) (?:les |de |des |nos |d'|le |la )?(?:\w+ )?`+shippedW+`\b|\btoujours (?:pas|rien|aucun\w*) (?:de |les |nos )?`+shippedW+`\b`),
	c(MissingEnvelopes, 0.9, "says neither was received", `\b(?:recu|eu) ni (?:le|la|les|l')|\bne (?:l'|les |le |la )?(?:avons|a|ont|ai) (?:jamais |toujours pas |pas )?(?:recu|vu|eu)\w*`),
	c(MissingEnvelopes, 0.7, "cannot find a link or a file", `\bne (?:trouvons|trouve|trouvent) pas (?:le|les|la|un|une|de) (?:lien|liens|mail|fichier|dossier|colis|pli|plis|enveloppe)`),
	c(MissingEnvelopes, 0.6, "asks to send it again", `\b(?:renvoyer|renvoyez|re-?envoyer|retransmettre|reexpedier)\b`+sent+`{0,30}\b(?:liens?|plis|enveloppes?|dte|mail|colis)\b|\b(?:nous|me) (?:le|les|la) renvoyer\b`),
	c(MissingEnvelopes, 0.4, "mentions the carrier", `\b(?:transporteur|la poste|chronopost|colissimo|livreur|bordereau)\b`),
	c(MissingEnvelopes, 0.6, "says they expected to receive it", `\b(?:devions|devrions|aurions du|pensions|etions censes?) (?:deja )?recevoir\b`),
	c(MissingEnvelopes, 0.8, "says nothing was received", `\b(?:(?:on|nous|je) n'(?:a|avons|ai) (?:toujours |encore |absolument )?rien(?: (?:recu|eu))?\b|rien recu|rien (?:a l'accueil|au courrier|dans (?:la|notre) boite)|aucun (?:colis|pli|envoi|courrier)|rien (?:n'est )?(?:arrive|parvenu) )`),
	c(MissingEnvelopes, 0.6, "says the envelopes are not there yet", `\b(?:toujours )?pas (?:encore )?(?:recu|arrive|parvenu|livre)s?\b`),
	c(MissingEnvelopes, 0.8, "says part of the shipment is missing", `\b(?:(?:colis|envoi|livraison|commande) incomplet\w*|il (?:nous )?manque|manque (?:les|des|un|une|le|la)|manquant\w*|second colis|deuxieme colis|mais pas (?:les|le|la|ceux|celles|celui|encore)|ne (?:sont|est) pas dedans|ne contient que|colis \d ?/ ?\d)\b`),
	c(MissingEnvelopes, 0.9, "says a link does not open", `\b`+dteLink+``+sent+`{0,60}\b(?:ne (?:s'ouvre|s'ouvrent|fonctionne|fonctionnent|marche|marchent|repond|repondent) (?:pas|plus)|inaccessibles?|expires?|invalides?|errone\w*|renvoie\w* (?:une|un message d')?erreur|erreur 40\d|page introuvable)`),
	c(MissingEnvelopes, 0.6, "says a link is inactive", `\b`+dteLink+``+sent+`{0,40}\binactifs?\b`),
	c(MissingEnvelopes, 0.7, "cannot open or download the files", `\b(?:impossible|n'arrive pas|n'arrivons pas|ne parvenons pas|ne parviens pas) (?:a |d')(?:ouvrir|acceder|telecharger)\b`),
	c(MissingEnvelopes, 0.3, "says the session is close", `\b(?:(?:dans|a) moins de (?:deux|2|quinze|15|dix|10|huit|8) (?:semaines|jours)|a j-\d+|j-\d+|la session (?:est|a lieu|commence) (?:dans|lundi|mardi|mercredi|jeudi|vendredi|demain|la semaine prochaine)|session (?:de|d')\s?(?:demain|apres-demain|lundi|mardi|mercredi|jeudi|vendredi))`),
	c(MissingEnvelopes, 0.4, "asks for a tracking number", `\b(?:numero de suivi|suivi (?:du colis|de l'envoi|de (?:la )?livraison)|verifier l'envoi|en cours d'acheminement|perdu par (?:la poste|le transporteur)|ou en est (?:l'envoi|la livraison|l'expedition|notre commande|le colis))\b`),

	c(RequestTiming, 1.0, "asks when something will be sent or open", `\bquand\b`+sent+`{0,80}\b(?:recevr\w*|recevoir|expedi\w*|envoy\w*|envoi|transmi\w*|parvien\w*|arriver\w*|livr\w*|ouvr\w*|activ\w*|disponibles?|accessibles?|faire (?:la|notre|nos) demandes?|demander)`),
	c(RequestTiming, 0.9, "asks for a date or a delay", `\b(?:a quelle (?:date|periode|echeance)|a partir de (?:quand|quelle date|quel (?:jour|moment))|a quel moment|quel jour|quelle semaine|jusqu'a quand|jusqu'a quelle date|dans quels? delais?|quels? (?:est le |sont les )?delais?|combien de temps|sous combien de|(?:date|periode) (?:d'envoi|d'expedition|de livraison|limite|d'ouverture|d'activation|de reception))\b`),
	c(RequestTiming, 0.8, "asks whether it is too late to request", `\b(?:trop tard|hors delai|delai (?:est )?(?:depasse|passe|ecoule)|date limite (?:est )?(?:depassee|passee)|encore (?:possible|temps)|en retard pour (?:faire|la demande)|3 mois ?\+ ?1 ?j\w*|trois mois (?:et|\+) (?:un|1) jour)`),
	c(RequestTiming, 0.8, "says a link is not active yet", `\b(?:pas encore (?:actif|active|ouvert|ouverte|disponible|accessible|activee?|fonctionnel)s?|ne (?:fonctionne|fonctionnent|marche|marchent|s'ouvre|s'ouvrent) pas encore|n'est pas encore (?:actif|ouvert|disponible|accessible)|ne sont pas encore (?:actifs|ouverts|disponibles|accessibles))\b`),
	c(RequestTiming, 0.8, "asks when the links open", `\b`+dteLink+sent+`{0,60}\b(?:s'ouvri\w*|s'activ\w*|seront (?:actifs|ouverts|accessibles|disponibles|actives)|(?:ouverts?|actifs?|accessibles?|disponibles?) (?:le|des|a partir|la veille|le matin))`),
	c(RequestTiming, 0.5, "asks when links open", `\b(?:s'ouvri\w*|s'activ\w*|ouverture des liens|activation des liens|seront (?:actifs|ouverts|accessibles|disponibles|expedies|envoyes))\b`),
	c(RequestTiming, 1.0, "asks when to make the DTE request", `\bquand (?:faire|faut-il faire|devons-nous faire|pouvons-nous faire|peut-on faire|deposer|saisir) (?:la|notre|nos|une) demandes?\b|\b(?:date limite|delai) (?:de|pour) (?:la )?demande\b`),
	c(RequestTiming, 0.6, "asks about a coming shipment", `\b(?:recevrons|recevrez|recevra|recevront|seront (?:expedies|envoyes|livres|transmis)|sera (?:transmis|envoye|expedie|livre)|nous sera (?:transmis|envoye)|allez-vous (?:nous |me )?(?:envoyer|expedier|transmettre))\b`),
	c(RequestTiming, 0.5, "asks about making the DTE request", `\b(?:faire|deposer|saisir|effectuer|envoyer) (?:la|notre|une|nos) demandes? (?:de dte|dans ceres)`),
	c(RequestTiming, 0.3, "mentions a delay", `\bdelais?\b`),
	c(RequestTiming, 0.3, "asks whether it is normal", `\best-ce normal\b|\bc'est normal\b`),

	c(Complaint, 0.8, "angry tone", `\b(?:mecontent\w*|inadmissible|inacceptable|scandal\w*|intolerable|deplorable|deplorons|exasper\w*|insupportable|lamentable|honteu\w*|incomprehensible|regrettable|regrettons|je ne comprends pas|pas (?:capables?|serieux)|incapables?)\b`),
	c(Complaint, 0.6, "says the files were unusable", `\b(?:illisibles?|inutilisables?|impression (?:trop )?(?:pale|illisible|de mauvaise qualite)|mal imprime\w*|pages? (?:blanches|vierges))\b`),
	c(Complaint, 0.5, "says they have been waiting a long time", `\bcela fait (?:maintenant |deja |plus de )?(?:\w+ )?(?:jours|semaines|mois) que\b|\b(?:j'attends|nous attendons|attendons) (?:toujours |encore |depuis )?(?:une|votre|vos|des) (?:reponse|retour|nouvelles)`),
	c(Complaint, 0.9, "calls it a complaint ('réclamation')", `\b(?:reclamation|plainte|doleances?)\b`),
	c(Complaint, 0.6, "reports a malfunction", `\b(?:grave )?dysfonctionnements?\b|\bserieux probleme\b|\bgrave probleme\b`),
	c(Complaint, 0.5, "says it keeps happening", `\b(?:(?:pas|plus) la premiere fois|(?:troisieme|deuxieme|quatrieme|\d+e|\d+eme|nouvelle|enieme) (?:fois|relance|erreur|incident|probleme|retard)|encore une fois|a (?:nouveau|plusieurs reprises)|de nouveau|une fois de plus|repetes?|recurrent\w*)\b`),
	c(Complaint, 0.6, "says earlier mails were not answered", `\b(?:sans (?:aucune )?(?:reponse|retour|nouvelles)|(?:aucune?|pas|jamais|ni|toujours pas) (?:eu |recu |obtenu )?(?:de |d'|la moindre |une )?(?:reponse|retour|accuse de reception|nouvelles)|restee? sans reponse|personne ne (?:repond|nous a repondu|m'a repondu))\b`),
	c(Complaint, 0.4, "sends a reminder", `\brelanc\w*`),
	c(Complaint, 0.8, "asks for reimbursement or compensation", `\b(?:rembours\w*|prise en charge des frais|dedommag\w*|indemni\w*|geste commercial|compensation)\b`),
	c(Complaint, 1.0, "says a parcel arrived damaged or opened", `\b(?:colis|plis?|enveloppes?|cartons?)\b`+sent+`{0,50}\b(?:abime|endommage|dechire|ouvert|decachete|mouille|ecrase|perce|descelle)\w*`),
	c(Complaint, 0.9, "says wrong files were sent", `\b(?:mauvais (?:dte|sujets?|titres?|dossiers?|fichiers?|millesime|plis)|(?:dte|sujets?|dossiers?|fichiers?|plis) (?:errone|incorrect|d'un autre titre)\w*|pas (?:le|les) bons? (?:dte|sujets?|dossiers?|titres?|fichiers?|plis))\b`),
	c(Complaint, 0.9, "says other files were sent instead", `\b(?:envoye|expedie|recu|transmis|livre)\w* (?:les |le |la |des |un |une )?(?:dte|dossiers?|sujets?|plis|enveloppes?|colis)\b`+sent+`{0,80}\bau lieu (?:de|du|des)\b|\b(?:les|le) bons? (?:dte|dossiers?|sujets?|plis)\b`),
	c(Complaint, 0.3, "mentions an error", `\berreurs?\b`),
	c(Complaint, 0.4, "reports errors in the files", `\b(?:erreurs?|incoherences?|pages? manquante?s?|manquait|manquaient)\b`+sent+`{0,40}\b(?:dans|sur|de) (?:le|les|nos|notre|l')\s?(?:fichiers?|dte|dossiers?|envoi|sujets?|plis|enveloppes?|annexes?)`),
	c(Complaint, 0.7, "asks for an explanation or measures", `\b(?:j'attends|nous attendons|attendons|souhaitons obtenir|exigeons|demandons) (?:une|des) (?:explications?|reponse ecrite|mesures|excuses)|\bquelles (?:mesures|dispositions)\b|\b(?:mesures|dispositions) (?:qui seront )?prises\b|\bdes explications\b|\bne se reproduise (?:pas|plus)\b`),
	c(Complaint, 0.5, "complains of late delivery", `\b(?:livre|arrive|recu|parvenu)e?s? (?:la veille|le jour meme|trop tard|en retard|le matin meme|apres la session)\b|\bretards?\b`),
	c(Complaint, 0.4, "describes the harm done", `\b(?:perd\w* (?:une|la|notre|toute la|un temps|du temps) ?(?:journee|matinee|precieux)?|credibilite|image de (?:notre|nos|l')|mis en difficulte|met en difficulte|dans l'incertitude|renvoyer (?:tout le monde|les candidats))\b`),
	c(Complaint, 0.5, "calls it abnormal", `\b(?:anormal|pas normal|inadmissible)\b`),
}
