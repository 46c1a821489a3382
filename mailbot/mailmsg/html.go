package mailmsg

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"mailbot/classify/clean"
)

// HTMLToText turns an HTML body into plain text for reading and
// classification. Head, style, script and comments (where Word and Outlook
// put large style sheets and conditional comments) are dropped; block
// elements end lines; entities are decoded; runs of blank lines collapse to
// one; the lines of a <blockquote> are prefixed with "> " per level, so that
// quoted text looks the same as in a plain-text reply.
//
// Time and memory grow with the input, never faster: quote levels beyond
// maxQuoteDepth add no prefix (thousands of nested <blockquote> would
// otherwise make text quadratic in the input), and the text stops at
// maxTextBytes, the cap of a plain-text body.
func HTMLToText(src string) string {
	text, _ := htmlToText(src, maxTextBytes)
	return text
}

// htmlToText is HTMLToText with its cap, telling whether the text was cut.
func htmlToText(src string, limit int) (text string, cut bool) {
	z := html.NewTokenizer(strings.NewReader(src))
	w := textWriter{limit: limit}
	skip := 0 // depth inside elements whose content is not text
	pre := 0  // depth inside <pre>, where white space is kept
	for {
		switch z.Next() {
		case html.ErrorToken:
			return w.String(), w.full
		case html.TextToken:
			if skip == 0 && !w.full {
				w.text(string(z.Text()), pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Body:
				skip = 0 // a <head> left open must not hide the body
			case skipped[string(name)]:
				skip++
			case a == atom.Pre:
				pre++
			}
			w.open(a)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case skipped[string(name)] && skip > 0:
				skip--
			case a == atom.Pre && pre > 0:
				pre--
			}
			w.close(a)
		}
	}
}

// skipped elements hold no readable text; <xml> is Word's embedded
// document properties.
var skipped = map[string]bool{
	"head": true, "style": true, "script": true, "title": true,
	"noscript": true, "template": true, "xml": true, "object": true,
}

// blocks are the elements that start and end on their own line.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Tr: true, atom.Li: true, atom.Table: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Pre: true, atom.Hr: true, atom.Address: true, atom.Center: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Form: true, atom.Fieldset: true, atom.Caption: true, atom.Blockquote: true,
}

// textWriter assembles lines; quote is the blockquote depth of the line
// being written.
type textWriter struct {
	lines []string
	line  strings.Builder
	quote int
	space bool // a space is due before the next word
	nbsp  bool // the line holds a no-break space: Outlook's empty paragraph
	limit int  // bytes of text kept at most
	size  int  // bytes of the finished lines and their line ends
	full  bool // limit reached: the rest is dropped
}

func (w *textWriter) open(a atom.Atom) {
	switch {
	case a == atom.Br:
		w.endLine(true)
	case a == atom.Td || a == atom.Th:
		w.space = w.line.Len() > 0
	case blocks[a]:
		w.endLine(false)
		if a == atom.Blockquote {
			w.quote++
		}
	}
}

func (w *textWriter) close(a atom.Atom) {
	if blocks[a] {
		w.endLine(false)
		if a == atom.Blockquote && w.quote > 0 {
			w.quote--
		}
	}
}

// text adds a run of text; outside <pre> white space collapses to one
// space, and the no-break spaces Outlook uses for empty lines count as
// white space.
func (w *textWriter) text(s string, pre bool) {
	if strings.Contains(s, "\u00a0") {
		w.nbsp = true
		s = strings.ReplaceAll(s, "\u00a0", " ")
	}
	if pre {
		for i, part := range strings.Split(s, "\n") {
			if i > 0 {
				w.endLine(true)
			}
			w.line.WriteString(strings.TrimRight(part, "\r"))
		}
		return
	}
	if s != "" && isSpaceByte(s[0]) {
		w.space = w.line.Len() > 0
	}
	for _, word := range strings.Fields(s) {
		if w.space {
			w.line.WriteByte(' ')
		}
		w.line.WriteString(word)
		w.space = true
	}
	w.space = w.space && s != "" && isSpaceByte(s[len(s)-1])
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// endLine finishes the current line. A block boundary on an empty line adds
// nothing; a <br> always ends a line, so "<br><br>" leaves a blank line, and
// so does a paragraph holding only "&nbsp;".
func (w *textWriter) endLine(force bool) {
	text := strings.TrimRight(w.line.String(), " ")
	force = force || w.nbsp
	w.line.Reset()
	w.space, w.nbsp = false, false
	if text == "" && !force || w.full {
		return
	}
	if w.quote > 0 {
		text = strings.TrimRight(strings.Repeat("> ", min(w.quote, maxQuoteDepth))+text, " ")
	}
	if w.size+len(text) > w.limit {
		text, w.full = clean.Cut(text, max(w.limit-w.size, 0)), true
	}
	w.size += len(text) + 1
	w.lines = append(w.lines, text)
}

// String joins the lines, collapsing runs of blank lines (quoted or not)
// to one and trimming blank lines at both ends.
func (w *textWriter) String() string {
	w.endLine(false)
	out := make([]string, 0, len(w.lines))
	for _, l := range w.lines {
		blank := strings.Trim(l, "> ") == ""
		if blank && (len(out) == 0 || strings.Trim(out[len(out)-1], "> ") == "") {
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && strings.Trim(out[len(out)-1], "> ") == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}
