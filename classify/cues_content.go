package classify

// contentCues cover questions on the content of a DTE, CERES problems and
// the final interview grid.
var contentCues = []cue{
	c(EngineeringQuestion, 0.6, "mentions the DTE's material list", `\b(?:liste|fiche) (?:du |de |des )?(?:materiel|materiaux|matiere|denrees|outillage|equipements?|consommables|fournitures|ingredients)\b|\bfiche technique\b`),
	c(EngineeringQuestion, 0.4, "refers to a part of the test", `\b(?:mise en situation|epreuve (?:ecrite|pratique|orale)|entretien technique|questionnaire professionnel|dossier (?:candidat|jury|organisateur)|etude de cas|sujet de l'epreuve|cas pratique)\b`),
	c(EngineeringQuestion, 0.6, "asks about a test duration", `\b(?:duree|temps) (?:de l'epreuve|de l'examen|d'epreuve|de la mise en situation|imparti\w*|de passage)\b|\bduree\b`+sent+`{0,40}\b(?:epreuve|examen|mise en situation)\b`),
	c(EngineeringQuestion, 0.6, "points out an inconsistency in the DTE", `\b(?:incoherence\w*|contradiction\w*|contradictoire\w*|ne correspond(?:ent)? pas|different\w* (?:entre|de celle|de celui)|alors que (?:le|la|les) (?:dte|plan|tableau|annexe|sujet)|coquille|faute de frappe)\b`),
	c(EngineeringQuestion, 0.7, "asks whether a substitute is allowed", `\b(?:(?:peut-on|peut on|pouvons-nous|pouvons nous|est-il possible de|est-ce possible de|serait-il possible de) (?:le |la |les |l')?(?:remplacer|substituer|utiliser|adapter|modifier)|remplac\w* par|substitu\w*|equivalen\w*|conviendrait|convient-il|convient-elle|est-ce acceptable|serait acceptable|acceptable|autorise\w*|toleree?)\b`),
	c(EngineeringQuestion, 0.6, "asks whether their own equipment will do", `\b(?:sur|avec) (?:ce|cet|cette|ces|notre|nos) (?:materiel|machines?|equipements?|modeles?|outillage|logiciel|poste|installation)\b|\b(?:d'une |d'un )?autre (?:marque|fabricant|fournisseur|modele|reference)\b|\bmodele (?:equivalent|similaire|identique|different)\b|\bde (?:meme|memes) (?:diametre|taille|puissance|dimensions?|caracteristiques|epaisseur)\b|\b(?:sont|est)-(?:ils|elles|il|elle) (?:admis|admise|acceptes?|toleres?|valables?|conformes?)\b`),
	c(EngineeringQuestion, 0.7, "asks whether the DTE must be corrected", `\b(?:faut-il|doit-on|devons-nous|dois-je) (?:le |la |les |l')?(?:corriger|modifier|rectifier|adapter|mettre a jour)\b`),
	c(EngineeringQuestion, 0.5, "suspects an error in the DTE", `\b(?:il y a (?:une|un) (?:erreur|coquille|oubli)|semble(?:nt)? errone\w*|n'est pas (?:le bon|la bonne|celui|celle) |obsolete|n'est (?:plus )?pas a jour)`),
	c(EngineeringQuestion, 0.5, "says their equipment differs", `\b(?:nous n'avons que|nous ne disposons que|nous disposons (?:uniquement|seulement)|nous avons (?:uniquement|seulement)|notre (?:fournisseur|plateau|atelier))\b`),
	c(EngineeringQuestion, 0.5, "asks whether it is a problem for the test", `\b(?:pose(?:-t-il)? (?:un )?probleme|est-ce (?:genant|bloquant|grave)|cela change-t-il|impact sur (?:l'epreuve|la notation|l'evaluation))\b`),
	c(EngineeringQuestion, 0.4, "quotes what the DTE requires", `\b(?:le|la) (?:dte|sujet|dossier|grille|annexe|fiche)\b`+sent+`{0,60}\b(?:impose|exige|demande|prevoit|indique|mentionne|precise|stipule)\b`),
	c(EngineeringQuestion, 0.3, "mentions a test duration", `\b\d+ ?(?:h|heures?|minutes?|min)\b|\btemps de (?:lecture|preparation|passage)\b`),
	c(EngineeringQuestion, 0.3, "talks about equipment or materials", `\b(?:materiel|materiaux|matiere|outillage|machines?|toles?|epaisseur|diametre|nuance|acier|fournisseur|denrees?|ingredients?|quantites?|grammage|coffrets?|disjoncteur|differentiel|cables?|tuyau\w*|parpaing\w*|enduit|peinture|logiciel|poste de travail|plateau technique|consommables)\b`),
	c(EngineeringQuestion, 0.4, "mentions the marking scheme or the plans", `\b(?:bareme|grille d'evaluation|criteres? d'evaluation|corrige|notation|plans?|schemas?|cotations?|chanfrein)\b`),
	c(EngineeringQuestion, 0.3, "refers to the content of the DTE", `\b(?:dans|sur) (?:le |la )?(?:dte|dossier technique|sujet|corrige|annexe|zo)\b|\bdte (?:organisateur|papier)\b`),
	c(EngineeringQuestion, 0.4, "asks to pass the question to an engineer", `\b(?:ingenieurs? (?:de formation|pedagogique)|personne competente|service competent|transmettre (?:a|au|aux) (?:l'ingenieur|la personne|qui de droit))\b`),

	c(CeresSupport, 0.8, "an account or login problem", `\b(?:me connecter|se connecter|connexion|identifiants?|login|mot de passe|mdp|reinitialis\w*|compte (?:ceres|utilisateur)|compte\b`+sent+`{0,30}\b(?:verrouill|bloqu|desactiv|suspendu|inactif|supprim|expir)\w*|(?:creer|obtenir|ouvrir) un compte|creation (?:de |d'un )?compte|acces a ceres|aucun acces|droits? (?:d'acces|sur (?:mon|le) compte|utilisateur))\b`),
	c(CeresSupport, 1.0, "a problem using CERES", `\bceres\b`+sent+`{0,120}\b(?:erreur|bug|bloque\w*|plante|ne fonctionne|message d'erreur|impossible|n'arrive pas|ne trouve pas|n'apparai\w*|ou saisir|comment saisir|onglet|champ|bouton|ecran|page blanche|ne s'affiche)|\b(?:erreur|bug|plante|message d'erreur|impossible de|n'arrive pas a|ne trouve pas|ou saisir|comment saisir|onglet|bouton)\b`+sent+`{0,120}\bceres\b`),
	c(CeresSupport, 0.8, "says what CERES answers", `\bceres\b`+sent+`{0,40}\b(?:m'indique|m'affiche|affiche|renvoie|refuse|rejette|me dit|signale|repond)\b`),
	c(CeresSupport, 0.4, "describes entering data", `\b(?:lorsque|quand|en|des que) (?:je |j'|nous )?(?:saisis|saisissons|saisissant|clique|cliquons|cliquant|valide|validons|validant|renseigne|renseignons|enregistre)\b`),
	c(CeresSupport, 0.7, "says a right or a menu is missing", `\b(?:pas|plus) (?:les |de |le )?droits?\b|\bhabilitations?\b|\bgrisee?s?\b|\b(?:menu|onglet|bouton|champ)\b`+sent+`{0,40}\b(?:n'apparai\w*|absent|introuvable|grise\w*|inactif|manque)`),
	c(CeresSupport, 0.5, "says what they do in CERES", `\b(?:saisir|creer|renseigner|declarer|enregistrer|valider) (?:\w+ ){1,3}dans ceres\b`),
	c(CeresSupport, 0.5, "reports an error message", `\b(?:message d'erreur|erreur technique|code (?:d'erreur )?\d{3}|capture d'ecran|ecran d'erreur)\b`),
	c(CeresSupport, 0.4, "asks for a user guide", `\b(?:guide (?:d')?utilisat\w*|mode d'emploi|tutoriel|notice d'utilisation|documentation)\b`),
	c(CeresSupport, 0.5, "asks where to enter something", `\b(?:ou|comment) (?:saisir|renseigner|enregistrer|declarer|indiquer|trouver)\b`),
	c(CeresSupport, 0.5, "mentions the ministries' assistance portal", `\bassistance (?:des ministeres|emploi)|\bportail (?:de l')?assistance\b`),

	c(FinalInterviewGrid, 1.4, "asks for the 'grille d'entretien final'", `\bgrilles? (?:d'|d |de l'|de |du |pour l')?entretiens? finals?\b|\bgrilles? (?:ef|gef)\b`),
	c(FinalInterviewGrid, 0.6, "mentions the final interview", `\bentretiens? finals?\b`),
	c(FinalInterviewGrid, 0.7, "validation of a title by capitalising CCPs", `\bcapitalis\w*\b`),
	c(FinalInterviewGrid, 0.3, "CCPs obtained separately", `\bccp\w*\b`+sent+`{0,60}\b(?:separement|successivement|deja (?:obtenus|valides))\b|\b(?:separement|successivement)\b`+sent+`{0,60}\bccp`),
}
