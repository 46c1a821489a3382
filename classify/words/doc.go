// Package words reads folded French text one word at a time: a single
// tokenizer that cuts words, sentences and clauses, marks the words under
// a negation ("pas reçu", "n'avons reçu aucun"), stems them with the
// Snowball French stemmer, and finds phrase lists in one pass with a map
// lookup on the first stem of each phrase.
//
// Text given to it is already folded by clean.Normalize: lower case, no
// accents, straight apostrophes. Folding before stemming makes "annulée"
// and "annulee" one word, as writers without accents need.
package words
