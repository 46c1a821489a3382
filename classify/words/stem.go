package words

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kljensen/snowball/french"
)

// Stemming costs about a microsecond and a half per word; mail reuses a
// small vocabulary, so stems are cached. The cache stops growing at
// maxCached words, so text made of random words cannot grow it for ever.
const maxCached = 200_000

var (
	stems  sync.Map // word → stem
	cached atomic.Int64
)

// Stem returns the Snowball French stem of a folded word, without the
// plural 's' Snowball keeps on short words or the final 'e' that folding
// leaves ("annulees" and "annulée" both give "annul"), and "0" for a
// number.
func Stem(w string) string {
	if s, ok := stems.Load(w); ok {
		return s.(string)
	}
	s := stem(w)
	if cached.Load() < maxCached {
		if _, loaded := stems.LoadOrStore(strings.Clone(w), s); !loaded {
			cached.Add(1)
		}
	}
	return s
}

func stem(w string) string {
	if isNumber(w) {
		return "0"
	}
	if len(w) > 3 && (w[len(w)-1] == 's' || w[len(w)-1] == 'x') && strings.IndexByte("aiou", w[len(w)-2]) >= 0 {
		w = w[:len(w)-1] // plural: Snowball keeps an 's' after a, i, o, u ("plis", "recus")
	}
	if w == "voudrion" {
		// kljensen/snowball v0.10.0 logs this word (a debugging line left
		// in french/step4.go); it is its own stem anyway.
		return w
	}
	s := french.Stem(w, true)
	if len(s) > 3 && strings.HasSuffix(s, "e") {
		s = s[:len(s)-1]
	}
	return s
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// extraStops are folded stop words that Snowball's list spells with
// accents, and greetings that every mail has.
var extraStops = map[string]bool{"a": true, "ete": true, "etre": true, "etait": true, "etaient": true, "deja": true, "bonjour": true, "cordialement": true, "madame": true, "monsieur": true}

// Stop tells whether a folded word carries no topic ("le", "nous",
// "avons"). Negation words are not stop words here: they mean something.
func Stop(w string) bool {
	return !negations[w] && (french.IsStopWord(w) || extraStops[w])
}
