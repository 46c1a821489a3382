package words

import (
	"strings"
	"testing"

	"mailbot/classify/clean"
)

// negatedWords lists the words of text under a negation.
func negatedWords(text string) string {
	var out []string
	for _, t := range Tokenize(clean.Normalize(text)).Tokens {
		if t.Negated {
			out = append(out, t.Word)
		}
	}
	return strings.Join(out, " ")
}

func TestNegation(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Pas reçu les plis.", "recu les plis"},
		{"Nous n'avons reçu aucun des plis.", "avons recu des plis"},
		{"Je ne sais pas si les plis sont arrivés.", "sais si les plis sont arrives"},
		{"Le colis n'est pas arrivé, les liens marchent.", "est arrive"},
		{"Rien reçu mais les liens marchent.", "recu"},
		{"Nous avons bien reçu les plis. Merci.", ""},
		{"navons toujours pas recu", "recu"}, // "navons" is one word: "pas" still negates
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := negatedWords(tt.text); got != tt.want {
				t.Errorf("negated words of %q: got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	got := Tokenize(clean.Normalize("Peut-on l'utiliser ? Oui. Merci"))
	var ws []string
	for _, tok := range got.Tokens {
		ws = append(ws, tok.Word)
	}
	if w := strings.Join(ws, " "); w != "peut on l utiliser oui merci" {
		t.Errorf("words: got %q", w)
	}
	if len(got.Sentences) != 3 || !got.Sentences[0].Question || got.Sentences[1].Question {
		t.Errorf("sentences: got %+v, want 3, the first a question", got.Sentences)
	}
	if got.Tokens[5].Sentence != 2 {
		t.Errorf("'merci' in sentence %d, want 2", got.Tokens[5].Sentence)
	}
	long := Tokenize(strings.Repeat("mot ", 3*maxTokens))
	if len(long.Tokens) != maxTokens {
		t.Errorf("long text: %d tokens, want the cap %d", len(long.Tokens), maxTokens)
	}
}

func TestStem(t *testing.T) {
	// Writers with and without accents, singular and plural, meet.
	for _, group := range [][]string{
		{"annulée", "annulee", "annulées", "annulation", "annulé"},
		{"reçu", "recu", "reçus", "reçue"},
		{"plis", "pli"},
		{"décaler", "decaler", "décalée"},
		{"2027", "14"},
	} {
		want := Stem(clean.Normalize(group[0]))
		for _, w := range group[1:] {
			if got := Stem(clean.Normalize(w)); got != want {
				t.Errorf("Stem(%q) = %q, want %q like %q", w, got, want, group[0])
			}
		}
	}
}

func TestPhrases(t *testing.T) {
	p := MustCompile([][]string{{"session … annulée"}, {"bien reçu"}, {"pas reçu"}})
	tests := []struct {
		text string
		want string // list:negated per match
	}{
		{"La session du 12 mars est donc annulée.", "0:false"},
		{"Session prévue. Elle est annulée.", ""}, // not across sentences
		{"Nous avons bien reçu les plis.", "1:false"},
		{"Je ne sais pas si nous avons bien reçu les plis.", "1:true"},
		{"Nous n'avons pas reçu les plis.", "2:false"}, // the phrase states the negation
		{"Les annulations de sessions.", ""},           // order matters
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			p.Find(Tokenize(clean.Normalize(tt.text)), func(m Match) {
				got = append(got, strings.Join([]string{string(rune('0' + m.List)), map[bool]string{true: "true", false: "false"}[m.Negated]}, ":"))
			})
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got %q, want %q", g, tt.want)
			}
		})
	}
	if _, err := Compile([][]string{{"… reçu"}}); err == nil {
		t.Errorf("a phrase starting with a gap: got no error")
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "n'avons pas reçu ?", "peut-on… l'utiliser", "\xff\xfe", "a.b?c!d,e;f:g(h)i"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		txt := Tokenize(clean.Normalize(s))
		if len(txt.Tokens) > maxTokens {
			t.Fatalf("%d tokens, over the cap", len(txt.Tokens))
		}
		for i, sen := range txt.Sentences {
			if sen.Start >= sen.End || sen.End > len(txt.Tokens) || (i > 0 && sen.Start != txt.Sentences[i-1].End) {
				t.Fatalf("sentence %d spans [%d, %d) of %d tokens", i, sen.Start, sen.End, len(txt.Tokens))
			}
		}
	})
}
