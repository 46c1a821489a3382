package words

import (
	"fmt"
	"strings"

	"mailbot/classify/clean"
)

// MaxGap is how many words "…" stands for in a phrase, within one sentence.
const MaxGap = 8

// Phrases is a compiled set of phrase lists, found in a text in one pass.
type Phrases struct {
	byFirst map[string][]phrase // first stem → phrases
}

// phrase is one phrase of a list.
type phrase struct {
	list     int
	stems    []string
	gap      []bool // gap[k]: up to MaxGap words may come before stems[k]
	negation bool   // the phrase states a negation itself ("pas reçu")
}

// Match is one phrase found in a text.
type Match struct {
	List       int // index of the phrase's list
	Start, End int // tokens, End exclusive
	// Negated is true when the words matched stand under a negation the
	// phrase does not state: "reçu les plis" in "je ne sais pas si nous
	// avons reçu les plis".
	Negated bool
}

// Compile compiles phrase lists, written as plain French ("session
// annulée", "pas reçu"), folded and stemmed like the texts they are looked
// for in. "…" between words allows up to MaxGap words in between.
func Compile(lists [][]string) (*Phrases, error) {
	p := &Phrases{byFirst: map[string][]phrase{}}
	for i, list := range lists {
		for _, src := range list {
			ph, err := compileOne(src)
			if err != nil {
				return nil, err
			}
			ph.list = i
			p.byFirst[ph.stems[0]] = append(p.byFirst[ph.stems[0]], ph)
		}
	}
	return p, nil
}

// MustCompile is Compile for phrase tables written in the source.
func MustCompile(lists [][]string) *Phrases {
	p, err := Compile(lists)
	if err != nil {
		panic(err)
	}
	return p
}

func compileOne(src string) (phrase, error) {
	var ph phrase
	for k, part := range strings.Split(src, "…") {
		toks := Tokenize(clean.Normalize(part)).Tokens
		if len(toks) == 0 {
			return ph, fmt.Errorf("phrase %q: empty part around '…'", src)
		}
		for j, tok := range toks {
			ph.stems = append(ph.stems, tok.Stem)
			ph.gap = append(ph.gap, k > 0 && j == 0)
			ph.negation = ph.negation || tok.Negation
		}
	}
	return ph, nil
}

// Find calls found for every phrase found in t, in text order.
func (p *Phrases) Find(t Text, found func(Match)) {
	toks := t.Tokens
	for i := range toks {
		for _, ph := range p.byFirst[toks[i].Stem] {
			if end, neg, ok := ph.matchAt(toks, i); ok {
				found(Match{List: ph.list, Start: i, End: end, Negated: neg && !ph.negation})
			}
		}
	}
}

// matchAt matches ph at token i, taking the first word that fits after a
// gap; end is exclusive.
func (ph phrase) matchAt(toks []Token, i int) (end int, negated, ok bool) {
	negated = toks[i].Negated
	j := i + 1
	for k := 1; k < len(ph.stems); k++ {
		limit := j
		if ph.gap[k] {
			limit = j + MaxGap
		}
		for ; j <= limit && j < len(toks) && toks[j].Sentence == toks[i].Sentence; j++ {
			if toks[j].Stem == ph.stems[k] {
				break
			}
		}
		if j > limit || j >= len(toks) || toks[j].Sentence != toks[i].Sentence || toks[j].Stem != ph.stems[k] {
			return 0, false, false
		}
		negated = negated || toks[j].Negated
		j++
	}
	return j, negated, true
}
