// Package calendar is GEV's business calendar in Europe/Paris: which days
// are working days, and when the GEV desk and the engineering window are
// open (SPEC section 3).
//
// # Civil dates and instants
//
// A civil date (a day, with no time of day) is a [time.Time] at 00:00 UTC,
// made by [Date] or [DateOf]. Functions that take a date read its year,
// month and day in its own location, so a Paris-local time works too.
// Instants (when a mail goes out) are ordinary times; the calendar reads
// them in [Paris] and answers in Paris local time.
//
// # Working days and closures
//
// Working days (jours ouvrés) are Monday to Friday except the 11 French
// public holidays, taken from github.com/rickar/cal/v2/fr. Extra closures
// from the configuration close the GEV and engineering windows only: they
// do not change working-day counts, because those counts follow rules set
// outside GEV (the CCP automaton's "5 jours ouvrés") or measure how long a
// question has waited, and a closure does not stop that clock.
package calendar
