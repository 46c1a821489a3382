package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mailbot/classify/corpus"
	"mailbot/mailbot/app"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/testutil"
)

// demoHash is the bcrypt hash (cost 4) of "demo".
const demoHash = "$2a$04$UGwojmXLiqpwydAgc7XnZuGrSqqzv6s2MqdPwjAV54AY1nEjrll5S"

// tiersTemps are questions about applying a candidate's extra time (tiers
// temps) to a DTE, which the engineers answer: written for this test, in
// several voices, they are of a kind the embedded model does not know and
// sends to "other".
var tiersTemps = []struct{ subject, body string }{
	{"Tiers temps", "Bonjour, un candidat a droit au tiers temps, comment l'organiser pour l'épreuve du 12 avril ? Merci"},
	{"Candidat RQTH", "Bonjour, une candidate reconnue travailleur handicapé doit passer la mise en situation, quel aménagement de durée prévoir ? Cordialement"},
	{"Aménagement d'épreuve", "Bonjour, pour un candidat malvoyant, pouvons-nous agrandir les documents du sujet et lui accorder un temps majoré ? Merci de votre retour"},
	{"Handicap", "Madame, Monsieur, un stagiaire dyslexique bénéficie d'un tiers-temps : faut-il rallonger chaque partie de l'épreuve ou seulement l'écrit ?"},
	{"Temps majoré", "Bonjour, comment appliquer le temps majoré d'un candidat en situation de handicap sur la partie pratique ? Bien à vous"},
	{"question aménagement", "bonjour, candidat avec notification MDPH, on peut lui laisser 1/3 temps en plus sur le dossier technique ? merci"},
	{"Tiers-temps épreuve", "Bonjour, notre candidat a un aménagement tiers temps : l'entretien technique est-il aussi prolongé ? Cordialement"},
	{"Durée de l'épreuve", "Bonjour,\nle centre accueille jeudi un candidat sourd avec un tiers temps accordé. La durée totale passe-t-elle de 6 h à 8 h ?\nMerci"},
	{"CANDIDAT TIERS TEMPS", "BONJOUR, UN CANDIDAT AURA UN TIERS TEMPS LE 20/05, ON DECALE LA FIN DE L EPREUVE OU ON COUPE UNE PARTIE ? MERCI"},
	{"Demande d'aménagement", "Bonjour, suite à l'avis du médecin, un candidat bénéficie d'une majoration d'un tiers du temps. Devons-nous adapter le planning du jury pour les trois parties du sujet ?"},
	{"tiers temps ?", "slt, candidate enceinte avec tps majoré d'1/3 demain, comment on fait pour la partie écrite du dte ? thx"},
}

// minCorrections is how many of tiersTemps the bot must get wrong for the
// test to show learning.
const minCorrections = 6

// fresh is a new mail of the same kind, in other words.
const fresh = "From: Centre Nord <accueil@centre-nord.test>\r\nTo: epreuves-btp@afpa.fr\r\nSubject: Candidate avec aménagement\r\n" +
	"Date: Mon, 8 Mar 2027 09:50:00 +0100\r\nMessage-ID: <fresh@centre-nord.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
	"Bonjour,\r\nune de nos candidates a obtenu un tiers temps pour raison de santé. Comment répartir ce temps supplémentaire sur les différentes parties du sujet ?\r\nMerci d'avance\r\n"

