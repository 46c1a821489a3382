// Package prefilter runs a set of regular expressions over one text at
// the cost of a single pass when they cannot match. Go's regexp has no
// literal prefix to skip to in an alternation of words such as
// `\b(?:plis|colis|enveloppes?)\b`, so it tries every position of the
// text; most mail names none of the words. What every match of an
// expression contains is read from its syntax tree (what it needs: literal
// strings, such as "pas" and "recu" for `n'avons pas recu`); all the
// strings go into one Aho-Corasick automaton; Scan runs it once over the
// text, and an expression whose needs are not met there is known not to
// match without running it. When they are met the expression itself decides,
// so results are those of the regexp package.
package prefilter

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Limits: groups of strings a Set tells apart (one bit each in a Text),
// and clauses one requirement keeps.
const (
	maxGroups  = 256
	maxClauses = 16
	// maxExact is how many strings a part of an expression may stand
	// for to be looked for whole.
	maxExact = 64
	// minAnchor is the shortest string worth looking for: one letter is
	// in every text.
	minAnchor = 2
)

// groups is a set of groups of strings, one bit each.
type groups [maxGroups / 64]uint64

func (g *groups) or(o *groups) {
	for i := range g {
		g[i] |= o[i]
	}
}

// has tells whether g holds every group of o.
func (g *groups) has(o *groups) bool {
	for i := range g {
		if g[i]&o[i] != o[i] {
			return false
		}
	}
	return true
}

// Set is a set of expressions scanned together. Compile every expression
// before the first Scan (package-level variables do).
type Set struct {
	res    []*Regexp
	groups map[string]int // a group's strings, joined → its bit
	once   sync.Once
	class  [256]uint8 // byte → column of next; 0 for bytes no string has
	width  int        // columns of next
	next   []int32    // state*width + class → state
	outAt  []uint16   // state → index in out, 0 for none
	out    []groups   // groups whose strings end at a state
}

// Regexp is one expression of a Set.
type Regexp struct {
	re   *regexp.Regexp
	need requirement
	// clauses are need's clauses as groups; nil when the expression is
	// always run.
	clauses []groups
}

// A requirement is what every match of an expression contains: for one
// of its clauses at least, one string of each of the clause's sets. nil
// is no knowledge.
type requirement [][][]string

// MustCompile compiles pattern (regexp syntax) into s. It panics on a
// bad pattern or after s was first scanned.
func (s *Set) MustCompile(pattern string) *Regexp {
	if s.next != nil {
		panic("prefilter: MustCompile after Scan")
	}
	re := regexp.MustCompile(pattern)
	tree, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err) // regexp.MustCompile accepted it
	}
	r := &Regexp{re: re, need: needOf(unfactor(tree))}
	if s.groups == nil {
		s.groups = map[string]int{}
	}
	for _, clause := range r.need {
		var g groups
		for _, set := range clause {
			key := strings.Join(set, "\x00")
			bit, ok := s.groups[key]
			if !ok {
				if len(s.groups) == maxGroups {
					// Out of bits: this one always runs.
					r.need, r.clauses = nil, nil
					break
				}
				bit = len(s.groups)
				s.groups[key] = bit
			}
			g[bit/64] |= 1 << (bit % 64)
		}
		if r.need == nil {
			break
		}
		r.clauses = append(r.clauses, g)
	}
	s.res = append(s.res, r)
	return r
}

// Regexp is the expression itself, unfiltered.
func (r *Regexp) Regexp() *regexp.Regexp { return r.re }

// Regexps lists the set's expressions.
func (s *Set) Regexps() []*Regexp { return s.res }

// Text is a text scanned for a Set's strings.
type Text struct {
	S    string
	set  *Set
	seen groups
}

// Scan reads text once for the strings of every expression of the set.
func (s *Set) Scan(text string) Text {
	s.once.Do(s.build)
	t := Text{S: text, set: s}
	state := int32(0)
	for i := 0; i < len(text); i++ {
		state = s.next[int(state)*s.width+int(s.class[text[i]])]
		if o := s.outAt[state]; o != 0 {
			t.seen.or(&s.out[o])
		}
	}
	return t
}

