package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mailbot/mailbot/config"
)

var rowLink = regexp.MustCompile(`<td class="ref"><a href="/conversation/(GEV-[A-Z0-9]+)">`)

func TestTriageFilters(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"GEV-PLIS01", "GEV-XSS001", "GEV-ING001", "GEV-CERES1"}},
		{"secteur=btp", []string{"GEV-PLIS01", "GEV-ING001"}},
		{"categorie=ceres_support", []string{"GEV-CERES1"}},
		{"statut=waiting_engineer", []string{"GEV-ING001"}},
		{"priorite=urgent", []string{"GEV-PLIS01"}},
		{"attente=1", []string{"GEV-CERES1"}},
		{"du=2027-03-09&au=2027-03-09", []string{"GEV-PLIS01", "GEV-XSS001"}},
		{"au=2027-03-08", []string{"GEV-ING001", "GEV-CERES1"}},
		{"q=ma%C3%A7on", []string{"GEV-ING001"}},
		{"q=" + url.QueryEscape("svg onload"), []string{"GEV-XSS001"}},
		{"q=ceres1", []string{"GEV-CERES1"}},
		{"secteur=ccp&priorite=urgent", nil},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			w := c.get("/?" + tc.query)
			var got []string
			for _, m := range rowLink.FindAllStringSubmatch(body(w), -1) {
				got = append(got, m[1])
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMailContentIsShownAsText(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	for _, path := range []string{"/", "/conversation/GEV-XSS001", "/?q=" + url.QueryEscape(hostileSubject)} {
		t.Run(path, func(t *testing.T) {
			b := body(c.get(path))
			for _, bad := range []string{"<script", "<img", "<b onmouseover", "<svg onload", "</pre><script"} {
				if strings.Contains(b, bad) {
					t.Errorf("page contains %q unescaped", bad)
				}
			}
			if !strings.Contains(b, "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;") {
				t.Error("the hostile subject is not on the page as text")
			}
		})
	}
}

func TestConversationPage(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	b := body(c.get("/conversation/GEV-CERES1"))
	for _, want := range []string{"Connexion CERES", "En attente de validation", "Voici la marche à suivre.",
		`action="/conversation/GEV-CERES1/envoi/held-1/modifier"`, `formaction="/conversation/GEV-CERES1/envoi/held-1/valider"`,
		`formaction="/conversation/GEV-CERES1/envoi/held-1/abandonner"`, "Reclasser", "Réaffecter", "Marquer comme traité"} {
		if !strings.Contains(b, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	b = body(c.get("/conversation/GEV-XSS001"))
	for _, want := range []string{"Décision du bot", "confiance 42 %", "aucune règle sûre", "Confier à un agent"} {
		if !strings.Contains(b, want) {
			t.Errorf("decision lacks %q", want)
		}
	}
	if w := c.get("/conversation/GEV-NOPE00"); w.Code != http.StatusNotFound {
		t.Errorf("unknown conversation: got %d, want 404", w.Code)
	}
}

func TestActions(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	tests := []struct {
		path string
		form url.Values
		want string
	}{
		{"/conversation/GEV-CERES1/envoi/held-1/valider", nil, "approve held-1 by marie"},
		{"/conversation/GEV-CERES1/envoi/held-1/modifier", url.Values{"texte": {"Bonjour,\r\nTexte revu."}}, "edit held-1 by marie: Bonjour,\nTexte revu."},
		{"/conversation/GEV-CERES1/envoi/held-1/abandonner", nil, "discard held-1 by marie"},
		{"/conversation/GEV-XSS001/reclasser", url.Values{"categorie": {"complaint"}}, "reclassify GEV-XSS001 as complaint by marie"},
		{"/conversation/GEV-XSS001/secteur", url.Values{"secteur": {"ccp"}}, "reassign GEV-XSS001 to ccp by marie"},
		{"/conversation/GEV-XSS001/note", url.Values{"texte": {"Appelé le centre"}}, "note GEV-XSS001 by marie: Appelé le centre"},
		{"/conversation/GEV-XSS001/clore", nil, "done GEV-XSS001 by marie"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			before := len(f.bot.Calls())
			form := url.Values{"csrf": {c.csrf}}
			for k, v := range tc.form {
				form[k] = v
			}
			w := c.post(tc.path, form)
			id := strings.Split(tc.path, "/")[2]
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/conversation/"+id {
				t.Fatalf("got %d to %q, want 303 back to the conversation", w.Code, w.Header().Get("Location"))
			}
			calls := f.bot.Calls()
			if len(calls) != before+1 || calls[before] != tc.want {
				t.Errorf("got calls %v, want %q", calls[before:], tc.want)
			}
		})
	}
}

func TestActionRefusals(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	tests := []struct {
		name, path string
		form       url.Values
		flash      string
	}{
		{"mail of another conversation", "/conversation/GEV-PLIS01/envoi/held-1/valider", nil, "n&#39;appartient pas"},
		{"unknown sector", "/conversation/GEV-PLIS01/secteur", url.Values{"secteur": {"marine"}}, "secteur inconnu"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"csrf": {c.csrf}}
			for k, v := range tc.form {
				form[k] = v
			}
			c.post(tc.path, form)
			if b := body(c.get("/conversation/GEV-PLIS01")); !strings.Contains(b, tc.flash) {
				t.Errorf("the page does not say %q", tc.flash)
			}
		})
	}
	if calls := f.bot.Calls(); len(calls) != 0 {
		t.Errorf("refused actions reached the bot: %v", calls)
	}
	f.bot.err = errors.New("mail held-1 is sent, not held")
	c.post("/conversation/GEV-CERES1/envoi/held-1/valider", url.Values{"csrf": {c.csrf}})
	if b := body(c.get("/conversation/GEV-CERES1")); !strings.Contains(b, "Action impossible : mail held-1 is sent, not held") {
		t.Error("the bot's refusal is not shown")
	}
}

func TestStatsPage(t *testing.T) {
	f := newFixture(t, config.Web{})
	c := signIn(t, f.srv.Handler())
	b := body(c.get("/statistiques?jours=7"))
	for _, want := range []string{"Courrier reçu par jour et par catégorie", "Courrier reçu par jour et par secteur",
		"Bot seul", "Avec un agent", "<svg", "<rect", "Plis non reçus (1)", "BTP (2)"} {
		if !strings.Contains(b, want) {
			t.Errorf("stats page lacks %q", want)
		}
	}
}
