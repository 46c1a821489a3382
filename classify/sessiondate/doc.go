// Package sessiondate reads the date of the certification session a French
// mail is about: "session du 14/03/2027", "prévue le lundi 12 avril",
// "reportée au 18 mai", "semaine 15", "lundi 22", "la session a lieu demain".
//
// A date counts only when a session word (session, certification, examen,
// épreuve, passage) stands before it in the same sentence, and no nearer
// word says it is the date of something else (envoyé le, reçu le, demande
// faite le, jusqu'au, depuis le, la DDETS a annulé le...). Among those, the
// new date of a moved session beats the others, the new text beats the
// subject, the subject beats the quoted text, and the first mention wins
// ties.
//
// Dates without a year are placed against the message's date; a weekday
// and a day without the month ("lundi 22") is the next Monday the 22nd.
// Relative words give a date only when they pin one day ("demain", "ce
// jeudi", "mardi de la semaine prochaine"), never "la semaine prochaine",
// "dans quinze jours", or "vendredi prochain" written in a week whose own
// Friday is still to come. A date that does not exist (31/09) is no date.
package sessiondate
