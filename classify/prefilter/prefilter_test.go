package prefilter

import (
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// testSet holds expressions of the shapes the classifier writes: word
// alternations, factored prefixes, optional apostrophes, gaps, anchors of
// the text and one expression that needs no string.
var (
	testSet     Set
	testSources = []string{
		`\b(?:macon\w*|plombiers?|eeb|electricien\w*|conducteur\w* d[' ]?engins|travaux publics)\b`,
		`\b(?:tp|titres? professionnels?|titre complet|dte tp)\b`,
		`\bn[' ]?(?:avons|ai|a) (?:pas|jamais) (?:encore )?(?:recu|eu)\w*(?:\s*(?:[.,;:!?]|$))`,
		`\b(?:plis|colis)[^.?!\n]{0,20}\bnon (?:recu|arrive)\w*`,
		`\bliens? (?:du |des |d[' ]?)?(?:jury|candidats?)\b`,
		`\b(?:pas (?:de|d[' ]?un|une) ccp|hors ccp)\b`,
		`(?i)plis`,
		`\d+`,
		`\bgar[çc]on\b|\bcœur\b`,
	}
	testRegexps = func() []*Regexp {
		var out []*Regexp
		for _, s := range testSources {
			out = append(out, testSet.MustCompile(s))
		}
		return out
	}()
)

// check compares every answer of the filtered expressions on text with
// the regexp package's own.
func check(t *testing.T, text string) {
	t.Helper()
	sc := testSet.Scan(text)
	for i, r := range testRegexps {
		re := regexp.MustCompile(testSources[i])
		if got, want := sc.Match(r), re.MatchString(text); got != want {
			t.Errorf("%q in %q: Match %v, regexp %v (need %q)", testSources[i], text, got, want, r.need)
		}
		if got, want := sc.FindIndex(r), re.FindStringIndex(text); !slices.Equal(got, want) {
			t.Errorf("%q in %q: FindIndex %v, regexp %v", testSources[i], text, got, want)
		}
		if !sc.MayMatch(r) {
			// Nor in any part of the text: callers filter a part by the
			// whole's scan.
			for from := range len(text) {
				if re.MatchString(text[from:]) {
					t.Errorf("%q matches %q, a part of %q, which MayMatch ruled out", testSources[i], text[from:], text)
					break
				}
			}
		}
		if got, want := sc.Count(r), len(re.FindAllStringIndex(text, -1)); got != want {
			t.Errorf("%q in %q: Count %d, regexp %d", testSources[i], text, got, want)
		}
		blanked := re.ReplaceAllStringFunc(text, func(m string) string { return strings.Repeat(" ", len(m)) })
		b := sc.Blank(r)
		if b.S != blanked {
			t.Errorf("%q in %q: Blank %q, regexp %q", testSources[i], text, b.S, blanked)
		}
		if b != testSet.Scan(blanked) {
			t.Errorf("%q in %q: Blank's scan differs from a new one", testSources[i], text)
		}
	}
}

func TestSameAnswersAsRegexp(t *testing.T) {
	for _, text := range []string{
		"",
		"bonjour",
		"session tp macon du 12/10",
		"Session TP Maçon", // not normalised: the expressions see capitals
		"nous n'avons pas recu les plis.",
		"nous n avons pas recu les plis",
		"nous navons jamais eu",
		"n'avons pas encore recu",
		"plis du jury non recus, colis non arrive",
		"le lien d'jury, les liens des candidats, lien djury",
		"pas de ccp, pas d'un ccp, hors ccp, pas d un ccp",
		"conducteurs d engins et plombiers, electriciennes",
		"garçon, garcon, cœur, coeur",
		"PLIS Plis plis",
		"\xff\xfe invalid bytes plis \xc3",
		"titre professionnel, titres professionnels, titre complet, dte tp",
		"12 candidats le 3/4",
	} {
		check(t, text)
	}
}

func FuzzSameAnswersAsRegexp(f *testing.F) {
	f.Add("nous n'avons pas recu les plis du tp macon")
	f.Add("les liens jury et candidats; pas de ccp")
	f.Fuzz(func(t *testing.T, text string) {
		check(t, text)
	})
}

func TestNeed(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		want    requirement
	}{
		{`\b(?:plis|pli|colis)\b`, requirement{{{"plis", "pli", "colis"}}}},
		// The parser's factored prefix is put back.
		{`\b(?:tp|titre complet|eeb|electricien\w*)\b`, requirement{{{"tp", "titre complet", "eeb", "electricien"}}}},
		// Parts of few strings side by side are looked for whole.
		{`n[' ]?avons (?:pas|jamais) recu`, requirement{{{"navons pas recu", "navons jamais recu", "n avons pas recu", "n avons jamais recu", "n'avons pas recu", "n'avons jamais recu"}}}},
		{`[ab]x?y[cd]`, requirement{{{"ayc", "ayd", "axyc", "axyd", "byc", "byd", "bxyc", "bxyd"}}}},
		// Else every part, one letter left out.
		{`\bn[' ]?\w*(?:avons|ai) pas\b`, requirement{{{"avons pas", "ai pas"}}}},
		{`\bn\w*avons\w* (?:pas|jamais)\w* recu`, requirement{{{"avons"}, {" pas", " jamais"}, {" recu"}}}},
		// Alternatives of several parts stay apart.
		{`\b(?:ne pas envoyer|rien recu)\b`, requirement{{{"ne pas envoyer", "rien recu"}}}},
		{`\b(?:plis\w* non|rien \w+ recu)\b`, requirement{{{"plis"}, {" non"}}, {{"rien "}, {" recu"}}}},
		// Nothing known: the expression always runs.
		{`\w+`, nil},
		{`(?:plis)?`, nil},
		{`(?i)plis`, nil},
		{`plis|\d`, nil},
		{`\x{FFFD}`, nil},
	} {
		tree, err := syntax.Parse(tt.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := needOf(unfactor(tree)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("need of %q = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

// An expression that needs no string is run on every text.
func TestNoNeedAlwaysRuns(t *testing.T) {
	sc := testSet.Scan("rien ici 42")
	if !sc.Match(testRegexps[7]) {
		t.Error(`\d+ not found in "rien ici 42"`)
	}
}
