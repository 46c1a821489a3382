package classify

import (
	"regexp"
	"strings"
)

// needsRequest lists the categories that are questions by nature: their
// cues count fully only in the sentences that ask something.
var needsRequest = map[Category]bool{
	EngineeringQuestion: true, RequestTiming: true, CeresSupport: true, FinalInterviewGrid: true,
}

// requestRE recognises a question or a request in normalised text.
var requestRE = compile(`\?|\b(?:pouvez|pourriez|pourrez|pourrions|pourrais|puis-je|pouvons-nous|pourrait-on|faut-il|dois-je|devons-nous|doit-on|merci de (?:bien vouloir |nous |me )*(?:faire|envoyer|transmettre|indiquer|confirmer|preciser|communiquer|verifier|rappeler|annuler|mettre|adresser|renvoyer|desactiver|ne pas|tenir|prendre)|je souhaiterais|nous souhaiterions|nous souhaitons|je souhaite|nous aimerions|j'aimerais|je voudrais|nous voudrions|serait-il possible|est-il possible|auriez-vous|avez-vous|veuillez|vous serais gre|je vous saurais gre|besoin (?:de|d'))\b`)

// sentenceRE cuts normalised text into sentences, keeping the final mark.
var sentenceRE = regexp.MustCompile(`[^.!?]+[.!?]*`)

// shortQuestion is the most words of a question that points back at the
// sentence before it ("Est-ce normal ?").
const shortQuestion = 5

// requestSentences keeps the sentences that ask a question or make a
// request, one per line, with the sentence a short question refers to.
// It is "" when the text asks nothing.
func requestSentences(norm string) string {
	var b strings.Builder
	sentences := sentenceRE.FindAllString(norm, -1)
	for i, s := range sentences {
		if !requestRE.MatchString(s) {
			continue
		}
		if i > 0 && len(strings.Fields(s)) <= shortQuestion {
			b.WriteString(sentences[i-1])
			b.WriteByte('\n')
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	return b.String()
}
