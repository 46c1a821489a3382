// Package eval measures the classifier on a folder of labelled mail
// (labels.jsonl plus .eml files, schema in corpus/dev/README.md).
package eval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"mailbot/classify"
	"mailbot/classify/corpus"
	"mailbot/mailbot/mailmsg"
)

// progressFrom is the corpus size from which Run draws a progress line.
const progressFrom = 20

// Run classifies every labelled file of dir with c, using the label's
// mailbox, and scores the answers. progress, when not nil, receives a
// progress line on large folders. A file that cannot be opened is listed in
// Unreadable and scored as other.
func Run(ctx context.Context, dir string, c *classify.Classifier, progress io.Writer) (*Report, error) {
	labels, err := corpus.Read(dir)
	if err != nil {
		return nil, fmt.Errorf("eval %s: %w", dir, err)
	}
	return Labels(ctx, dir, labels, c, progress)
}

// Labels is Run on some of dir's labels only (one author's mail, for
// cross-validation).
func Labels(ctx context.Context, dir string, labels []corpus.Label, c *classify.Classifier, progress io.Writer) (*Report, error) {
	r := &Report{Dir: dir, Threshold: c.Threshold(), AutoThreshold: c.AutoThreshold()}
	for i, l := range labels {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("eval %s stopped after %d files: %w", dir, i, err)
		}
		if progress != nil && len(labels) >= progressFrom {
			fmt.Fprintf(progress, "\reval %d/%d", i+1, len(labels))
		}
		res, ok := classifyFile(ctx, c, filepath.Join(dir, l.File), l.Mailbox)
		if !ok {
			r.Unreadable = append(r.Unreadable, l.File)
		}
		it := itemOf(l, res)
		it.Held = !c.ActsAlone(res) && !silent[res.Category]
		it.WrongAction = it.WrongAction && !it.Held
		r.Items = append(r.Items, it)
	}
	if progress != nil && len(labels) >= progressFrom {
		fmt.Fprintln(progress)
	}
	r.score(labels)
	return r, nil
}

// classifyFile parses and classifies one file; ok is false when it could
// not be opened.
func classifyFile(ctx context.Context, c *classify.Classifier, path, mailbox string) (classify.Result, bool) {
	f, err := os.Open(path)
	if err != nil {
		return classify.Result{Category: classify.Other, Reasons: []string{err.Error()}}, false
	}
	defer f.Close()
	return c.Classify(ctx, mailmsg.Parse(f), mailbox), true
}

// itemOf records one outcome against its label.
func itemOf(l corpus.Label, res classify.Result) Item {
	it := Item{
		File: l.File, Mailbox: l.Mailbox, Expected: l.Category, Got: res.Category,
		Confidence: res.Confidence, Correct: l.Accepts(res.Category), Secondary: res.Secondary,
		Envelopes: res.EnvelopesReceived, Reasons: res.Reasons,
	}
	it.WrongAction = !it.Correct && !silent[res.Category]
	if !res.SessionDate.IsZero() {
		it.SessionDate = res.SessionDate.Format(time.DateOnly)
	}
	if l.SessionDate != nil {
		it.WantDate = *l.SessionDate
	}
	return it
}
