package classify

import (
	"regexp"

	"mailbot/classify/clean"
)

// topicBytes is how much of the new text HasTopic reads.
const topicBytes = 8 << 10

// topicWords are words that only mail about the GEV's work uses: exam
// files, their sessions, juries and candidates, the bodies and tools
// around them. Generic words that phishing or advertising also use ("colis",
// "compte", "lien", "validation", "formation", "session" alone) are left
// out on purpose.
var topicWords = regexp.MustCompile(`\b(?:gev|afpa|dte|ceres|ccp|ecf|epreuves?|certifications?|examens?|jury|jurys|jures?|candidats?|candidates?|plis|titres? professionnels?|dossiers? techniques?|grilles? d.evaluation|entretiens? finals?|formateurs?|formatrices?|stagiaires?|habilitations?|agrements?|dreets|ddets|dirrecte|organisme)\b|\bsession (?:de |d'|du )(?:certification|examen|validation|\d)`)

// refWord is the reference token the bot puts in its subjects.
var refWord = regexp.MustCompile(`\bgev-[a-z2-9]{6}\b`)

// HasTopic tells whether a subject and the new text of a mail (without
// the quoted part) speak of anything the GEV deals with. A mail that does
// not (phishing, advertising, a wrong address) is still shown to an agent,
// but gets no generic acknowledgement: thanking a stranger for "your
// message" in AFPA's name only helps whoever sent it.
func HasTopic(subject, newText string) bool {
	s := clean.Normalize(subject + "\n" + clean.Cut(newText, topicBytes))
	return topicWords.MatchString(s) || refWord.MatchString(s)
}
