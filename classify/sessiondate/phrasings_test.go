package sessiondate

import (
	"testing"
	"time"

	"mailbot/mailbot/calendar"
)

// Moments the phrasings below are written at (Paris).
var (
	thuSep = time.Date(2027, time.September, 16, 14, 0, 0, 0, calendar.Paris) // Thursday
	satOct = time.Date(2027, time.October, 9, 9, 30, 0, 0, calendar.Paris)    // Saturday
	monDec = time.Date(2027, time.December, 20, 10, 0, 0, 0, calendar.Paris)  // Monday
	monFeb = time.Date(2028, time.February, 14, 11, 0, 0, 0, calendar.Paris)  // Monday
	monMar = time.Date(2028, time.March, 6, 8, 45, 0, 0, calendar.Paris)      // Monday
	wedMay = time.Date(2028, time.May, 3, 16, 10, 0, 0, calendar.Paris)       // Wednesday
	lateFe = time.Date(2028, time.February, 3, 23, 50, 0, 0, calendar.Paris)  // Thursday, late evening
)

// TestPhrasings is the table of date phrasings a centre writes, each with
// the moment it writes: the session date is the exam's date, read against
// the message's date, and no date rather than a guessed one.
func TestPhrasings(t *testing.T) {
	tests := []findCase{
		// Full dates.
		{name: "slashes", written: "Notre session d'examen se tiendra le 18/10/2027.", ref: thuSep, want: "2027-10-18"},
		{name: "dots, short year", written: "session prévue le 18.10.27 dans nos locaux", ref: thuSep, want: "2027-10-18"},
		{name: "ISO date", written: "La certification est fixée au 2027-10-18.", ref: thuSep, want: "2027-10-18"},
		{name: "plural épreuves", written: "Épreuves du jeudi 4 novembre 2027 pour nos stagiaires électriciens.", ref: thuSep, want: "2027-11-04"},
		{name: "colon and abbreviated month", written: "Session : 8 nov. 2027, 6 candidats", ref: thuSep, want: "2027-11-08"},
		{name: "single-digit day and month", written: "examen prévu le 2/2/2028", ref: thuSep, want: "2028-02-02"},

		// Yearless dates against the message's date.
		{name: "1er décembre", written: "pour la session du 1er décembre", ref: thuSep, want: "2027-12-01"},
		{name: "passage des candidats", written: "Le passage des candidats est prévu le 30 septembre.", ref: thuSep, want: "2027-09-30"},
		{name: "date d'examen", written: "Date d'examen : 5 octobre", ref: thuSep, want: "2027-10-05"},
		{name: "1/07 in December is next July", written: "session le 1/07", ref: monDec, want: "2028-07-01"},
		{name: "1/07 in September is next July", written: "notre session du 1/07", ref: thuSep, want: "2028-07-01"},
		{name: "10 janvier across the year-turn", written: "La session du 10 janvier approche.", ref: monDec, want: "2028-01-10"},
		{name: "14/01 across the year-turn", written: "Rien reçu pour la session du 14/01.", ref: monDec, want: "2028-01-14"},
		{name: "a week ago stays in the past", written: "Nous n'avons pas pu tenir la session du 13/12.", ref: monDec, want: "2027-12-13"},
		{name: "range read during the session", written: "notre session du 2 au 4 février", ref: lateFe, want: "2028-02-02"},
		{name: "time after the date", written: "examen le 12 juin à 9h, salle B", ref: wedMay, want: "2028-06-12"},
		{name: "short date and time", written: "session 1/07 à 13h30", ref: wedMay, want: "2028-07-01"},

		// A weekday and a day without the month: the next such day.
		{name: "lundi 22", written: "session du lundi 22", ref: thuSep, want: "2027-11-22"},
		{name: "lun. 22", written: "la session a lieu lun. 22, merci", ref: thuSep, want: "2027-11-22"},
		{name: "vendredi 21 across the year-turn", written: "La session aura lieu le vendredi 21.", ref: monDec, want: "2028-01-21"},
		{name: "mardi 2", written: "session le mardi 2", ref: satOct, want: "2027-11-02"},
		{name: "jeudi 16 is today", written: "session ce jeudi 16", ref: thuSep, want: "2027-09-16"},
		{name: "weekday and day before the cue", written: "Lundi 22 : session de rattrapage", ref: thuSep, want: "2027-11-22"},
		{name: "weekday and hour is no date", written: "Session : je vous rappelle lundi 9 h 30.", ref: thuSep, want: ""},
		{name: "weekday and a count is no date", written: "Pour la session, lundi 12 candidats seront présents.", ref: thuSep, want: ""},
		{name: "no Monday 32", written: "session le lundi 32", ref: thuSep, want: ""},

		// Several days: the first.
		{name: "du 2 au 4 février", written: "La session se déroulera du 2 au 4 février.", ref: monDec, want: "2028-02-02"},
		{name: "des 2, 3 et 4", written: "session des 2, 3 et 4 février 2028", ref: monDec, want: "2028-02-02"},
		{name: "across a month", written: "session du 29 novembre au 1er décembre", ref: thuSep, want: "2027-11-29"},
		{name: "across a year", written: "session du 30/12/2027 au 03/01/2028", ref: thuSep, want: "2027-12-30"},
		{name: "dash range in a subject", subject: "Session 18-19 octobre – plis", ref: thuSep, want: "2027-10-18"},

		// A moved session: the new date.
		{name: "initialement prévue, reportée", written: "Notre session, initialement prévue le 12/04, a été reportée au 26/04.", ref: monFeb, want: "2028-04-26"},
		{name: "décalé du ... au", written: "La DDETS a décalé notre examen du 6 mars au 20 mars.", ref: monFeb, want: "2028-03-20"},
		{name: "avancée, au lieu du", written: "La session est avancée au 3 mars (au lieu du 10 mars).", ref: monFeb, want: "2028-03-03"},
		{name: "nouvelle date, ancienne date", written: "Nouvelle date de session : 27/03/2028 (ancienne date : 13/03/2028)", ref: monFeb, want: "2028-03-27"},
		{name: "passe au", written: "la session du 9 mai passe au 16 mai", ref: wedMay, want: "2028-05-16"},
		{name: "reprogrammée", written: "La session du 9 mai est reprogrammée au 23 mai.", ref: wedMay, want: "2028-05-23"},
		{name: "old date second", written: "Session désormais le 30 mai, et non plus le 16 mai.", ref: wedMay, want: "2028-05-30"},

		// The date of the request is not the session's.
		{name: "demande faite le", written: "Demande faite le 2 février pour la session du 12 mai.", ref: monFeb, want: "2028-05-12"},
		{name: "demande date du", written: "Pour la session du 12 mai, notre demande CERES date du 2 février.", ref: monFeb, want: "2028-05-12"},
		{name: "saisi la demande", written: "Nous avons saisi la demande le 3 janvier dans CERES, session le 9 avril.", ref: monFeb, want: "2028-04-09"},
		{name: "validée le", written: "Session du 15 juin : la demande a été validée le 10 mars.", ref: monFeb, want: "2028-06-15"},
		{name: "request date only", written: "Pour la session, demande enregistrée le 2 février.", ref: monFeb, want: ""},

		// Nor is a DDETS notice's date.
		{name: "DDETS notified on", written: "La DDETS nous a notifié le 3 mars l'annulation de la session du 14 avril.", ref: monMar, want: "2028-04-14"},
		{name: "DREETS letter of", written: "Par courrier du 1er mars, la DREETS annule notre session du 22 mars.", ref: monMar, want: "2028-03-22"},
		{name: "DDETS decision of", written: "Suite à la décision de la DDETS du 28 février, notre session du 9 mars n'aura pas lieu.", ref: monMar, want: "2028-03-09"},
		{name: "DDETS cancelled on", written: "La DDETS a annulé le 2 mars notre session prévue le 16 mars.", ref: monMar, want: "2028-03-16"},
		{name: "informed on, alone", written: "La DDETS nous a informés le 1er mars de l'annulation de la session.", ref: monMar, want: ""},

		// Nor the date of another event.
		{name: "delivered on", written: "Les plis ont été livrés le 3 mai pour la session du 24 mai.", ref: wedMay, want: "2028-05-24"},
		{name: "arrived opened", written: "Le colis est arrivé ouvert le 2 mai ; la session est le 22 mai.", ref: wedMay, want: "2028-05-22"},
		{name: "absence", written: "Je serai absente du 8 au 12 mai, la session a lieu le 30 mai.", ref: wedMay, want: "2028-05-30"},
		{name: "answer before", written: "Session du 6 juin. Merci de répondre avant le 20 mai.", ref: wedMay, want: "2028-06-06"},
		{name: "session number that looks like a date", written: "session n° 12/05 du 30 mai", ref: wedMay, want: "2028-05-30"},

		// Relative words give a date only when they pin a day.
		{name: "demain", written: "La session a lieu demain.", ref: thuSep, want: "2027-09-17"},
		{name: "après-demain", written: "notre session commence après-demain", ref: thuSep, want: "2027-09-18"},
		{name: "aujourd'hui", written: "La session est aujourd'hui et le lien jury ne s'ouvre pas.", ref: thuSep, want: "2027-09-16"},
		{name: "hier", written: "la session a eu lieu hier", ref: thuSep, want: "2027-09-15"},
		{name: "ce vendredi", written: "session ce vendredi", ref: thuSep, want: "2027-09-17"},
		{name: "lundi prochain is next week either way", written: "session lundi prochain", ref: thuSep, want: "2027-09-20"},
		{name: "vendredi prochain on a Wednesday is ambiguous", written: "la session de vendredi prochain", ref: wedMay, want: ""},
		{name: "le mardi de la semaine prochaine", written: "session le mardi de la semaine prochaine", ref: thuSep, want: "2027-09-21"},
		{name: "demain late in the evening", written: "Session demain matin, toujours pas de lien.", ref: lateFe, want: "2028-02-04"},
		{name: "la semaine prochaine", written: "La session a lieu la semaine prochaine.", ref: thuSep, want: ""},
		{name: "dans quinze jours", written: "session dans quinze jours", ref: thuSep, want: ""},
		{name: "dans 3 semaines", written: "notre session est dans 3 semaines", ref: thuSep, want: ""},
		{name: "fin de mois", written: "session en fin de mois", ref: thuSep, want: ""},
		{name: "courant octobre", written: "session courant octobre", ref: thuSep, want: ""},
		{name: "bare weekday", written: "la session de mardi", ref: thuSep, want: ""},
		{name: "reportée à demain", written: "La session est reportée à demain.", ref: thuSep, want: "2027-09-17"},
		{name: "mardi prochain, comme prévu", written: "Notre session aura lieu comme prévu mardi prochain.", ref: thuSep, want: "2027-09-21"},
		{name: "writer's own day", written: "Concernant la session, je vous écris aujourd'hui car le lien ne marche pas.", ref: thuSep, want: ""},
		{name: "call back tomorrow", written: "Je vous rappelle demain au sujet de la session.", ref: thuSep, want: ""},
		{name: "received today", written: "Nous avons reçu aujourd'hui les plis de la session.", ref: thuSep, want: ""},
		{name: "parcel tomorrow, session dated", written: "La session du 12 mai : le colis arrivera demain.", ref: wedMay, want: "2028-05-12"},
		{name: "demain about the parcel", written: "Le transporteur passe demain pour la session.", ref: thuSep, want: ""},

		// Weeks.
		{name: "semaine 47", written: "session en semaine 47", ref: thuSep, want: "2027-11-22"},
		{name: "S3 across the year-turn", written: "session S3", ref: monDec, want: "2028-01-17"},

		// The weekday chooses the year.
		{name: "mardi 4 janvier", written: "session du mardi 4 janvier", ref: monDec, want: "2028-01-04"},

		// The subject when the body has no date.
		{name: "subject only", subject: "Plis manquants – session 25/05", written: "Bonjour, toujours rien reçu.", ref: wedMay, want: "2028-05-25"},

		// Dates that do not exist are no date.
		{name: "31 September", written: "session du 31/09/2027", ref: thuSep, want: ""},
		{name: "29 February of a common year", written: "session du 29/02/2027", ref: thuSep, want: ""},
		{name: "day zero", written: "session le 00/10/2027", ref: thuSep, want: ""},
		{name: "month 13", written: "session du 12/13/2027", ref: thuSep, want: ""},
		{name: "45 mai", written: "session du 45 mai", ref: thuSep, want: ""},
		{name: "placeholder", written: "session du ../../2027", ref: thuSep, want: ""},
		{name: "year 1927", written: "session du 12/10/1927", ref: thuSep, want: ""},
	}
	runFind(t, tests)
	if len(tests) < 60 {
		t.Errorf("got %d phrasings, want at least 60", len(tests))
	}
}
