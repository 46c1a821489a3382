package classify

// replyCues cover thanks and receipts (nothing to answer) and the topics
// that always need a human (billing, diplomas, contact changes).
var replyCues = []cue{
	c(Acknowledgement, 1.0, "thanks for the answer or the sending", `\bmerci (?:beaucoup |bien |infiniment |mille fois |encore )?(?:pour|de) (?:votre|vos|ce|cette|la|le|l'|les|ton|ta|tes|cet)\s?\w+`),
	c(Acknowledgement, 0.8, "says the problem is solved", `\b(?:finalement (?:ete )?(?:retrouve|arrive|recu|parvenu)\w*|c'est (?:regle|resolu|bon|ok)|(?:probleme|souci) (?:resolu|regle)|tout est (?:rentre dans l'ordre|en ordre|complet|ok)|fausse alerte|desolee? pour le derangement|ca (?:marche|fonctionne)(?: maintenant)?|tout fonctionne)\b`),
	c(Acknowledgement, 0.6, "says they have it now", `\b(?:j'ai|nous avons|on a) bien (?:le|la|les|l'|recu|eu)\b`),
	c(Acknowledgement, 0.9, "thanks GEV", `\b(?:je vous|nous vous) remerci\w* (?:pour|de) (?:votre|vos|ce|cette|la|le|l'|les)\b`),
	c(Acknowledgement, 1.0, "confirms receipt ('bien reçu', 'c'est noté')", `\b(?:c'est (?:bien )?(?:note|recu|enregistre|parfait|clair)|bien (?:note|recu|pris en compte|enregistre)|bonne reception|bien (?:arrive|parvenu)e?s?|parfait,? merci|tres bien,? merci|entendu,? merci)\b`),
	c(Acknowledgement, 0.6, "says the envelopes arrived", `\b(?:nous avons|j'ai|avons|on a) (?:bien )?(?:recu|receptionne)\b`),
	c(Acknowledgement, 0.3, "passes it on internally", `\bje (?:la|le|les) transmets\b|\bje transmets (?:au|aux|a)\b|\bnous (?:la|le|les) transmettons\b`),
	c(Acknowledgement, 0.7, "agrees ('d'accord', 'entendu')", `^(?:bonjour,? )?(?:d'accord|entendu|tres bien|ok|parfait|compris|bien compris|c'est compris|super|top|bien note|recu|bien recu)\b`),
	c(Acknowledgement, 0.6, "will follow the advice", `\b(?:je|nous|on) (?:vais |allons |va )?(?:contacte\w*|prends contact|prenons contact|me rapproche|nous rapprochons|appelle|appelons|ecris|ecrivons|voir avec)\b (?:avec |de |a )?(?:la|notre|leur) (?:dreets|ddets)\b`),
	c(Acknowledgement, 0.6, "a short thank-you", `^(?:\S+ ){0,8}merci\b\S*(?: \S+){0,8}$`),
	c(Acknowledgement, 0.2, "says 'merci'", `\bmerci\b`),

	c(Other, 0.8, "about billing or an order", `\b(?:factur\w*|devis|bon de commande|paiement|reglement|tarifs?|payant\w*|prix|montant)\b`),
	c(Other, 0.9, "about diplomas or results", `\b(?:duplicata|diplomes?|parchemin|attestation de (?:reussite|formation)|releve de notes|resultats? (?:de la session|de l'examen|des candidats|du jury)|proces-verbal|pv de jury|livret de certification|resultats)\b`),
	c(Other, 0.8, "a change of contact or postal address", `\b(?:demenag\w*|changement d'adresse|nouvelle adresse|nouvelles coordonnees|adresse generique|nouveau contact|nouvelle (?:interlocutrice|referente?|responsable|adresse mail)|mettre a jour (?:vos|votre) (?:listes?|fichiers?|coordonnees|carnet|annuaire))\b`),
	c(Other, 1.0, "asks for past exam papers", `\b(?:anciens? (?:sujets?|dte)|sujets? (?:d'entrainement|des sessions passees|de sessions passees)|examens? blancs?|annales|dte (?:de sessions passees|des sessions precedentes))\b`),
	c(Other, 0.5, "about jobs or placements", `\b(?:offre d'emploi|candidature spontanee|recrutement|cv)\b`),
}