// MayMatch is false when r cannot match t: what it needs is not there.
// Then r cannot match any part of t.S either, since a match in a part
// holds the same strings.
func (t Text) MayMatch(r *Regexp) bool {
	if r.clauses == nil {
		return true
	}
	for i := range r.clauses {
		if t.seen.has(&r.clauses[i]) {
			return true
		}
	}
	return false
}

// Match is r.Regexp().MatchString(t.S).
func (t Text) Match(r *Regexp) bool { return t.MayMatch(r) && r.re.MatchString(t.S) }

// FindIndex is r.Regexp().FindStringIndex(t.S).
func (t Text) FindIndex(r *Regexp) []int {
	if !t.MayMatch(r) {
		return nil
	}
	return r.re.FindStringIndex(t.S)
}

// Count is the number of successive, non-overlapping matches of r in t.
func (t Text) Count(r *Regexp) int {
	if !t.MayMatch(r) {
		return 0
	}
	return len(r.re.FindAllStringIndex(t.S, -1))
}

// Blank is t with every match of r replaced by as many spaces, offsets
// kept, scanned again when anything was replaced.
func (t Text) Blank(r *Regexp) Text {
	if !t.MayMatch(r) {
		return t
	}
	s := r.re.ReplaceAllStringFunc(t.S, func(m string) string { return strings.Repeat(" ", len(m)) })
	if s == t.S {
		return t
	}
	return t.set.Scan(s)
}

// build makes the Aho-Corasick automaton of every group's strings, as a
// table of transitions over the bytes the strings use.
func (s *Set) build() {
	strs := map[string]groups{}
	for key, bit := range s.groups {
		for _, str := range strings.Split(key, "\x00") {
			g := strs[str]
			g[bit/64] |= 1 << (bit % 64)
			strs[str] = g
		}
	}
	keys := make([]string, 0, len(strs))
	for str := range strs {
		keys = append(keys, str)
		for i := 0; i < len(str); i++ {
			if s.class[str[i]] == 0 {
				s.width++
				s.class[str[i]] = uint8(s.width)
			}
		}
	}
	slices.Sort(keys) // the same automaton every run
	s.width++
	// The trie: goto[state][class], -1 when absent.
	trie := [][]int32{newRow(s.width)}
	out := []groups{{}}
	for _, str := range keys {
		st := 0
		for i := 0; i < len(str); i++ {
			c := s.class[str[i]]
			if trie[st][c] < 0 {
				trie[st][c] = int32(len(trie))
				trie = append(trie, newRow(s.width))
				out = append(out, groups{})
			}
			st = int(trie[st][c])
		}
		g := strs[str]
		out[st].or(&g)
	}
	// Breadth first: each state's failure is the longest proper suffix
	// of its string that is in the trie; missing transitions follow it,
	// and what ends at the failure also ends here.
	fail := make([]int32, len(trie))
	queue := []int32{}
	for c := range s.width {
		if n := trie[0][c]; n > 0 {
			queue = append(queue, n)
		} else {
			trie[0][c] = 0
		}
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		out[st].or(&out[fail[st]])
		for c := range s.width {
			n := trie[st][c]
			if n < 0 {
				trie[st][c] = trie[fail[st]][c]
				continue
			}
			fail[n] = trie[fail[st]][c]
			queue = append(queue, n)
		}
	}
	s.next = make([]int32, 0, len(trie)*s.width)
	for _, row := range trie {
		s.next = append(s.next, row...)
	}
	s.outAt = make([]uint16, len(trie))
	s.out = []groups{{}}
	for st := range out {
		if out[st] != (groups{}) {
			s.outAt[st] = uint16(len(s.out))
			s.out = append(s.out, out[st])
		}
	}
}

func newRow(n int) []int32 {
	row := make([]int32, n)
	for i := range row {
		row[i] = -1
	}
	return row
}

