package train

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/classify"
	"mailbot/classify/model"
	"mailbot/mailbot/mailmsg"
)

// TestEmbeddedModelIsReproducible: the model in the binary is exactly what
// `mailbot train` makes from the repository's labelled mail. When the mail
// or the features change, regenerate it (see README):
//
//	go run ./cmd/mailbot train --out classify/model/default.json
func TestEmbeddedModelIsReproducible(t *testing.T) {
	corpora := DefaultFolders(filepath.Join("..", ".."))
	if len(corpora) == 0 {
		t.Fatal("no training folder under testdata")
	}
	m, err := Run(context.Background(), Options{Corpora: corpora}, nil)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	got, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, model.DefaultJSON()) {
		t.Errorf("classify/model/default.json is not what training on %v makes (%d bytes vs %d): run `go run ./cmd/mailbot train --out classify/model/default.json`", corpora, len(got), len(model.DefaultJSON()))
	}
}

func TestDefaultFolders(t *testing.T) {
	root := t.TempDir()
	if got := DefaultFolders(root); len(got) != 0 {
		t.Errorf("empty root: got %v, want none", got)
	}
	dir := filepath.Join(root, "testdata", "corpus")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "labels.jsonl"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "testdata", "train"), 0o755); err != nil { // no labels: not a corpus
		t.Fatal(err)
	}
	if got := DefaultFolders(root); len(got) != 1 || got[0] != (Folder{Dir: dir}) {
		t.Errorf("got %v, want [%s]", got, dir)
	}
}

func TestRunErrors(t *testing.T) {
	if _, err := Run(context.Background(), Options{}, nil); !errors.Is(err, ErrNoCorpus) {
		t.Errorf("no corpus: got %v, want ErrNoCorpus", err)
	}
	if _, err := Run(context.Background(), Options{Corpora: []Folder{{Dir: t.TempDir()}}}, nil); err == nil || !strings.Contains(err.Error(), "labels.jsonl") {
		t.Errorf("folder without labels: got %v, want an error naming labels.jsonl", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, Options{Corpora: DefaultFolders(filepath.Join("..", ".."))}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

// TestMoreCorporaTeach: a second folder of labelled mail (as agents'
// corrections will be) is trained on with the first, and a new mail of its
// kind then leans to its label more than before.
func TestMoreCorporaTeach(t *testing.T) {
	base := filepath.Join("..", "..", "testdata", "corpus")
	extra := t.TempDir()
	var labels []string
	for i, body := range []string{
		"Bonjour, notre centre ouvre ses portes au public samedi, vous êtes les bienvenus pour visiter les ateliers.",
		"Bonjour, journée portes ouvertes au centre le 14, visite des plateaux techniques et rencontre des formateurs.",
		"Bonjour, nous vous invitons à notre journée portes ouvertes : visite des ateliers et buffet à midi.",
		"Madame, Monsieur, le centre organise ses portes ouvertes samedi matin, visite libre des ateliers.",
		"Bonjour, invitation à la visite de nos nouveaux ateliers lors des portes ouvertes de printemps.",
		"Bonjour, venez découvrir nos ateliers pendant la journée portes ouvertes, visite guidée à 10h.",
	} {
		name := fmt.Sprintf("x%d.eml", i)
		msg := "From: c@centre.example\r\nTo: epreuves-btp@afpa.fr\r\nSubject: Portes ouvertes\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
		if err := os.WriteFile(filepath.Join(extra, name), []byte(msg), 0o600); err != nil {
			t.Fatal(err)
		}
		labels = append(labels, fmt.Sprintf(`{"file":%q,"mailbox":"btp","category":"other"}`, name))
	}
	if err := os.WriteFile(filepath.Join(extra, "labels.jsonl"), []byte(strings.Join(labels, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, err := Run(context.Background(), Options{Corpora: []Folder{{Dir: base}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	after, err := Run(context.Background(), Options{Corpora: []Folder{{Dir: base}, {Dir: extra}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := after.Info().Examples, before.Info().Examples+6; got != want {
		t.Errorf("examples: got %d, want %d", got, want)
	}
	fresh := mailmsg.Parse(strings.NewReader("From: d@autre.example\r\nSubject: Visite\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour, nos portes ouvertes ont lieu samedi, visite des ateliers.\r\n"))
	fs := classify.Features(fresh, nil)
	p := func(m *model.Model) float64 {
		for i, c := range m.Classes() {
			if c == "other" {
				return m.Predict(fs)[i]
			}
		}
		return 0
	}
	if pb, pa := p(before), p(after); pa <= pb || pa < after.Threshold() {
		t.Errorf("p(other) of a new mail of the taught kind: %.2f before, %.2f after, want a rise past the threshold %.2f", pb, pa, after.Threshold())
	}
}

func TestFolderGroup(t *testing.T) {
	tests := []struct {
		folder Folder
		file   string
		want   string
	}{
		{Folder{Dir: "train", ByAuthor: true}, "p001.eml", filepath.Join("train", "p*")},
		{Folder{Dir: "train", ByAuthor: true}, "Q12.eml", filepath.Join("train", "q*")},
		{Folder{Dir: "train", ByAuthor: true}, "v7.eml", filepath.Join("train", "v*")},
		{Folder{Dir: "train", ByAuthor: true}, "éa.eml", filepath.Join("train", "é*")},
		{Folder{Dir: "corrections"}, "p001.eml", "corrections"},
	}
	for _, tt := range tests {
		if got := tt.folder.Group(tt.file); got != tt.want {
			t.Errorf("%+v.Group(%q) = %q, want %q", tt.folder, tt.file, got, tt.want)
		}
	}
}
