package classify

import (
	"strings"

	"mailbot/classify/prefilter"
)

// Regular-expression pieces of the fact readers (sector, envelopes),
// written for clean.Normalize'd text.
const (
	// sent is "not across a sentence end".
	sent = `[^.?!\n]`
	// stopShipment is a request not to send the envelopes.
	stopShipment = `\b(?:(?:stopper|arreter|suspendre|bloquer|annuler) (?:l'envoi|l'expedition)|(?:ne pas|inutile d'|pas la peine d') ?(?:proceder a |effectuer )?(?:l'envoi|l'expedition|envoyer|expedier))`
)

// facts holds every pattern of the fact readers: a text is scanned once
// for the words they need, and only the patterns whose words it holds run
// (most of them, on most mail, do not).
var facts prefilter.Set

// compile makes every apostrophe of a pattern optional, or a space, since
// hurried writers type "n aura pas lieu" or "naura" for "n'aura".
func compile(pattern string) *prefilter.Regexp {
	return facts.MustCompile(strings.ReplaceAll(pattern, "'", `[' ]?`))
}
