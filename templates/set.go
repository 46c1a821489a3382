package templates

import (
	"errors"
	"fmt"
	htemplate "html/template"
	"regexp"
	"slices"
	"strings"
	ttemplate "text/template"

	"mailbot/mailbot/calendar"
)

// ErrUnknownTemplate is returned for a template name, or an override file
// name, that the set does not have.
var ErrUnknownTemplate = errors.New("unknown template")

// subjectTemplate is the name a text part defines its subject under.
const subjectTemplate = "subject"

// Rendered is one mail's content.
type Rendered struct {
	// Subject is "" when the template defines none: the caller then uses
	// "Re: <original subject>". Always a single line.
	Subject string
	Text    string // plain-text part, LF line endings, ends with "\n"
	HTML    string // HTML part, a whole document, LF line endings, no blank lines
}

// Set is the parsed templates, safe for concurrent use.
type Set struct {
	byName map[string]*pair
}

// pair is one template name's two parts.
type pair struct {
	text       *ttemplate.Template // executes NAME.txt.tmpl; holds "subject" if defined
	html       *htemplate.Template // executes NAME.html.tmpl
	textOrigin string
	htmlOrigin string
}

// Load parses the embedded templates, each replaced by the file of the same
// name in overrideDir when overrideDir is not "". It then renders every
// template with sample data, so that any error (parse, unknown field,
// unknown file name) is reported here, naming the file, and never when a
// mail is sent.
func Load(overrideDir string) (*Set, error) {
	src, err := loadSources(overrideDir)
	if err != nil {
		return nil, err
	}
	textBase, err := parseTextPartials(src)
	if err != nil {
		return nil, err
	}
	htmlBase, err := parseHTMLPartials(src)
	if err != nil {
		return nil, err
	}
	s := &Set{byName: make(map[string]*pair, len(allNames))}
	for _, name := range allNames {
		p, err := newPair(name, src, textBase, htmlBase)
		if err != nil {
			return nil, err
		}
		s.byName[name] = p
	}
	return s, s.validate()
}

// Names lists the template names, sorted.
func (s *Set) Names() []string {
	names := make([]string, 0, len(s.byName))
	for name := range s.byName {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Render executes template name with d.
func (s *Set) Render(name string, d Data) (Rendered, error) {
	p, ok := s.byName[name]
	if !ok {
		return Rendered{}, fmt.Errorf("render %q: %w", name, ErrUnknownTemplate)
	}
	return p.render(d)
}

// validate renders every template with every validation sample and
// rejects empty parts.
func (s *Set) validate() error {
	for _, name := range s.Names() {
		p := s.byName[name]
		for _, d := range validationSamples() {
			r, err := p.render(d)
			if err != nil {
				return err
			}
			if strings.TrimSpace(r.Text) == "" {
				return fmt.Errorf("%s: renders an empty text part", p.textOrigin)
			}
			if strings.TrimSpace(r.HTML) == "" {
				return fmt.Errorf("%s: renders an empty HTML part", p.htmlOrigin)
			}
		}
	}
	return nil
}

func (p *pair) render(d Data) (Rendered, error) {
	if d.OfficeHours == "" {
		d.OfficeHours = calendar.DefaultWeek(calendar.GEVHours).French()
	}
	if d.EngineeringHours == "" {
		d.EngineeringHours = calendar.DefaultWeek(calendar.Engineering).French()
	}
	var out Rendered
	var b strings.Builder
	if sub := p.text.Lookup(subjectTemplate); sub != nil {
		if err := sub.Execute(&b, d); err != nil {
			return out, fmt.Errorf("%s: render subject: %w", p.textOrigin, err)
		}
		out.Subject = oneLine(b.String())
		b.Reset()
	}
	if err := p.text.Execute(&b, d); err != nil {
		return out, fmt.Errorf("%s: render: %w", p.textOrigin, err)
	}
	out.Text = tidyText(b.String())
	b.Reset()
	if err := p.html.Execute(&b, d); err != nil {
		return out, fmt.Errorf("%s: render: %w", p.htmlOrigin, err)
	}
	out.HTML = tidyHTML(b.String())
	return out, nil
}

// oneLine folds a subject onto one line: a line break from a template or
// from the centre's subject must never reach the header.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// blankRuns matches three or more line breaks, what conditions that render
// nothing leave behind.
var blankRuns = regexp.MustCompile(`\n{3,}`)

// tidyText drops trailing spaces and collapses blank lines to one, so
// templates can be laid out for reading.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	s = blankRuns.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.Trim(s, "\n") + "\n"
}

// tidyHTML drops the blank lines that template definitions leave between
// elements. Blank lines carry no meaning in HTML outside <pre>, which the
// templates do not use.
func tidyHTML(s string) string {
	lines := strings.Split(s, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if l = strings.TrimRight(l, " \t\r"); l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n") + "\n"
}
