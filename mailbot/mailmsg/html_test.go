package mailmsg

import "testing"

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
