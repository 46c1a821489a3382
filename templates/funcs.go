package templates

import (
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
