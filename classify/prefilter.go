package classify

import (
	"regexp"
	"regexp/syntax"
	"strings"
)

// Go's regexp engine has no literal prefilter for patterns that start with
// an alternation, and a hundred cues over every message add up. A literal
// filter lists strings of which any match must contain at least one: when
// none is in the text, the cue cannot match and its regexp is not run.

// minFilterLen is the shortest literal worth filtering on.
const minFilterLen = 3

// literalFilter derives the filter of re, nil when none can be derived
// (the regexp must then always run).
func literalFilter(re *regexp.Regexp) []string {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	return required(tree.Simplify())
}

// required returns literals of which every match of n contains one.
func required(n *syntax.Regexp) []string {
	switch n.Op {
	case syntax.OpLiteral:
		if n.Flags&syntax.FoldCase != 0 || len(n.Rune) < minFilterLen {
			return nil
		}
		return []string{string(n.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return required(n.Sub[0])
	case syntax.OpRepeat:
		if n.Min >= 1 {
			return required(n.Sub[0])
		}
	case syntax.OpConcat:
		return bestOf(n.Sub)
	case syntax.OpAlternate:
		var all []string
		for _, s := range n.Sub {
			r := required(s)
			if r == nil {
				return nil
			}
			all = append(all, r...)
		}
		return all
	}
	return nil
}

// bestOf picks, among the parts of a concatenation, the filter whose
// shortest literal is longest: every part must match, so any will do.
func bestOf(parts []*syntax.Regexp) []string {
	var best []string
	bestLen := 0
	for _, p := range parts {
		r := required(p)
		if r == nil {
			continue
		}
		shortest := len(r[0])
		for _, s := range r {
			shortest = min(shortest, len(s))
		}
		if shortest > bestLen {
			best, bestLen = r, shortest
		}
	}
	return best
}

// mayMatch tells whether text contains one of filter's literals; a nil
// filter always may.
func mayMatch(filter []string, text string) bool {
	if filter == nil {
		return true
	}
	for _, lit := range filter {
		if strings.Contains(text, lit) {
			return true
		}
	}
	return false
}
