// Package train makes the classifier's model from folders of labelled
// mail: it reads each message as the classifier does (classify.Features),
// fits the linear model (package model) and calibrates it. The default
// model embedded in the binary is what Run makes from the repository's
// folders (DefaultCorpora), and a test keeps it so.
package train

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"mailbot/classify"
	"mailbot/classify/corpus"
	"mailbot/classify/model"
	"mailbot/mailbot/mailmsg"
)

// Options say what to train on.
type Options struct {
	// Corpora are folders of labelled mail (labels.jsonl + .eml).
	Corpora []string
	// Calibrate, when set, is a folder whose mail calibrates the model
	// (temperature and threshold) instead of the out-of-fold predictions
	// of cross-validation on the corpora.
	Calibrate string
	// Model tunes the fitting; the zero value means model.DefaultOptions.
	Model *model.Options
}

// repoCorpora are the repository's labelled folders the default model is
// trained on, relative to the repository root. testdata/heldout is not
// among them: it is kept for measuring.
var repoCorpora = []string{"testdata/train", "testdata/corpus"}

// ErrNoCorpus: there is no folder to train on.
var ErrNoCorpus = errors.New("no labelled mail to train on: name a folder (labels.jsonl + .eml), or run from the repository, whose testdata/train and testdata/corpus are the default")

// DefaultCorpora lists the repository's training folders that exist under
// root.
func DefaultCorpora(root string) []string {
	var dirs []string
	for _, d := range repoCorpora {
		if st, err := os.Stat(filepath.Join(root, d, "labels.jsonl")); err == nil && !st.IsDir() {
			dirs = append(dirs, filepath.Join(root, d))
		}
	}
	return dirs
}

// Run trains a model. It reads every labelled message of the corpora
// whose category is decided from text (not the header-only auto_reply,
// bounce and bulk), in folder and label order, so the same folders give
// the same model. progress, when not nil, receives a line per folder.
func Run(ctx context.Context, opts Options, progress io.Writer) (*model.Model, error) {
	if len(opts.Corpora) == 0 {
		return nil, ErrNoCorpus
	}
	mo := model.DefaultOptions()
	if opts.Model != nil {
		mo = *opts.Model
	}
	names := map[model.Key]string{}
	var examples []model.Example
	for _, dir := range opts.Corpora {
		ex, err := read(ctx, dir, names)
		if err != nil {
			return nil, err
		}
		if progress != nil {
			fmt.Fprintf(progress, "train: %d messages from %s\n", len(ex), dir)
		}
		examples = append(examples, ex...)
	}
	var calib []model.Example
	if opts.Calibrate != "" {
		var err error
		if calib, err = read(ctx, opts.Calibrate, map[model.Key]string{}); err != nil {
			return nil, err
		}
	}
	m, err := model.Train(model.Data{Train: examples, Names: names, Calibrate: calib, Prior: classify.Prior()}, mo)
	if err != nil {
		return nil, fmt.Errorf("train on %v: %w", opts.Corpora, err)
	}
	return m, nil
}

// read turns one folder into examples.
func read(ctx context.Context, dir string, names map[model.Key]string) ([]model.Example, error) {
	labels, err := corpus.Read(dir)
	if err != nil {
		return nil, fmt.Errorf("training folder %s: %w", dir, err)
	}
	var out []model.Example
	for _, l := range labels {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("training stopped: %w", err)
		}
		if l.Category.Automated() {
			continue
		}
		m, err := parse(filepath.Join(dir, l.File))
		if err != nil {
			return nil, fmt.Errorf("training folder %s: %w", dir, err)
		}
		ex := model.Example{Features: classify.Features(m, names), Class: string(l.Category)}
		for _, a := range l.Acceptable {
			ex.Accept = append(ex.Accept, string(a))
		}
		out = append(out, ex)
	}
	return out, nil
}

func parse(path string) (*mailmsg.Message, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return mailmsg.Parse(f), nil
}
