// Package sessiondate reads the date of the certification session a French
// mail is about: "session du 14/03/2027", "prévue le lundi 12 avril",
// "reportée au 18 mai", "semaine 15".
//
// A date counts only when a session word (session, certification, examen,
// épreuve, passage) stands before it in the same sentence, and no nearer
// word says it is the date of something else (envoyé le, reçu le, demande
// faite le, jusqu'au, depuis le...). Among those, the new date of a moved
// session beats the others, the new text beats the subject, the subject
// beats the quoted text, and the first mention wins ties. Dates without a
// year are placed against the message's date.
package sessiondate
