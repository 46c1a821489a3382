// Package deadlines computes the dates GEV's replies depend on (SPEC
// section 4): the CERES request deadline, the TP shipping window, the CCP
// link openings and the two-week rule for missing plis. Each rule quotes
// the sentence of seed/gev-journee-certification.txt it comes from.
//
// Session dates and the dates returned are civil dates (00:00 UTC, see
// package calendar); a Paris-local time is read as its Paris date. Link
// openings are instants in Paris time.
package deadlines
