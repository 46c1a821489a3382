package templates

import (
	"fmt"
	htemplate "html/template"
	ttemplate "text/template"
)

// parseTextPartials parses the shared text files into a base set that each
// template name clones.
func parseTextPartials(src files) (*ttemplate.Template, error) {
	base := ttemplate.New(partialPrefix).Funcs(funcs)
	for _, name := range src.partials(textSuffix) {
		if _, err := base.New(name).Parse(src[name].content); err != nil {
			return nil, fmt.Errorf("%s: %w", src[name].origin, err)
		}
	}
	return base, nil
}

// parseHTMLPartials is parseTextPartials for the HTML parts.
func parseHTMLPartials(src files) (*htemplate.Template, error) {
	base := htemplate.New(partialPrefix).Funcs(funcs)
	for _, name := range src.partials(htmlSuffix) {
		if _, err := base.New(name).Parse(src[name].content); err != nil {
			return nil, fmt.Errorf("%s: %w", src[name].origin, err)
		}
	}
	return base, nil
}

// newPair parses template name's two files on top of clones of the shared
// pieces. Naming each parsed template after its file makes text/template's
// own messages point at the right file and line.
func newPair(name string, src files, textBase *ttemplate.Template, htmlBase *htemplate.Template) (*pair, error) {
	textFile, htmlFile := name+textSuffix, name+htmlSuffix
	textSrc, okText := src[textFile]
	htmlSrc, okHTML := src[htmlFile]
	if !okText || !okHTML {
		return nil, fmt.Errorf("template %s: embedded set lacks %s or %s", name, textFile, htmlFile)
	}
	t, err := textBase.Clone()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", textSrc.origin, err)
	}
	if t, err = t.New(textFile).Parse(textSrc.content); err != nil {
		return nil, fmt.Errorf("%s: %w", textSrc.origin, err)
	}
	h, err := htmlBase.Clone()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", htmlSrc.origin, err)
	}
	if h, err = h.New(htmlFile).Parse(htmlSrc.content); err != nil {
		return nil, fmt.Errorf("%s: %w", htmlSrc.origin, err)
	}
	if h.Lookup(subjectTemplate) != nil {
		return nil, fmt.Errorf("%s: defines %q: the subject belongs in %s", htmlSrc.origin, subjectTemplate, textFile)
	}
	return &pair{
		text: t, html: h,
		textOrigin: src.originWith(textFile, textSuffix),
		htmlOrigin: src.originWith(htmlFile, htmlSuffix),
	}, nil
}
