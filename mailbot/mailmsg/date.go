package mailmsg

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// lenientDateLayouts are date shapes seen in real mail that net/mail
// rejects: missing seconds, two-digit years, full month names, ctime and
// ISO 8601 forms.
var lenientDateLayouts = []string{
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 Jan 06 15:04:05 MST",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Monday, 2 January 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon Jan 2 15:04:05 -0700 2006",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	time.RFC3339,
}

// dateComment matches a comment such as "(CEST)", anywhere in the value
// (RFC 5322 section 3.3 allows CFWS between the tokens), even unclosed.
var dateComment = regexp.MustCompile(`\([^()]*(\)|$)`)

// parseDate reads a Date value with net/mail (RFC 5322 section 3.3), then
// with the lenient layouts after removing comments and extra white space.
func parseDate(raw string) (time.Time, bool) {
	if t, err := mail.ParseDate(raw); err == nil {
		return t, true
	}
	s := strings.Join(strings.Fields(dateComment.ReplaceAllString(raw, " ")), " ")
	s = strings.TrimSuffix(strings.TrimSuffix(s, " GMT"), " UT")
	if t, err := mail.ParseDate(s); err == nil {
		return t, true
	}
	for _, layout := range lenientDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
