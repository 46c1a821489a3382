// Package prefilter runs a set of regular expressions over one text at
// the cost of a single pass when they cannot match. Go's regexp has no
// literal prefix to skip to in an alternation of words such as
// `\b(?:plis|colis|enveloppes?)\b`, so it tries every position of the
// text; most mail names none of the words. Each expression's anchors (a
// few literal strings, one of which every match contains, read from its
// syntax tree) go into one Aho-Corasick automaton; Scan runs it once over
// the text, and an expression none of whose anchors occur there is known
// not to match without running it. When an anchor occurs the expression
// itself decides, so results are those of the regexp package.
package prefilter

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// maxSet is how many expressions one Set holds: one bit each in a Text.
const maxSet = 64

// Set is a set of expressions scanned together. Add every expression
// before the first Scan (package-level variables do).
type Set struct {
	res   []*Regexp
	once  sync.Once
	class [256]uint8 // byte → column of next; 0 for bytes no anchor has
	width int        // columns of next
	next  []int32    // state*width + class → state
	out   []uint64   // state → expressions an anchor ending there names
}

// Regexp is one expression of a Set.
type Regexp struct {
	re  *regexp.Regexp
	bit uint64
	// anchors: one of them is in every match; nil when the expression
	// has none (it is then always run).
	anchors []string
}

// MustCompile compiles pattern (regexp syntax) into s. It panics on a
// bad pattern, on a full Set, or after s was first scanned.
func (s *Set) MustCompile(pattern string) *Regexp {
	if len(s.res) == maxSet {
		panic(fmt.Sprintf("prefilter: more than %d expressions in one set", maxSet))
	}
	if s.next != nil {
		panic("prefilter: MustCompile after Scan")
	}
	re := regexp.MustCompile(pattern)
	tree, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err) // regexp.MustCompile accepted it
	}
	r := &Regexp{re: re, bit: 1 << len(s.res), anchors: Anchors(unfactor(tree))}
	s.res = append(s.res, r)
	return r
}

// String is the expression's source.
func (r *Regexp) String() string { return r.re.String() }

// Regexp is the expression itself, unfiltered.
func (r *Regexp) Regexp() *regexp.Regexp { return r.re }

// Anchors are the strings Scan looks for on r's behalf, nil when r is
// always run.
func (r *Regexp) Anchors() []string { return r.anchors }

// Regexps lists the set's expressions.
func (s *Set) Regexps() []*Regexp { return s.res }

// Text is a text scanned for a Set's anchors.
type Text struct {
	S   string
	set *Set
	may uint64 // expressions whose anchors occur in S, or that have none
}

// Scan reads s once for the anchors of every expression of the set.
func (s *Set) Scan(text string) Text {
	s.once.Do(s.build)
	may := s.out[0] // expressions without anchors
	state := int32(0)
	for i := 0; i < len(text); i++ {
		state = s.next[int(state)*s.width+int(s.class[text[i]])]
		may |= s.out[state]
	}
	return Text{S: text, set: s, may: may}
}

// MayMatch is false when r cannot match t: none of its anchors is in it.
func (t Text) MayMatch(r *Regexp) bool { return t.may&r.bit != 0 }

// Match is r.MatchString(t.S).
func (t Text) Match(r *Regexp) bool { return t.MayMatch(r) && r.re.MatchString(t.S) }

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

// build makes the Aho-Corasick automaton of every anchor, as a table of
// transitions over the bytes the anchors use.
func (s *Set) build() {
	var always uint64
	for _, r := range s.res {
		if r.anchors == nil {
			always |= r.bit
		}
		for _, a := range r.anchors {
			for i := 0; i < len(a); i++ {
				if s.class[a[i]] == 0 {
					s.width++
					s.class[a[i]] = uint8(s.width)
				}
			}
		}
	}
	s.width++
	// The trie: goto[state][class], -1 when absent.
	trie := [][]int32{newRow(s.width)}
	out := []uint64{always}
	for _, r := range s.res {
		for _, a := range r.anchors {
			st := 0
			for i := 0; i < len(a); i++ {
				c := s.class[a[i]]
				if trie[st][c] < 0 {
					trie[st][c] = int32(len(trie))
					trie = append(trie, newRow(s.width))
					out = append(out, 0)
				}
				st = int(trie[st][c])
			}
			out[st] |= r.bit
		}
	}
	// Breadth first: each state's failure is the longest proper suffix
	// of its string that is in the trie; missing transitions follow it.
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
		out[st] |= out[fail[st]]
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
	// Expressions without anchors are possible anywhere.
	for i := range out {
		out[i] |= always
	}
	s.out = out
}

func newRow(n int) []int32 {
	row := make([]int32, n)
	for i := range row {
		row[i] = -1
	}
	return row
}

// Anchors lists literal strings one of which every match of re contains,
// nil when it cannot tell (an expression that may match the empty string
// or any text). Case-folded literals are not anchors.
func Anchors(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 || slices.Contains(re.Rune, utf8.RuneError) {
			// U+FFFD also matches an invalid byte, which its UTF-8 is not.
			return nil
		}
		return []string{string(re.Rune)}
	case syntax.OpCapture, syntax.OpPlus:
		return Anchors(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return Anchors(re.Sub[0])
		}
		return nil
	case syntax.OpCharClass:
		// A small class is a set of one-character anchors.
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi-lo >= 8 || re.Flags&syntax.FoldCase != 0 || lo <= utf8.RuneError && utf8.RuneError <= hi {
				return nil
			}
			for c := lo; c <= hi; c++ {
				out = append(out, string(c))
			}
		}
		if len(out) == 0 || len(out) > 8 {
			return nil
		}
		return out
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			a := Anchors(sub)
			if a == nil {
				return nil
			}
			out = append(out, a...)
		}
		return out
	case syntax.OpConcat:
		// Any one part's anchors will do: the one whose shortest anchor
		// is longest, the fewer anchors the better.
		var best []string
		for _, sub := range re.Sub {
			if a := Anchors(sub); a != nil && better(a, best) {
				best = a
			}
		}
		return best
	}
	return nil
}

// unfactor undoes the parser's factoring of common prefixes out of an
// alternation, p(?:a|b) back to pa|pb, whose anchors are longer: "eeb"
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

// better tells whether anchors a filter better than b: an anchor of one
// or two letters is in most texts, one of four is rare enough, and fewer
// anchors are fewer chances.
func better(a, b []string) bool {
	if b == nil {
		return true
	}
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
