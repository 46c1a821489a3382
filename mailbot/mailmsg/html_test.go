package mailmsg

import (
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"paragraphs", "<p>Bonjour,</p><p>Merci.</p>", "Bonjour,\nMerci."},
		{"br and blank line", "Ligne 1<br>Ligne 2<br><br>Ligne 4", "Ligne 1\nLigne 2\n\nLigne 4"},
		{"gmail divs", "<div>Bonjour,</div><div><br></div><div>Texte</div>", "Bonjour,\n\nTexte"},
		{"outlook empty paragraph", `<p class=MsoNormal>A<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>B</p>`, "A\n\nB"},
		{"entities", "caf&eacute; &amp; th&#233; &lt;ok&gt; l&#8217;&eacute;t&eacute;", "café & thé <ok> l’été"},
		{"white space collapses", "<p>  un\n   deux\t trois  </p>", "un deux trois"},
		{"inline tags keep spacing", "<p>les <b>liens</b> <i>DTE</i>,ok</p>", "les liens DTE,ok"},
		{"head style script skipped", "<html><head><title>T</title><style>p{color:red}</style></head><body><script>var x=1;</script><p>Vu</p></body></html>", "Vu"},
		{"conditional comments skipped", "<!--[if gte mso 9]><xml><o:shapedefaults/></xml><![endif]--><p>Texte</p><!-- note -->", "Texte"},
		{"word xml element skipped", "<xml><w:WordDocument>Normal</w:WordDocument></xml><p>Texte</p>", "Texte"},
		{"unclosed head", "<head><style>x{}</style><body><p>Corps</p>", "Corps"},
		{"table rows and cells", "<table><tr><td>Nom</td><td>Date</td></tr><tr><td>Paul</td><td>12/05</td></tr></table>", "Nom Date\nPaul 12/05"},
		{"list items", "<ul><li>un</li><li>deux</li></ul>", "un\ndeux"},
		{"headings", "<h1>Titre</h1>texte", "Titre\ntexte"},
		{"blank lines collapse", "<p>A</p><br><br><br><br><p>B</p>", "A\n\nB"},
		{"pre keeps layout", "<pre>a  b\n  c</pre>", "a  b\n  c"},
		{"blockquote prefixed", "<p>Réponse</p><blockquote><p>Question ?</p><p>Merci</p></blockquote>", "Réponse\n> Question ?\n> Merci"},
		{"nested blockquote", "<blockquote>un<blockquote>deux</blockquote>trois</blockquote>", "> un\n> > deux\n> trois"},
		{"blank line in quote collapses", "<blockquote>a<br><br><br>b</blockquote>", "> a\n>\n> b"},
		{"empty", "", ""},
		{"broken markup", "<p>a<div<<b>b</p></td></tr>c", "ab\nc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLToText(tt.html); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// quoteBomb is n nested <blockquote> elements with a word at each level:
// turned into quoted lines naively, its text grows with n².
func quoteBomb(n int) string { return strings.Repeat("<blockquote>a", n) }

func TestHTMLQuoteBombStaysLinear(t *testing.T) {
	got := HTMLToText(quoteBomb(5000))
	if len(got) > maxTextBytes {
		t.Errorf("got %d bytes of text, want at most %d", len(got), maxTextBytes)
	}
	deepest := 0
	for _, line := range strings.Split(got, "\n") {
		deepest = max(deepest, strings.Count(line, ">"))
	}
	if deepest != maxQuoteDepth {
		t.Errorf("deepest line is quoted %d times, want %d", deepest, maxQuoteDepth)
	}
	// Memory grows with the input, not with its square: twice the
	// levels may cost twice the bytes, not four times.
	small, large := allocated(func() { HTMLToText(quoteBomb(4000)) }), allocated(func() { HTMLToText(quoteBomb(8000)) })
	if large > 3*small {
		t.Errorf("allocated %d bytes for 4000 levels and %d for 8000: not linear", small, large)
	}
}

func TestHTMLTextIsCapped(t *testing.T) {
	m := Parse(strings.NewReader("Content-Type: text/html\r\n\r\n" + strings.Repeat("<p>mot mot mot mot</p>", 150_000)))
	if len(m.Text) > maxTextBytes {
		t.Errorf("got %d bytes of text from HTML, want at most %d, as for plain text", len(m.Text), maxTextBytes)
	}
	if !slices.ContainsFunc(m.Problems, func(p string) bool { return strings.Contains(p, "tronqué à") }) {
		t.Errorf("the cut is not reported: %q", m.Problems)
	}
}

// allocated is how many bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
