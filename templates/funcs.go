package templates

import (
	"fmt"
	"strings"
	"time"
)

// frenchWeekdays is indexed by time.Weekday (Sunday = 0).
var frenchWeekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// funcs are the functions every template may call. Times are shown in their
// own location: the caller passes them in Europe/Paris (or as civil dates).
var funcs = map[string]any{
	"date":         formatDate,
	"datetime":     formatDateTime,
	"hour":         formatHour,
	"opening":      opening,
	"weekday":      weekday,
	"join":         strings.Join,
	"lines":        lines,
	"replySubject": replySubject,
}

// formatDate renders 14/03/2027, the form SPEC section 4 asks for; "" for
// an unknown (zero) date.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// formatDateTime renders 14/03/2027 à 09h05; "" for a zero time.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006 à 15h04")
}

// formatHour renders the hour of t as French mail writes it: "8h",
// "15h30"; "" for a zero time.
func formatHour(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Minute() == 0:
		return fmt.Sprintf("%dh", t.Hour())
	}
	return fmt.Sprintf("%dh%02d", t.Hour(), t.Minute())
}

// opening renders when something opens at instant at, seen from now: "ce
// matin à 8h (le lundi 14/06/2027)" later on the same day, else "le lundi
// 14/06/2027 à 8h"; "" for a zero time.
func opening(at, now time.Time) string {
	if at.IsZero() {
		return ""
	}
	full := weekday(at) + " " + formatDate(at)
	local := now.In(at.Location())
	if now.IsZero() || local.After(at) || formatDate(local) != formatDate(at) {
		return "le " + full + " à " + formatHour(at)
	}
	when := "ce soir"
	switch {
	case at.Hour() < 12:
		when = "ce matin"
	case at.Hour() < 18:
		when = "cet après-midi"
	}
	return when + " à " + formatHour(at) + " (le " + full + ")"
}

// weekday renders the French day name in lower case ("lundi"); "" for a
// zero time.
func weekday(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return frenchWeekdays[t.Weekday()]
}

// lines splits text into its lines, whatever the line ending, so that an
// HTML template can keep a centre's line breaks with <br>.
func lines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.Split(strings.TrimRight(text, "\n"), "\n")
}

// replySubject prefixes "Re: " unless the subject already starts with a
// reply prefix ("Re:" or "RE :" is not stacked), and appends the
// conversation reference in brackets unless it is already there, so the
// centre's next answer finds its conversation.
func replySubject(subject, ref string) string {
	subject = strings.TrimSpace(subject)
	if !hasReplyPrefix(subject) {
		subject = strings.TrimSpace("Re: " + subject)
	}
	if ref != "" && !strings.Contains(subject, "["+ref+"]") {
		subject += " [" + ref + "]"
	}
	return subject
}

// hasReplyPrefix reports whether s starts with "re:" in any case, with the
// French typographic space before the colon allowed.
func hasReplyPrefix(s string) bool {
	lower := strings.ToLower(s)
	return strings.HasPrefix(lower, "re:") || strings.HasPrefix(lower, "re :")
}
