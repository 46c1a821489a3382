package classify

import "mailbot/classify/words"

// maxOtherWords is the most topic words an acknowledgement may hold
// outside its sentences of thanks or receipt: "Merci, bien reçu. Je
// transmets au jury." is one; a report with "merci" at the end is not.
const maxOtherWords = 12

// notAcknowledgement applies the acknowledgement rule: an acknowledgement
// is ignored, so the whole new text must be thanks or receipt, with no
// problem and no question in it. It returns why the message is not one,
// or "" when it is. A thank-you sign-off ("merci d'avance", "merci de
// votre aide") is a closing, not thanks for something done.
func (r *reading) notAcknowledgement() string {
	for _, s := range r.body.Sentences {
		if s.Question {
			return "pose une question"
		}
	}
	closing := make([]bool, len(r.body.Tokens))
	for _, h := range r.bodyHits {
		if cues[h.cue].role == signOff {
			for i := h.match.Start; i < h.match.End; i++ {
				closing[i] = true
			}
		}
	}
	thanksIn := map[int]bool{} // sentences with thanks or receipt
	for _, h := range r.bodyHits {
		k := cues[h.cue]
		switch {
		case k.role == thanks && h.match.Negated:
			return k.label + " à la forme négative (« " + phrase(r.body, h.match.Start, h.match.End) + " »)"
		case k.role == thanks && !closing[h.match.Start]:
			thanksIn[r.body.Tokens[h.match.Start].Sentence] = true
		case k.problem && !h.match.Negated:
			return k.label + " (« " + phrase(r.body, h.match.Start, h.match.End) + " »)"
		}
	}
	if !r.in.reply {
		for _, h := range r.subjectHits {
			if k := cues[h.cue]; k.problem && k.role == evidence && !h.match.Negated {
				return "l'objet " + k.label
			}
		}
	}
	if len(thanksIn) == 0 {
		return "ne remercie pas et n'accuse pas réception"
	}
	if n := wordsOutside(r.body, thanksIn, closing); n > maxOtherWords {
		return "dit autre chose qu'un remerciement"
	}
	return ""
}

// wordsOutside counts the topic words outside the sentences of thanks and
// the sign-off formulas.
func wordsOutside(t words.Text, thanksIn map[int]bool, closing []bool) int {
	n := 0
	for i, tok := range t.Tokens {
		if !thanksIn[tok.Sentence] && !closing[i] && !words.Stop(tok.Word) {
			n++
		}
	}
	return n
}
