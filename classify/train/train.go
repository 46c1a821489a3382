// Package train makes the classifier's model from folders of labelled
// mail: it reads each message as the classifier does (classify.Features),
// fits the linear model (package model) and calibrates it. The default
// model embedded in the binary is what Run makes from the repository's
// folders (DefaultFolders), and a test keeps it so.
package train

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode"
	"unicode/utf8"

	"mailbot/classify"
	"mailbot/classify/corpus"
	"mailbot/classify/model"
	"mailbot/mailbot/mailmsg"
)

// Options say what to train on.
type Options struct {
	// Corpora are folders of labelled mail (labels.jsonl + .eml).
	Corpora []Folder
	// Calibrate, when set, is a folder whose mail calibrates the model
	// (temperature and threshold) instead of the out-of-fold predictions
	// of cross-validation on the corpora.
	Calibrate string
}

// Folder is a folder of labelled mail. ByAuthor says its file names begin
// with their author's letter (testdata/train's p*, q*…): cross-validation
// then holds out one author at a time instead of the whole folder.
type Folder struct {
	Dir      string
	ByAuthor bool
}

// Group names the group of one of the folder's files: the folder, with
// "/x*" for the author x of a folder by author.
func (f Folder) Group(file string) string {
	if !f.ByAuthor {
		return f.Dir
	}
	r, _ := utf8.DecodeRuneInString(file)
	return filepath.Join(f.Dir, string(unicode.ToLower(r))+"*")
}

// repoFolders are the repository's labelled folders the default model is
// trained on, relative to the repository root. testdata/heldout is not
// among them: it is kept for measuring.
var repoFolders = []Folder{{"testdata/train", true}, {"testdata/corpus", false}}

// ErrNoCorpus: there is no folder to train on.
var ErrNoCorpus = errors.New("no labelled mail to train on: name a folder (labels.jsonl + .eml), or run from the repository, whose testdata/train and testdata/corpus are the default")

// DefaultFolders lists the repository's training folders that exist
// under root.
func DefaultFolders(root string) []Folder {
	var out []Folder
	for _, f := range repoFolders {
		if st, err := os.Stat(filepath.Join(root, f.Dir, "labels.jsonl")); err == nil && !st.IsDir() {
			out = append(out, Folder{filepath.Join(root, f.Dir), f.ByAuthor})
		}
	}
	return out
}

// Run trains a model. It reads every labelled message of the corpora
// whose category is decided from text (not the header-only auto_reply,
// bounce and bulk), in folder and label order, so the same folders give
// the same model. progress, when not nil, receives a line per folder.
func Run(ctx context.Context, opts Options, progress io.Writer) (*model.Model, error) {
	if len(opts.Corpora) == 0 {
		return nil, ErrNoCorpus
	}
	names := map[model.Key]string{}
	var examples []model.Example
	for _, f := range opts.Corpora {
		mail, err := Read(ctx, f, names)
		if err != nil {
			return nil, err
		}
		if progress != nil {
			fmt.Fprintf(progress, "train: %d messages from %s\n", len(mail), f.Dir)
		}
		examples = append(examples, Examples(mail)...)
	}
	var calib []model.Example
	if opts.Calibrate != "" {
		mail, err := Read(ctx, Folder{Dir: opts.Calibrate}, map[model.Key]string{})
		if err != nil {
			return nil, err
		}
		calib = Examples(mail)
	}
	m, err := Fit(examples, names, calib)
	if err != nil {
		return nil, fmt.Errorf("train on %v: %w", opts.Corpora, err)
	}
	return m, nil
}

// Fit trains a model on examples from the classifier's prior (its cues),
// calibrated on calib when not empty, else by cross-validation.
func Fit(examples []model.Example, names map[model.Key]string, calib []model.Example) (*model.Model, error) {
	return model.Train(model.Data{Train: examples, Names: names, Calibrate: calib, Prior: classify.Prior()}, model.DefaultOptions())
}

// Mail is one labelled message read for training.
type Mail struct {
	Label   corpus.Label
	Example model.Example
}

// Examples are the examples of mail, in order.
func Examples(mail []Mail) []model.Example {
	out := make([]model.Example, len(mail))
	for i, m := range mail {
		out[i] = m.Example
	}
	return out
}

// Read reads one folder's labelled mail whose category is decided from
// text (not the header-only auto_reply, bounce and bulk), in label order;
// names receives every feature's name.
func Read(ctx context.Context, f Folder, names map[model.Key]string) ([]Mail, error) {
	labels, err := corpus.Read(f.Dir)
	if err != nil {
		return nil, fmt.Errorf("training folder %s: %w", f.Dir, err)
	}
	return ReadLabelled(ctx, f.Dir, labels, names)
}

// ReadLabelled is Read of the labels already read from dir's
// labels.jsonl.
func ReadLabelled(ctx context.Context, dir string, labels []corpus.Label, names map[model.Key]string) ([]Mail, error) {
	var out []Mail
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
		out = append(out, Mail{Label: l, Example: ex})
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
