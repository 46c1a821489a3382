// Package classify sorts French mail from training centres into the
// categories of SPEC section 2 and reads the facts the answer needs
// (session date, sector, whether a cancelled session's envelopes arrived).
//
// # How a decision is made
//
// Headers decide first (package autodetect): delivery status notifications,
// automatic replies and bulk mail are recognised from their headers and MIME
// structure, never from their text. Other mail is cut into what the sender
// wrote now and what is quoted (package clean), and read one word at a time
// (package words): stemmed, accent-folded words and their bigrams, words
// under a negation marked apart ("pas reçu"), character 3–5-grams for typos
// and SMS spelling, the subject's words weighted by whether it is a fresh
// subject, a reply's or a forward's, and the cues (cues.go): French phrase
// lists that name what a GEV agent would look for. A cue is evidence, not a
// verdict: a trained linear model (package model, made by package train from
// the labelled mail under testdata/) weighs all of it into one calibrated
// probability per category.
//
// # Rules after the model
//
// An acknowledgement is ignored, so the model's "acknowledgement" stands
// only when the whole new text is thanks or receipt with no problem, no
// question and no negated receipt in it ("je ne sais pas si les plis sont
// arrivés"); otherwise the decision is conditioned on it not being one.
// Below the model's calibrated threshold the category is Other and the best
// guess is in the reasons. The optional Adviser (an LLM) is asked only
// then; it may choose only among the model's three most likely categories
// and adds at most 0.15 to the model's own probability, so the mail's text
// cannot steer a decision through it.
//
// # Facts
//
// The facts (sector.go, envelopes.go) are regular expressions over
// clean.Normalize'd text. A text is scanned once for the words they need
// (package prefilter); only the expressions whose words are there run.
//
// # Reasons
//
// Reasons are in French, for the agents: the model's category and
// probability, the cues and words that weighed most, and why a rule
// overruled the model.
package classify
