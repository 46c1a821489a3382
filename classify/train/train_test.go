package train

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/classify/model"
)

// TestEmbeddedModelIsReproducible: the model in the binary is exactly what
// `mailbot train` makes from the repository's labelled mail. When the mail
// or the features change, regenerate it (see README):
//
//	go run ./cmd/mailbot train --out classify/model/default.json
func TestEmbeddedModelIsReproducible(t *testing.T) {
	corpora := DefaultCorpora(filepath.Join("..", ".."))
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

func TestDefaultCorpora(t *testing.T) {
	root := t.TempDir()
	if got := DefaultCorpora(root); len(got) != 0 {
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
	if got := DefaultCorpora(root); len(got) != 1 || got[0] != dir {
		t.Errorf("got %v, want [%s]", got, dir)
	}
}

func TestRunErrors(t *testing.T) {
	if _, err := Run(context.Background(), Options{}, nil); !errors.Is(err, ErrNoCorpus) {
		t.Errorf("no corpus: got %v, want ErrNoCorpus", err)
	}
	if _, err := Run(context.Background(), Options{Corpora: []string{t.TempDir()}}, nil); err == nil || !strings.Contains(err.Error(), "labels.jsonl") {
		t.Errorf("folder without labels: got %v, want an error naming labels.jsonl", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, Options{Corpora: DefaultCorpora(filepath.Join("..", ".."))}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}
