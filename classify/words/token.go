package words

// Token is one word of a text.
type Token struct {
	Word string // as written, folded ("navons" stays one word, "n'avons" is two)
	Stem string // Snowball French stem of Word, "0" for a number
	// Sentence numbers the sentences of the text from 0; a sentence ends
	// at '.', '!' or '?'.
	Sentence int
	// Negated is true for a word in the scope of a negation: after "ne",
	// "pas", "jamais", "aucun"… up to the end of the clause.
	Negated bool
	// Negation is true for the negation words themselves.
	Negation bool
}

// Sentence is a span of tokens.
type Sentence struct {
	Start, End int  // token indexes, End exclusive
	Question   bool // ends with '?'
}

// Text is a tokenized text.
type Text struct {
	Tokens    []Token
	Sentences []Sentence
}

// negations open a negation's scope. "plus" is left out: "plus de
// candidats" is not a negation.
var negations = map[string]bool{
	"ne": true, "n": true, "pas": true, "jamais": true, "rien": true, "aucun": true,
	"aucune": true, "aucuns": true, "aucunes": true, "sans": true, "ni": true, "non": true, "nul": true, "nulle": true,
}

// scopeEnds close a negation's scope like a comma does: "pas reçu le
// colis mais les liens marchent" negates the colis, not the liens.
var scopeEnds = map[string]bool{
	"mais": true, "car": true, "donc": true, "puis": true, "cependant": true, "pourtant": true, "alors": true, "sinon": true,
}

// maxTokens bounds the words read from one text: what a person writes to
// GEV is at the top and short.
const maxTokens = 1500

// Tokenize cuts folded text into tokens. Letters and digits make words;
// apostrophes and hyphens separate them ("n'avons" → "n", "avons";
// "peut-on" → "peut", "on"); '.', '!', '?' end a sentence, and with ',',
// ';', ':' and parentheses a negation's scope.
func Tokenize(folded string) Text {
	var t Text
	start, sentStart := -1, 0
	negated := false
	endClause := func() { negated = false }
	endSentence := func(question bool) {
		endClause()
		if len(t.Tokens) > sentStart {
			t.Sentences = append(t.Sentences, Sentence{Start: sentStart, End: len(t.Tokens), Question: question})
			sentStart = len(t.Tokens)
		} else if question && len(t.Sentences) > 0 {
			t.Sentences[len(t.Sentences)-1].Question = true
		}
	}
	addWord := func(w string) {
		if len(t.Tokens) >= maxTokens {
			return
		}
		tok := Token{Word: w, Stem: Stem(w), Sentence: len(t.Sentences)}
		switch {
		case negations[w]:
			tok.Negation = true
			negated = true
		case scopeEnds[w]:
			negated = false
		default:
			tok.Negated = negated
		}
		t.Tokens = append(t.Tokens, tok)
	}
	for i := 0; i <= len(folded); i++ {
		var c byte = ' '
		if i < len(folded) {
			c = folded[i]
		}
		if isWordByte(c) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			addWord(folded[start:i])
			start = -1
		}
		switch c {
		case '.', '!':
			endSentence(false)
		case '?':
			endSentence(true)
		case ',', ';', ':', '(', ')', '\n':
			endClause()
		}
	}
	endSentence(false)
	return t
}

// isWordByte tells whether c belongs to a word: ASCII letters and digits,
// and any byte of a multi-byte rune (letters that folding kept, such as
// Greek or Cyrillic, stay words).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 0x80
}
