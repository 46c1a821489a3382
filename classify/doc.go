// Package classify sorts French mail from training centres into the
// categories of SPEC section 2 and reads the facts the answer needs
// (session date, sector, whether a cancelled session's envelopes arrived).
//
// # How a decision is made
//
// Headers decide first (package autodetect): delivery status notifications,
// automatic replies and bulk mail are recognised from their headers and MIME
// structure, never from their text. Other mail is cut into what the sender
// wrote now and what is quoted (package clean); weighted French cues are
// matched against the new text and, with less weight for a reply, the
// subject. Each category's evidence grows with diminishing returns, a
// stated cancellation or change explains the plis it mentions, and the
// question categories count fully only inside the sentences that ask.
//
// # Confidence
//
// The best score s1 and the runner-up s2 give
// (1 − e^(−1.5·s1)) · (1 − 0.5·s2/s1): one decisive cue alone gives about
// 0.78, a close rival halves it. Below Options.Threshold (0.6 by default)
// the category is Other and the best guess is kept in the reasons. The
// figures behind the threshold are in the package tests (corpus_test.go).
package classify
