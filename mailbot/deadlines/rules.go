package deadlines

import (
	"time"

	"mailbot/mailbot/calendar"
)

// RequestDeadline is the last day a DTE can be requested in CERES for a
// session on session.
//
// Seed: "le centre peut, dans CERES, en faire la demande 3 mois + 1j avant
// la date de session". So session 28/05/2027 → 27/02/2027.
func RequestDeadline(session time.Time) time.Time {
	return SubMonths(session, 3).AddDate(0, 0, -1)
}

// ShippingWindow is when a TP order is shipped: from six weeks to five
// weeks before the session.
//
// Seed: "Pour un DTE TP : La commande est passée et envoyée 5/6 semaines
// avant le début de la session".
func ShippingWindow(session time.Time) (from, to time.Time) {
	return calendar.DateOf(session).AddDate(0, 0, -42), calendar.DateOf(session).AddDate(0, 0, -35)
}

// OrganiserOpens is when the CCP organiser link becomes active: the first
// automaton run (08:00) sixty days before the session.
//
// Seed: "DTE Organisateur: 60 jours avant la date de session" and "Le lien
// est activé à la date indiquée selon la mise à jour de l'automate (8h, 15h
// et 21h)".
func OrganiserOpens(session time.Time) time.Time {
	return firstRun(calendar.DateOf(session).AddDate(0, 0, -60))
}

// JuryOpens is when the CCP jury and candidate links become active: the
// first automaton run five working days (public holidays excluded) before
// the session.
//
// Seed: "DTE Jury et DTE Candidats : 5 jours ouvrés", with the same note on
// the automaton's runs.
func JuryOpens(session time.Time, cal *calendar.Calendar) time.Time {
	return firstRun(cal.AddWorkingDays(calendar.DateOf(session), -5))
}

// WriteAgainFrom is the day from which a centre without its plis must write
// to GEV: two weeks before the session.
//
// Seed: "Contacter la GEV si plis d'examen n'ont pas été reçus 2 semaines
// avant la date de certification déclarée".
func WriteAgainFrom(session time.Time) time.Time {
	return calendar.DateOf(session).AddDate(0, 0, -14)
}

// runHours are the automaton's daily runs, Paris wall clock.
// Seed: "selon la mise à jour de l'automate (8h, 15h et 21h)".
var runHours = [...]int{8, 15, 21}

// NextActivation returns the first automaton run at or after t, in Paris
// time: a link that should open at t is usable from then.
func NextActivation(t time.Time) time.Time {
	today := calendar.DateOf(t)
	y, m, d := today.Date()
	for _, h := range runHours {
		if run := time.Date(y, m, d, h, 0, 0, 0, calendar.Paris); !run.Before(t) {
			return run
		}
	}
	return firstRun(today.AddDate(0, 0, 1))
}

// firstRun is the first run on a civil date: a link that "opens on D" is
// active from D 08:00.
func firstRun(date time.Time) time.Time {
	y, m, d := date.Date()
	return time.Date(y, m, d, runHours[0], 0, 0, 0, calendar.Paris)
}