// needOf is what every match of re contains.
func needOf(re *syntax.Regexp) requirement { return strong(need(re)) }

// strong is n without the sets that have a string too short to tell texts
// apart.
func strong(n requirement) requirement {
	var out requirement
	for _, clause := range n {
		var kept [][]string
		for _, set := range clause {
			if shortest(set) >= minAnchor {
				kept = append(kept, set)
			}
		}
		if len(kept) == 0 {
			return nil // this clause may be met by any text
		}
		out = append(out, kept)
	}
	return out
}

// need is what every match of re contains, nil when nothing is known (re
// may match the empty string or any text). Case-folded literals tell
// nothing.
func need(re *syntax.Regexp) requirement {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 || slices.Contains(re.Rune, utf8.RuneError) {
			// U+FFFD also matches an invalid byte, which its UTF-8 is not.
			return nil
		}
		return requirement{{{string(re.Rune)}}}
	case syntax.OpCapture, syntax.OpPlus:
		return need(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return need(re.Sub[0])
		}
		return nil
	case syntax.OpCharClass:
		// A small class is a set of one-character strings.
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi-lo >= 8 || re.Flags&syntax.FoldCase != 0 || lo <= utf8.RuneError && utf8.RuneError <= hi {
				return nil
			}
			for c := lo; c <= hi; c++ {
				set = append(set, string(c))
			}
		}
		if len(set) == 0 || len(set) > 8 {
			return nil
		}
		return requirement{{set}}
	case syntax.OpAlternate:
		var out requirement
		for _, sub := range re.Sub {
			n := strong(need(sub))
			if n == nil {
				return nil
			}
			out = append(out, n...)
		}
		return compact(out)
	case syntax.OpConcat:
		// Every part's need, as long as the clauses stay few; else the
		// better part's.
		// Parts of few known strings side by side are one part:
		// "pas recu", "pas encore recu" rather than "pas" and "recu".
		acc := requirement{{}}
		add := func(n requirement) {
			switch n = strong(n); {
			case n == nil:
			case len(acc)*len(n) <= maxClauses:
				acc = and(acc, n)
			case better(n, acc):
				acc = n
			}
		}
		run := []string{""}
		flush := func() {
			if !slices.Contains(run, "") {
				add(requirement{{run}})
			}
			run = []string{""}
		}
		for _, sub := range re.Sub {
			if e, ok := exact(sub); ok && len(run)*len(e) <= maxExact {
				run = cross(run, e)
				continue
			}
			flush()
			if e, ok := exact(sub); ok {
				run = e
				continue
			}
			add(need(sub))
		}
		flush()
		if len(acc) == 1 && len(acc[0]) == 0 {
			return nil
		}
		return acc
	}
	return nil
}

// exact lists every string re matches, when they are few.
func exact(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary,
		syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return []string{""}, true
	case syntax.OpLiteral, syntax.OpCharClass:
		n := need(re)
		if n == nil {
			return nil, false
		}
		return n[0][0], true
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpQuest:
		e, ok := exact(re.Sub[0])
		if !ok || slices.Contains(e, "") {
			return e, ok
		}
		return append([]string{""}, e...), true
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			e, ok := exact(sub)
			if !ok || len(out)+len(e) > maxExact {
				return nil, false
			}
			out = append(out, e...)
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			e, ok := exact(sub)
			if !ok || len(out)*len(e) > maxExact {
				return nil, false
			}
			out = cross(out, e)
		}
		return out, true
	}
	return nil, false
}

// cross is every string of a followed by every string of b.
func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// and is the need of a then b: each clause of a with each of b.
func and(a, b requirement) requirement {
	var out requirement
	for _, ca := range a {
		for _, cb := range b {
			out = append(out, slices.Concat(ca, cb))
		}
	}
	return out
}

