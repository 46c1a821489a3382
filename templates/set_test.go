package templates

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	set := mustLoad(t, "")
	want := slices.Sorted(slices.Values(allNames))
	if got := set.Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
}

// TestEveryNameHasBothParts checks the embedded folder: each template file
// belongs to a known name (or is a shared "_" file) and each name has its
// text and HTML parts.
func TestEveryNameHasBothParts(t *testing.T) {
	entries, err := fs.ReadDir(embedded, embeddedDir)
	if err != nil {
		t.Fatal(err)
	}
	present := map[string]bool{}
	for _, e := range entries {
		present[e.Name()] = true
		stem, ok := strings.CutSuffix(e.Name(), textSuffix)
		if !ok {
			stem, ok = strings.CutSuffix(e.Name(), htmlSuffix)
		}
		if !ok {
			t.Errorf("embedded file %s: want suffix %s or %s", e.Name(), textSuffix, htmlSuffix)
			continue
		}
		if !strings.HasPrefix(stem, partialPrefix) && !slices.Contains(allNames, stem) {
			t.Errorf("embedded file %s: %s is not a template name constant", e.Name(), stem)
		}
	}
	for _, name := range allNames {
		for _, file := range []string{name + textSuffix, name + htmlSuffix} {
			if !present[file] {
				t.Errorf("template %s: got no file %s, want one", name, file)
			}
		}
	}
}

func TestRenderUnknownName(t *testing.T) {
	set := mustLoad(t, "")
	_, err := set.Render("no_such_template", SampleData())
	if !errors.Is(err, ErrUnknownTemplate) {
		t.Errorf("got error %v, want ErrUnknownTemplate", err)
	}
}

// TestRenderedParts checks what every mail must carry: the centre's replies
// are signed, name the sector mailbox and say they are automatic; mails to
// engineers carry the reference in their subject.
func TestRenderedParts(t *testing.T) {
	set := mustLoad(t, "")
	const team = "L'équipe de l'Unité Gestion des Épreuves de Validation (GEV) — AFPA"
	for _, name := range set.Names() {
		t.Run(name, func(t *testing.T) {
			d := goldenData(name)
			r, err := set.Render(name, d)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{team, d.MailboxAddress, "Bonjour"}
			if strings.HasPrefix(name, "engineering_") && name != EngineeringAck {
				if !strings.HasPrefix(r.Subject, "["+d.Reference+"] ") {
					t.Errorf("subject %q: want it to start with [%s]", r.Subject, d.Reference)
				}
			} else {
				want = append(want, "réponse automatique", "répondez simplement à ce message")
			}
			for _, part := range []struct{ kind, body string }{{"text", r.Text}, {"html", r.HTML}} {
				for _, w := range want {
					if !strings.Contains(part.body, w) {
						t.Errorf("%s part lacks %q", part.kind, w)
					}
				}
			}
			if !strings.HasPrefix(r.HTML, "<!DOCTYPE html>") || strings.Contains(strings.ToLower(r.HTML), "<script") {
				t.Errorf("html part: want a whole document without scripts, got:\n%s", r.HTML)
			}
		})
	}
}

// TestNoGapsWithoutData renders every template with missing dates and
// fields: nothing may show the hole ("le  ", "[]", " .").
func TestNoGapsWithoutData(t *testing.T) {
	set := mustLoad(t, "")
	samples := map[string]Data{"undated": sampleUndated(), "bare": sampleBare()}
	for label, d := range samples {
		for _, name := range set.Names() {
			t.Run(label+"/"+name, func(t *testing.T) {
				r, err := set.Render(name, d)
				if err != nil {
					t.Fatal(err)
				}
				for _, hole := range []string{"  ", "[]", " .", " ,", "«  »", "<>", "du ;"} {
					if strings.Contains(r.Subject+"\n"+r.Text, hole) {
						t.Errorf("got %q in:\n%s\n%s", hole, r.Subject, r.Text)
					}
				}
			})
		}
	}
}
