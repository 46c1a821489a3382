package classify

import (
	"strings"

	"mailbot/classify/words"
)

// describe words one feature of the model for an agent, in French, with
// the words of the mail it stands for; "" for features no one would read
// (character n-grams, length).
func (r *reading) describe(name string) string {
	prefix, rest, ok := strings.Cut(name, ":")
	if !ok {
		return ""
	}
	switch prefix {
	case "q":
		return r.describeCue(rest, r.body, r.bodyHits, "")
	case "qs":
		return r.describeCue(rest, r.subj, r.subjectHits, " dans l'objet")
	case "w":
		return quoteTerm(r.body, rest, "")
	case "s":
		if q := quoteTerm(r.subj, rest, ""); q != "" {
			return q + " dans l'objet"
		}
	case "b":
		a, b, _ := strings.Cut(rest, "|")
		return quoteTerm(r.body, a, b)
	}
	return ""
}

// describeCue words a cue feature ("id", "!id" denied, "?id" asked) with
// the words of its first match: « pas encore reçu ».
func (r *reading) describeCue(id string, t words.Text, hits []cueHit, where string) string {
	mark := ""
	switch {
	case strings.HasPrefix(id, "!"):
		id, mark = id[1:], " à la forme négative"
	case strings.HasPrefix(id, "?"):
		id, mark = id[1:], " en question"
	}
	for _, h := range hits {
		if k := cues[h.cue]; k.id == id {
			return k.label + mark + where + " (« " + phrase(t, h.match.Start, h.match.End) + " »)"
		}
	}
	return ""
}

// quoteTerm finds the words of the text whose terms are a (and b right
// after), and quotes them as written: « pas reçu ».
func quoteTerm(t words.Text, a, b string) string {
	prev := -1
	for i, tok := range t.Tokens {
		if words.Stop(tok.Word) {
			continue
		}
		if b == "" && term(tok) == a {
			return "« " + tok.Word + " »"
		}
		if b != "" && prev >= 0 && term(t.Tokens[prev]) == a && term(tok) == b {
			return "« " + phrase(t, prev, i+1) + " »"
		}
		prev = i
	}
	return ""
}

// phrase joins the words of tokens [from, to).
func phrase(t words.Text, from, to int) string {
	ws := make([]string, 0, to-from)
	for _, tok := range t.Tokens[from:to] {
		ws = append(ws, tok.Word)
	}
	return strings.Join(ws, " ")
}