// compact makes an alternation's clauses of one set each one clause, the
// union of the sets, and weakens too many clauses to one set each: the
// best of each clause.
func compact(n requirement) requirement {
	if len(n) <= maxClauses && !allSingle(n) {
		return n
	}
	var set []string
	for _, c := range n {
		set = append(set, bestSet(c)...)
	}
	return requirement{{set}}
}

// bestSet is the set of a clause that filters best.
func bestSet(clause [][]string) []string {
	best := clause[0]
	for _, s := range clause[1:] {
		if betterSet(s, best) {
			best = s
		}
	}
	return best
}

func allSingle(n requirement) bool {
	for _, c := range n {
		if len(c) != 1 {
			return false
		}
	}
	return true
}

// better tells whether a filters better than b: fewer clauses, then the
// better weakest set.
func better(a, b requirement) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return betterSet(weakest(a), weakest(b))
}

// weakest is the worst set of n's clauses' best sets.
func weakest(n requirement) []string {
	var worst []string
	for _, c := range n {
		if best := bestSet(c); worst == nil || betterSet(worst, best) {
			worst = best
		}
	}
	return worst
}

// unfactor undoes the parser's factoring of common prefixes out of an
// alternation, p(?:a|b) back to pa|pb, whose strings are longer: "eeb"
// and "electricien", not "e" or "eb".
func unfactor(re *syntax.Regexp) *syntax.Regexp {
	for i, sub := range re.Sub {
		re.Sub[i] = unfactor(sub)
	}
	if re.Op != syntax.OpConcat {
		return re
	}
	for i := 0; i+1 < len(re.Sub); i++ {
		lit, alt := re.Sub[i], re.Sub[i+1]
		if lit.Op != syntax.OpLiteral || alt.Op != syntax.OpAlternate {
			continue
		}
		out := &syntax.Regexp{Op: syntax.OpAlternate, Flags: alt.Flags}
		for _, a := range alt.Sub {
			out.Sub = append(out.Sub, prepend(lit, a))
		}
		re.Sub = append(append(re.Sub[:i:i], out), re.Sub[i+2:]...)
	}
	// Literals side by side are one.
	subs := re.Sub[:0:0]
	for _, sub := range re.Sub {
		if n := len(subs); n > 0 && sub.Op == syntax.OpLiteral && subs[n-1].Op == syntax.OpLiteral && sub.Flags&syntax.FoldCase == subs[n-1].Flags&syntax.FoldCase {
			subs[n-1] = prepend(subs[n-1], sub)
			continue
		}
		subs = append(subs, sub)
	}
	re.Sub = subs
	if len(re.Sub) == 1 {
		return re.Sub[0]
	}
	return re
}

// prepend is the literal lit followed by re, one literal when both are.
func prepend(lit, re *syntax.Regexp) *syntax.Regexp {
	switch {
	case re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase == lit.Flags&syntax.FoldCase:
		return &syntax.Regexp{Op: syntax.OpLiteral, Flags: lit.Flags, Rune: slices.Concat(lit.Rune, re.Rune)}
	case re.Op == syntax.OpEmptyMatch:
		return lit
	case re.Op == syntax.OpConcat:
		return unfactor(&syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: append([]*syntax.Regexp{lit}, re.Sub...)})
	case re.Op == syntax.OpAlternate:
		out := &syntax.Regexp{Op: syntax.OpAlternate, Flags: re.Flags}
		for _, a := range re.Sub {
			out.Sub = append(out.Sub, prepend(lit, a))
		}
		return out
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: []*syntax.Regexp{lit, re}}
}

// betterSet tells whether the strings a filter better than b: a string of
// one or two letters is in most texts, one of four is rare enough, and
// fewer strings are fewer chances.
func betterSet(a, b []string) bool {
	if ma, mb := min(shortest(a), 4), min(shortest(b), 4); ma != mb {
		return ma > mb
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return shortest(a) > shortest(b)
}

func shortest(a []string) int {
	n := -1
	for _, s := range a {
		if l := len(s); n < 0 || l < n {
			n = l
		}
	}
	return n
}