// TestCorrectionsTeachTheModel: agents reclassify, in the dashboard, mails
// the bot sent to the wrong category; `mailbot corrections export` writes
// them as labelled mail; `mailbot train --corpus testdata/train --corpus
// DIR` makes a model that classifies a new mail of that kind right, where
// the embedded model did not.
func TestCorrectionsTeachTheModel(t *testing.T) {
	imapSrv, sink := testutil.IMAP(t, "epreuves-btp@afpa.fr"), testutil.Sink(t)
	conf := testutil.NewConfig(t, imapSrv.Addr(), sink.Addr()).Mailbox("btp").WebUser("marie", demoHash)
	cfgFile := conf.Write()
	clock := testutil.NewClock(time.Date(2027, time.March, 1, 10, 0, 0, 0, calendar.Paris))
	a, err := app.New(conf.Parse(), app.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	stop := func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if err := a.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
	defer func() {
		if done != nil {
			stop()
		}
	}()
	for i, m := range tiersTemps {
		raw := fmt.Sprintf("From: Centre %d <certif%d@centre.test>\r\nTo: epreuves-btp@afpa.fr\r\nSubject: %s\r\nDate: Mon, 1 Mar 2027 09:%02d:00 +0100\r\nMessage-ID: <tt%d@centre.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n",
			i, i, m.subject, 10+i, i, strings.ReplaceAll(m.body, "\n", "\r\n"))
		if _, err := imapSrv.Append(context.Background(), "epreuves-btp@afpa.fr", "INBOX", []byte(raw)); err != nil {
			t.Fatal(err)
		}
	}
	// Agents reclassify in the dashboard what the bot got wrong and close
	// what it got right.
	dash := signInOver(t, "http://"+a.WebAddr())
	corrected := 0
	for _, c := range testutil.WaitConversations(t, a.Store, len(tiersTemps)) {
		if c.Category == "engineering_question" {
			if page := dash.post("/conversation/"+c.ID+"/clore", url.Values{}); !strings.Contains(page, "Conversation close") {
				t.Fatalf("closing %s in the dashboard:\n%s", c.ID, page)
			}
			continue
		}
		page := dash.post("/conversation/"+c.ID+"/reclasser", url.Values{"categorie": {"engineering_question"}})
		if !strings.Contains(page, "Conversation reclassée") {
			t.Fatalf("reclassifying %s in the dashboard:\n%s", c.ID, page)
		}
		corrected++
	}
	if corrected < minCorrections {
		t.Fatalf("the embedded model got only %d of %d mails wrong: write mail of a kind it does not know yet", corrected, len(tiersTemps))
	}
	stats := fmt.Sprintf("%d accord(s) sur %d échantillon(s)", len(tiersTemps)-corrected, len(tiersTemps))
	if page := dash.get("/statistiques?jours=30"); !strings.Contains(page, stats) {
		t.Errorf("the stats page does not say %q:\n%s", stats, page)
	}
	// Exported while the daemon runs (from its copy), then from the file
	// once it stopped: the same folder.
	dir, after := filepath.Join(t.TempDir(), "corrections"), filepath.Join(t.TempDir(), "again")
	var out bytes.Buffer
	if err := dispatch(context.Background(), "corrections", []string{"export", dir, "--config", cfgFile}, &out, io.Discard); err != nil {
		t.Fatalf("export while the daemon runs: %v", err)
	}
	stop()
	done = nil
	if err := dispatch(context.Background(), "corrections", []string{"export", after, "--config", cfgFile}, io.Discard, io.Discard); err != nil {
		t.Fatalf("export after the daemon stopped: %v", err)
	}
	running, _ := os.ReadFile(filepath.Join(dir, "labels.jsonl"))
	stopped, _ := os.ReadFile(filepath.Join(after, "labels.jsonl"))
	if len(running) == 0 || !bytes.Equal(running, stopped) {
		t.Errorf("labels exported while the daemon ran differ from those exported after:\n%s\n%s", running, stopped)
	}
	labels, err := corpus.Read(dir)
	if err != nil || len(labels) != corrected || !strings.Contains(out.String(), fmt.Sprintf("%d labelled example(s)", corrected)) {
		t.Fatalf("export wrote %d labels (%v): %s", len(labels), err, out.String())
	}
	for _, l := range labels {
		if l.Category != "engineering_question" || l.Mailbox != "btp" {
			t.Errorf("label %+v: want the agent's category in the btp mailbox", l)
		}
	}

	mailFile := filepath.Join(t.TempDir(), "fresh.eml")
	if err := os.WriteFile(mailFile, []byte(fresh), 0o600); err != nil {
		t.Fatal(err)
	}
	if before := categoryOf(t, mailFile); before == "engineering_question" {
		t.Fatalf("the embedded model already classifies the new mail right: nothing to learn")
	}
	model := filepath.Join(t.TempDir(), "model.json")
	// Calibrating on a folder, not by cross-validation, makes this one fit
	// instead of six: the test stays short under -race. testdata/corpus,
	// not the held-out fifth, which is only ever measured.
	testdata := filepath.Join("..", "..", "testdata")
	train := []string{"--corpus", filepath.Join(testdata, "train"), "--corpus", dir, "--calibrate", filepath.Join(testdata, "corpus"), "--out", model}
	var log bytes.Buffer
	if err := dispatch(context.Background(), "train", train, io.Discard, &log); err != nil {
		t.Fatalf("train: %v\n%s", err, log.String())
	}
	if !strings.Contains(log.String(), fmt.Sprintf("train: %d messages from %s", corrected, dir)) {
		t.Errorf("train did not read the exported folder:\n%s", log.String())
	}
	if after := categoryOf(t, mailFile, "--model", model); after != "engineering_question" {
		t.Errorf("after retraining with the corrections the new mail is %s, want engineering_question", after)
	}
}

// categoryOf runs mailbot classify and returns the category.
func categoryOf(t *testing.T, file string, flags ...string) string {
	t.Helper()
	var line bytes.Buffer
	if err := dispatch(context.Background(), "classify", append(flags, file), &line, io.Discard); err != nil {
		t.Fatal(err)
	}
	var r struct {
		Category string `json:"category"`
	}
	if err := json.Unmarshal(line.Bytes(), &r); err != nil {
		t.Fatalf("classify output %q: %v", line.String(), err)
	}
	return r.Category
}

// dashboard is a signed-in agent's browser, over HTTP.
type dashboard struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func signInOver(t *testing.T, base string) *dashboard {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	d := &dashboard{t: t, base: base, c: &http.Client{Jar: jar}}
	d.get("/connexion")
	d.post("/connexion", url.Values{"nom": {"marie"}, "mot_de_passe": {"demo"}, "suite": {"/"}})
	d.get("/") // the session's token
	return d
}

func (d *dashboard) get(path string) string {
	d.t.Helper()
	resp, err := d.c.Get(d.base + path)
	return d.read(resp, err)
}

// post sends a form with the page's token and follows the redirect.
func (d *dashboard) post(path string, form url.Values) string {
	d.t.Helper()
	form.Set("csrf", d.csrf)
	resp, err := d.c.PostForm(d.base+path, form)
	return d.read(resp, err)
}

func (d *dashboard) read(resp *http.Response, err error) string {
	d.t.Helper()
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		d.t.Fatal(err)
	}
	if m := csrfField.FindSubmatch(b); m != nil {
		d.csrf = string(m[1])
	}
	return string(b)
}
