package classify

import "mailbot/classify/words"

// A cue is a list of French phrases that speak for a category. Cues are
// evidence for the model, never verdicts: each one found is a feature
// whose weight the training sets. They are written as concepts a GEV agent
// would name ("says the plis did not arrive"), in plain French that the
// package words folds and stems like the mail ("annulée" also finds
// "annulees", "annulation"); "…" lets up to words.MaxGap words come
// between. Never quote one sample mail: a cue must describe a way of
// saying things that any centre may use.
type cue struct {
	id    string   // feature name, after "q:"
	cat   Category // the category it speaks for; "" for the roles below
	role  cueRole
	label string // French, for the reasons agents read
	// problem: the cue states a problem or a question, so the message
	// cannot be a mere acknowledgement.
	problem bool
	phrases []string
}

// cueRole tells what the acknowledgement rule makes of a cue.
type cueRole int

const (
	evidence cueRole = iota
	thanks           // thanks or receipt: what an acknowledgement says
	signOff          // "merci d'avance": a closing, not thanks for something done
	request          // asks for something
)

// cues is every cue; the order is the order of the reasons.
var cues = []cue{
	// Cancellation: a session was cancelled.
	{id: "cancel.stated", cat: Cancellation, problem: true, label: "dit que la session est annulée", phrases: []string{
		"session annulée", "examen annulé", "certification annulée", "épreuve annulée", "validation annulée", "session supprimée",
		"est annulée", "été annulée", "sont annulées", "est supprimée", "été supprimée", "avons annulé", "a annulé", "ont annulé",
		"avons dû annuler", "a dû annuler", "annulation de la session", "annulation de notre session", "annulation de cette session", "annulons",
		"n'aura pas lieu", "ne se tiendra pas", "ne pourra pas avoir lieu", "ne pourra pas se tenir", "ne sera pas maintenue",
		"renoncer … session"}},
	{id: "cancel.word", cat: Cancellation, label: "parle d'annulation", phrases: []string{"annulation", "annulée", "annuler"}},
	{id: "cancel.reason", cat: Cancellation, label: "donne une raison d'annuler", phrases: []string{
		"faute de candidats", "faute de stagiaires", "faute d'inscrits", "faute de participants", "pas assez de candidats",
		"pas assez d'inscrits", "nombre … insuffisant", "effectif insuffisant", "désistement", "plus aucun candidat", "plus de candidat"}},
	{id: "cancel.stop", cat: Cancellation, problem: true, label: "demande d'arrêter l'envoi", phrases: []string{
		"arrêter l'envoi", "stopper l'envoi", "suspendre l'envoi", "bloquer l'envoi", "annuler l'envoi", "annuler l'expédition",
		"annuler la commande", "annuler notre demande", "ne pas envoyer", "ne pas expédier", "inutile d'envoyer", "pas la peine d'envoyer",
		"ne pas tenir compte"}},
	{id: "cancel.destroy", cat: Cancellation, label: "parle de détruire les plis", phrases: []string{"détruire", "destruction", "détruit"}},
	{id: "services", label: "évoque la DREETS/DDETS", phrases: []string{"dreets", "ddets", "direccte", "deets", "préfecture", "services de l'état"}},

	// Session change: a validated session moves or changes.
	{id: "change.moved", cat: SessionChange, problem: true, label: "dit que la session change de date", phrases: []string{
		"décaler", "décalage", "reporter", "report", "repousser", "déplacer", "avancer la session", "session … avancée",
		"nouvelle date", "nouvelles dates", "changement de date", "changer la date", "changer de date", "modifier la date",
		"modification de date", "modification de la date", "date … modifiée", "date … changée", "autre date"}},
	{id: "change.how", cat: SessionChange, problem: true, label: "demande comment modifier une session", phrases: []string{
		"comment … modifier", "comment … changer", "comment … annuler", "comment … reporter", "comment … décaler", "comment … déplacer",
		"possible d'annuler", "possible de modifier", "possible de reporter", "possible de décaler", "possible de déplacer",
		"souhaitons annuler", "souhaite annuler", "voudrions annuler", "voudrais annuler", "faut-il annuler", "pour annuler",
		"modifier … session", "modifier notre session", "changer … session", "modification … session", "changement … session",
		"procédure … modifier", "procédure … annuler", "démarche … modifier", "démarche … annuler"}},
	{id: "change.place", cat: SessionChange, problem: true, label: "parle d'un changement de lieu, de salle ou de jury", phrases: []string{
		"changement de lieu", "changement de salle", "changement de site", "changer de lieu", "changer de salle", "autre lieu", "autre site",
		"nouveau lieu", "nouvelle salle", "se déroulera … sur", "se tiendra … à", "changement de jury", "nouveau jury", "horaires"}},
	{id: "change.candidates", cat: SessionChange, label: "parle de candidats ajoutés ou retirés", phrases: []string{
		"candidat supplémentaire", "candidats supplémentaires", "ajouter … candidat", "ajout … candidat", "retirer … candidat",
		"retrait … candidat", "candidat en plus", "candidat en moins", "nombre de candidats", "inscrire … candidat", "désisté"}},
	{id: "change.dates", cat: SessionChange, label: "donne l'ancienne et la nouvelle date", phrases: []string{
		"au lieu du", "initialement prévue", "prévue initialement", "initialement", "et non plus", "et non le", "passe du … au"}},
	{id: "change.validated", cat: SessionChange, label: "dit que la modification est validée", phrases: []string{
		"modification … validée", "changement … validé", "report … validé", "modification … enregistrée", "validé … modification",
		"accepté … modification", "mis à jour … session", "modifié … ceres", "modification … ceres"}},

	// Missing envelopes: plis, parcel or links that did not come.
	{id: "missing.notreceived", cat: MissingEnvelopes, problem: true, label: "dit ne pas avoir reçu les plis ou les liens", phrases: []string{
		"pas reçu", "pas encore reçu", "jamais reçu", "rien reçu", "non reçu", "reçu aucun", "reçu aucune", "pas arrivé", "non arrivé",
		"pas parvenu", "non parvenu", "jamais parvenu", "pas livré", "non livré", "toujours rien", "toujours pas", "aucun pli", "aucun colis",
		"aucune enveloppe", "aucun envoi", "aucun courrier", "aucun lien", "aucun mail", "pas de pli", "pas de colis", "pas de lien",
		"ni les plis", "ni le colis", "rien à l'accueil", "rien au courrier", "rien n'est arrivé", "toujours en attente"}},
	{id: "missing.part", cat: MissingEnvelopes, problem: true, label: "dit qu'une partie de l'envoi manque", phrases: []string{
		"manque", "il manque", "manquant", "manquante", "manquent", "absent", "absente", "incomplet", "incomplète",
		"pas dedans", "ne contient que", "ne contenait que", "seulement … reçu", "uniquement … reçu", "qu'une partie"}},
	{id: "missing.link", cat: MissingEnvelopes, problem: true, label: "dit qu'un lien ou un fichier ne s'ouvre pas", phrases: []string{
		"lien … ne fonctionne pas", "lien … ne marche pas", "lien … ne s'ouvre pas", "lien … expiré", "lien … invalide", "lien … erreur",
		"lien … inaccessible", "lien … mort", "liens … ne fonctionnent pas", "impossible d'ouvrir", "impossible de télécharger",
		"impossible d'accéder", "n'arrive pas à ouvrir", "n'arrivons pas à ouvrir", "ne parvenons pas à ouvrir", "page introuvable",
		"erreur 404", "fichier corrompu", "ne s'ouvre pas", "ne s'ouvrent pas"}},
	{id: "missing.resend", cat: MissingEnvelopes, problem: true, label: "demande un nouvel envoi", phrases: []string{
		"renvoyer", "renvoyez", "réexpédier", "nouvel envoi", "retransmettre", "envoyer à nouveau", "envoyer de nouveau", "renvoi"}},
	{id: "missing.carrier", cat: MissingEnvelopes, label: "parle du transporteur ou du suivi", phrases: []string{
		"transporteur", "la poste", "chronopost", "colissimo", "livreur", "numéro de suivi", "suivi du colis", "suivi de l'envoi",
		"bordereau", "perdu", "égaré", "où en est", "avis de passage"}},
	{id: "missing.expected", cat: MissingEnvelopes, problem: true, label: "dit attendre les plis", phrases: []string{
		"devions recevoir", "aurions dû recevoir", "devrions recevoir", "attendons les plis", "attendons toujours", "attendons le colis",
		"en attente des plis", "en attente du colis", "pas encore là", "pas encore arrivé", "ont-ils été envoyés", "ont-ils été expédiés",
		"avez-vous envoyé", "avez-vous expédié", "bien été envoyé", "bien été expédié"}},
	{id: "shipment", label: "parle des plis, du colis ou des liens", phrases: []string{
		"pli", "enveloppe", "colis", "carton", "lien", "dte", "dossier", "sujet", "envoi", "courrier"}},
	{id: "soon", label: "dit que la session est proche", phrases: []string{
		"demain", "après-demain", "la semaine prochaine", "lundi prochain", "dans quelques jours", "dans 0 jours", "j-0", "au plus vite",
		"urgent", "urgence", "rapidement"}},

	// Complaint: the centre is unhappy with GEV's service.
	{id: "complaint.damaged", cat: Complaint, problem: true, label: "dit que le colis est arrivé abîmé ou ouvert", phrases: []string{
		"abîmé", "endommagé", "déchiré", "décacheté", "mouillé", "écrasé", "éventré", "détérioré", "descellé", "en mauvais état",
		"colis … ouvert", "enveloppe … ouverte", "pli … ouvert", "carton … ouvert", "enveloppes … ouvertes"}},
	{id: "complaint.wrong", cat: Complaint, problem: true, label: "dit que ce ne sont pas les bons documents", phrases: []string{
		"mauvais dte", "mauvais dossier", "mauvais sujet", "mauvais titre", "mauvais plis", "mauvaise version", "mauvaise session",
		"pas le bon", "pas les bons", "pas la bonne", "erroné", "erronés", "au lieu de", "ne correspond pas", "ne correspondent pas",
		"autre titre", "autre centre", "un autre centre", "pas pour nous", "ne nous concerne pas", "inversé", "interverti"}},
	{id: "complaint.angry", cat: Complaint, problem: true, label: "exprime du mécontentement", phrases: []string{
		"inadmissible", "inacceptable", "scandaleux", "intolérable", "déplorable", "mécontent", "mécontentement", "exaspéré", "lamentable",
		"honteux", "incompréhensible", "regrettable", "pas sérieux", "agacé", "excédé", "déçu", "déception", "insatisfait", "anormal",
		"pas normal", "inadmissible", "n'est pas acceptable", "c'est grave", "très grave", "problème grave", "dysfonctionnement"}},
	{id: "complaint.word", cat: Complaint, problem: true, label: "parle de réclamation", phrases: []string{"réclamation", "plainte", "reproche", "faire remonter", "signaler"}},
	{id: "complaint.unanswered", cat: Complaint, problem: true, label: "dit ne pas avoir eu de réponse", phrases: []string{
		"sans réponse", "aucune réponse", "pas de réponse", "pas eu de réponse", "jamais de réponse", "toujours pas de réponse",
		"personne ne répond", "personne ne m'a répondu", "relance", "relancer", "déjà écrit", "plusieurs mails", "plusieurs messages",
		"plusieurs fois", "aucun retour", "pas de retour", "sans nouvelles", "aucune nouvelle"}},
	{id: "complaint.again", cat: Complaint, problem: true, label: "dit que cela se répète", phrases: []string{
		"encore une fois", "à nouveau", "de nouveau", "une fois de plus", "deuxième fois", "troisième fois", "pas la première fois",
		"chaque session", "chaque fois", "à chaque fois", "récurrent", "systématiquement", "toujours le même"}},
	{id: "complaint.remedy", cat: Complaint, problem: true, label: "demande des explications ou réparation", phrases: []string{
		"explication", "des excuses", "rembourser", "remboursement", "dédommagement", "indemnisation", "prise en charge des frais",
		"ne se reproduise", "quelles mesures", "mesures", "responsabilité", "frais"}},
	{id: "complaint.late", cat: Complaint, problem: true, label: "se plaint d'un retard", phrases: []string{
		"retard", "en retard", "arrivé trop tard", "reçu trop tard", "la veille de la session", "le jour même", "le matin même",
		"après la session", "trop tard"}},
	{id: "complaint.harm", cat: Complaint, problem: true, label: "décrit le tort causé", phrases: []string{
		"perte de temps", "perdu une journée", "mis en difficulté", "met en difficulté", "crédibilité", "renvoyer les candidats",
		"candidats … attendre", "jury … attendre", "reporter … candidats", "illisible", "inutilisable", "pages blanches", "mal imprimé",
		"page manquante", "pages manquantes", "erreur dans", "erreurs dans"}},

	// Engineering question: the content of a DTE.
	{id: "eng.material", cat: EngineeringQuestion, label: "parle du matériel ou des matériaux de l'épreuve", phrases: []string{
		"liste du matériel", "liste de matériel", "fiche technique", "matériel", "matériaux", "matière", "outillage", "outil", "équipement",
		"consommables", "fournitures", "machine", "logiciel", "ingrédients", "denrées", "produit", "modèle", "marque", "référence",
		"dimensions", "épaisseur", "diamètre", "version"}},
	{id: "eng.part", cat: EngineeringQuestion, label: "parle d'une partie de l'épreuve", phrases: []string{
		"mise en situation", "épreuve pratique", "épreuve écrite", "épreuve orale", "entretien technique", "questionnaire professionnel",
		"questionnaire", "étude de cas", "cas pratique", "sujet de l'épreuve", "consigne", "consignes", "énoncé", "annexe", "zo",
		"dossier technique", "dossier organisateur", "document organisateur"}},
	{id: "eng.duration", cat: EngineeringQuestion, label: "parle de la durée d'une épreuve", phrases: []string{
		"durée", "temps imparti", "temps de préparation", "temps de passage", "minutes", "heures", "0 h", "0h", "chronométré"}},
	{id: "eng.substitute", cat: EngineeringQuestion, problem: true, label: "demande si un remplacement est admis", phrases: []string{
		"remplacer", "remplacé par", "équivalent", "substituer", "à la place", "autre marque", "autre modèle", "autorisé", "autorisée",
		"accepté", "toléré", "acceptable", "conforme", "peut-on utiliser", "pouvons-nous utiliser", "utiliser … autre", "adapter",
		"a-t-il le droit", "ont-ils le droit", "droit à", "calculatrice", "document autorisé"}},
	{id: "eng.inconsistent", cat: EngineeringQuestion, problem: true, label: "signale une incohérence dans le DTE", phrases: []string{
		"incohérence", "incohérent", "contradiction", "contradictoire", "coquille", "faute de frappe", "ne correspond pas", "différent",
		"différence entre", "erreur dans le sujet", "erreur dans le dte", "semble erroné", "obsolète", "plus à jour", "ambigu"}},
	{id: "eng.marking", cat: EngineeringQuestion, label: "parle de la notation ou des plans", phrases: []string{
		"barème", "grille d'évaluation", "critères", "critère", "notation", "noter", "corrigé", "plan", "schéma", "cotation", "cote",
		"évaluer", "évaluation", "compétence", "points"}},
	{id: "eng.engineer", cat: EngineeringQuestion, label: "demande l'avis d'un ingénieur", phrases: []string{
		"ingénieur", "ingénierie", "personne compétente", "service compétent", "responsable pédagogique", "référent technique"}},
	{id: "eng.how", cat: EngineeringQuestion, problem: true, label: "demande comment faire passer l'épreuve", phrases: []string{
		"faut-il", "doit-on", "le candidat peut-il", "les candidats peuvent-ils", "le candidat doit-il", "les candidats doivent-ils",
		"le jury peut-il", "le jury doit-il", "est-ce que le candidat", "est-ce que les candidats", "comment interpréter", "comment comprendre"}},

	// CERES support: logging in to or using CERES.
	{id: "ceres.login", cat: CeresSupport, problem: true, label: "un problème de compte ou de connexion", phrases: []string{
		"se connecter", "me connecter", "nous connecter", "connexion", "identifiant", "identifiants", "mot de passe", "mdp", "login",
		"réinitialiser", "réinitialisation", "compte bloqué", "compte verrouillé", "compte désactivé", "compte … bloqué",
		"créer un compte", "création de compte", "création d'un compte", "ouvrir un compte", "accès à ceres", "pas accès", "plus accès",
		"accéder à ceres", "code d'activation", "habilitation", "droits d'accès"}},
	{id: "ceres.use", cat: CeresSupport, problem: true, label: "un problème d'utilisation de CERES", phrases: []string{
		"ceres … erreur", "ceres … bug", "ceres … bloqué", "ceres … bloque", "ceres … impossible", "ceres … n'arrive pas",
		"ceres … ne trouve pas", "ceres … plante", "ceres … affiche", "ceres … message", "erreur … ceres", "impossible … ceres",
		"message d'erreur", "erreur technique", "capture d'écran", "écran", "bouton", "onglet", "menu", "champ", "grisé", "case",
		"page blanche", "ne s'affiche pas", "n'apparaît pas", "plante", "bug", "beug", "bugue"}},
	{id: "ceres.enter", cat: CeresSupport, label: "parle de saisir dans CERES", phrases: []string{
		"saisir", "saisie", "renseigner", "enregistrer … ceres", "valider … ceres", "déclarer … ceres", "dans ceres", "sur ceres",
		"où saisir", "comment saisir", "où trouver", "où renseigner"}},
	{id: "ceres.word", cat: CeresSupport, label: "évoque CERES", phrases: []string{"ceres", "application", "plateforme", "portail"}},
	{id: "ceres.guide", cat: CeresSupport, label: "demande un guide", phrases: []string{"guide utilisateur", "mode d'emploi", "tutoriel", "notice"}},

	// Request timing: when to request, when things ship or open.
	{id: "timing.when", cat: RequestTiming, problem: true, label: "demande une date ou un délai", phrases: []string{
		"quand", "à quelle date", "quelle date", "à partir de quand", "quel délai", "quels délais", "combien de temps", "dans quel délai",
		"jusqu'à quand", "date limite", "au plus tard", "à quel moment", "quelle semaine", "quel jour", "sous combien", "délai"}},
	{id: "timing.late", cat: RequestTiming, problem: true, label: "demande s'il est trop tard pour demander", phrases: []string{
		"trop tard", "hors délai", "délai dépassé", "délai … passé", "encore possible", "encore temps", "en retard pour", "0 mois",
		"trois mois", "oublié de faire la demande", "pas encore fait la demande", "oublié … demande"}},
	{id: "timing.links", cat: RequestTiming, problem: true, label: "demande quand les liens s'ouvrent", phrases: []string{
		"liens … actifs", "lien … actif", "lien … ouvert", "liens … ouverts", "s'ouvrir", "s'ouvriront", "s'ouvrira", "ouverture des liens",
		"activation", "activer", "activé", "pas encore actif", "pas encore ouvert", "pas encore disponible", "pas encore accessible",
		"ne fonctionne pas encore", "ne s'ouvre pas encore", "disponible"}},
	{id: "timing.request", cat: RequestTiming, label: "parle de faire la demande de DTE", phrases: []string{
		"faire la demande", "faire notre demande", "faire une demande", "demande de dte", "commander", "passer commande",
		"déposer la demande", "déposer une demande", "demander les dte", "commande de dte"}},
	{id: "timing.ship", cat: RequestTiming, label: "demande quand les plis partiront", phrases: []string{
		"recevrons", "recevrez", "recevront", "recevra", "seront envoyés", "seront expédiés", "sera envoyé", "sera expédié", "allez-vous envoyer",
		"expédition", "date d'envoi", "date d'expédition", "date de livraison", "partiront", "envoyés quand", "expédiés quand"}},

	// Final interview grid: a title by capitalising CCPs.
	{id: "grid.asked", cat: FinalInterviewGrid, problem: true, label: "demande la grille d'entretien final", phrases: []string{
		"grille d'entretien final", "grille … entretien final", "grille de l'entretien", "grille ef", "grille gef", "gef"}},
	{id: "grid.interview", cat: FinalInterviewGrid, label: "parle de l'entretien final", phrases: []string{"entretien final", "entretien finale"}},
	{id: "grid.capitalise", cat: FinalInterviewGrid, label: "parle de capitaliser des CCP", phrases: []string{
		"capitalisation", "capitaliser", "capitalisé", "ccp … séparément", "ccp … obtenu", "ccp … validé", "ccp … acquis", "valider le titre",
		"titre complet", "tous les ccp", "ensemble des ccp", "dernier ccp", "bloc de compétences", "parcours … ccp"}},

	// Other: matters for a human (billing, diplomas, contacts, jobs).
	{id: "other.billing", cat: Other, problem: true, label: "parle de facture ou de paiement", phrases: []string{
		"facture", "facturation", "devis", "bon de commande", "paiement", "règlement", "tarif", "prix", "montant", "payer", "coût", "avoir"}},
	{id: "other.diploma", cat: Other, problem: true, label: "parle de diplômes ou de résultats", phrases: []string{
		"diplôme", "duplicata", "parchemin", "attestation", "relevé de notes", "résultats", "procès-verbal", "pv", "livret", "certificat"}},
	{id: "other.contact", cat: Other, problem: true, label: "signale un changement de contact ou d'adresse", phrases: []string{
		"changement d'adresse", "nouvelle adresse", "nouvelles coordonnées", "coordonnées", "nouveau contact", "nouvelle responsable",
		"nouveau responsable", "nouvelle interlocutrice", "nouvel interlocuteur", "déménagement", "déménager", "quitte", "départ",
		"remplace", "remplaçante"}},
	{id: "other.jobs", cat: Other, problem: true, label: "parle d'emploi ou de stage", phrases: []string{
		"offre d'emploi", "candidature spontanée", "recrutement", "cv", "stage", "poste à pourvoir"}},

	// What the acknowledgement rule reads.
	{id: "ack.thanks", role: thanks, label: "remercie", phrases: []string{
		"merci pour votre retour", "merci pour votre réponse", "merci pour … réponse", "merci pour … retour", "merci pour … envoi",
		"merci pour … information", "merci pour … précision", "merci pour … rapidité", "merci pour … réactivité", "merci pour … message",
		"merci de votre retour", "merci de votre réponse", "merci de … réponse", "merci de … réactivité", "merci beaucoup", "merci bien",
		"mille mercis", "merci infiniment", "je vous remercie", "nous vous remercions", "remerciements", "merci à vous", "merci encore", "merci"}},
	{id: "ack.receipt", role: thanks, label: "accuse réception", phrases: []string{
		"bien reçu", "bonne réception", "bien arrivé", "bien parvenu", "reçu … pli", "reçu … colis", "reçu … lien", "reçu … dte",
		"reçu … enveloppe", "avons reçu", "ai reçu", "réceptionné", "c'est noté", "bien noté", "pris bonne note", "prends note",
		"prenons note", "bien enregistré", "pris en compte", "parfait", "très bien", "c'est clair", "compris", "d'accord", "entendu", "ok",
		"réglé", "résolu", "ça fonctionne", "ça marche", "tout fonctionne", "tout est en ordre", "tout est bon", "c'est bon",
		"retrouvé", "finalement", "fausse alerte", "je vais contacter", "nous allons contacter", "nous contactons", "je contacte",
		"prendre contact", "nous rapprocher", "me rapprocher", "je transmets", "nous transmettons"}},
	{id: "ack.signoff", role: signOff, label: "formule de politesse", phrases: []string{
		"merci d'avance", "par avance", "en vous remerciant", "merci de votre aide", "merci pour votre aide", "merci de votre compréhension",
		"dans l'attente", "en attente de votre retour", "bonne journée", "bonne fin de journée", "bonne soirée", "bien à vous",
		"salutations", "sincères salutations", "cordialement"}},
	{id: "request", role: request, problem: true, label: "pose une question ou fait une demande", phrases: []string{
		"pouvez-vous", "pourriez-vous", "pouvez vous", "pourriez vous", "merci de nous", "merci de me", "merci de bien vouloir", "merci de faire",
		"merci de transmettre", "merci d'indiquer", "merci de confirmer", "merci de vérifier", "merci d'envoyer", "merci de renvoyer",
		"merci de préciser", "merci de ne", "merci de le", "merci de la", "merci de les", "je souhaiterais", "je souhaite", "nous souhaitons",
		"nous souhaiterions", "j'aimerais", "nous aimerions", "je voudrais", "nous voudrions", "serait-il possible", "est-il possible",
		"est-ce possible", "auriez-vous", "avez-vous", "veuillez", "je vous saurais gré", "besoin", "dois-je", "devons-nous", "peut-on",
		"pouvons-nous", "puis-je", "que faire", "comment faire", "que devons-nous", "comment", "pourquoi", "est-ce que", "savoir si",
		"me dire", "nous dire", "nous indiquer", "m'indiquer", "me confirmer", "nous confirmer", "qu'en est-il", "on en fait quoi",
		"que fait-on", "quelle est la procédure", "quelle démarche", "marche à suivre"}},
}

// cueSet finds every cue's phrases in one pass.
var cueSet = words.MustCompile(cuePhrases())

func cuePhrases() [][]string {
	lists := make([][]string, len(cues))
	for i, k := range cues {
		lists[i] = k.phrases
	}
	return lists
}

// cuePrior is the weight a cue starts with for its category before
// training: the rules' knowledge, which the examples then confirm or
// correct. A cue no example shows keeps it, so a way of saying things
// that the training mail lacks still counts.
const cuePrior = 2.0

// Prior is the model's starting weights: each cue for its category, in
// the body and, less, in the subject. Package train passes it to
// model.Train.
func Prior() map[string]map[string]float64 {
	p := map[string]map[string]float64{}
	for _, k := range cues {
		if k.cat == "" {
			continue
		}
		p["q:"+k.id] = map[string]float64{string(k.cat): cuePrior}
		p["q?:"+k.id] = map[string]float64{string(k.cat): cuePrior / 2}
		p["qs:"+k.id] = map[string]float64{string(k.cat): cuePrior / 2}
	}
	return p
}
