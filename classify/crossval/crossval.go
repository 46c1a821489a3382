// Package crossval measures how well the classifier's training generalises
// to mail written by people it has not read: leave-one-group-out
// cross-validation over folders of labelled mail, where a group is one
// author of a folder whose file names begin with their author's letter,
// or else a whole folder. Each group is classified, as `mailbot eval`
// would, by a model trained and calibrated on the other groups only; the
// figures are given per group and pooled over all of them.
package crossval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"mailbot/classify"
	"mailbot/classify/corpus"
	"mailbot/classify/eval"
	"mailbot/classify/model"
	"mailbot/classify/train"
)

// Group is one held-out group's outcome.
type Group struct {
	// Name is the folder, with "/x*" for one author's files.
	Name string `json:"name"`
	// Trained is the number of examples its model was trained on.
	Trained int          `json:"trained"`
	Report  *eval.Report `json:"report"`
}

// Result is a cross-validation's outcome.
type Result struct {
	Groups []Group `json:"groups"`
	// Pooled scores every group's mail together, each by the model that
	// did not see it.
	Pooled *eval.Report `json:"pooled"`
}

// ErrOneGroup: there must be at least two groups to hold one out.
var ErrOneGroup = errors.New("cross-validation needs at least two groups of labelled mail (two folders, or a folder by author with two authors)")

// group is one group's mail before training.
type group struct {
	name, dir string
	labels    []corpus.Label // all of them, to classify
	examples  []model.Example
}

// Run holds out each group in turn, trains on the others and classifies
// the held-out mail. Groups come in folder order, then by author letter;
// the same folders give the same result. progress, when not nil, receives
// a line per group.
func Run(ctx context.Context, folders []train.Folder, progress io.Writer) (*Result, error) {
	names := map[model.Key]string{}
	var groups []*group
	for _, f := range folders {
		gs, err := read(ctx, f, names)
		if err != nil {
			return nil, err
		}
		groups = append(groups, gs...)
	}
	if len(groups) < 2 {
		return nil, ErrOneGroup
	}
	res := &Result{}
	var reports []*eval.Report
	for i, g := range groups {
		var examples []model.Example
		for j, o := range groups {
			if j != i {
				examples = append(examples, o.examples...)
			}
		}
		m, err := train.Fit(examples, names, nil)
		if err != nil {
			return nil, fmt.Errorf("cross-validation without %s: %w", g.name, err)
		}
		rep, err := eval.Labels(ctx, g.dir, g.labels, classify.New(classify.Options{Model: m}), nil)
		if err != nil {
			return nil, fmt.Errorf("cross-validation on %s: %w", g.name, err)
		}
		rep.Dir = g.dir
		if progress != nil {
			fmt.Fprintf(progress, "cv: %s: %d mails, macro-F1 %.3f (model of %d examples)\n", g.name, rep.Total, rep.MacroF1, len(examples))
		}
		res.Groups = append(res.Groups, Group{Name: g.name, Trained: len(examples), Report: rep})
		reports = append(reports, rep)
	}
	res.Pooled = eval.Pool(fmt.Sprintf("pooled over %d groups", len(groups)), reports)
	return res, nil
}

// read reads one folder as groups: one per author, or the whole folder.
func read(ctx context.Context, f train.Folder, names map[model.Key]string) ([]*group, error) {
	labels, err := corpus.Read(f.Dir)
	if err != nil {
		return nil, fmt.Errorf("cross-validation folder %s: %w", f.Dir, err)
	}
	mail, err := train.ReadLabelled(ctx, f.Dir, labels, names)
	if err != nil {
		return nil, err
	}
	byName := map[string]*group{}
	var out []*group
	at := func(file string) *group {
		name := f.Group(file)
		g := byName[name]
		if g == nil {
			g = &group{name: name, dir: f.Dir}
			byName[name] = g
			out = append(out, g)
		}
		return g
	}
	for _, l := range labels {
		g := at(l.File)
		g.labels = append(g.labels, l)
	}
	for _, m := range mail {
		g := at(m.Label.File)
		g.examples = append(g.examples, m.Example)
	}
	slices.SortStableFunc(out, func(a, b *group) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// WriteText writes a line per group, then the pooled figures.
func (r *Result) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "held out\tmails\ttrained on\tmacro-F1\taccuracy\tto other\twrong auto\theld (wrong)\tignored\tthreshold\tauto\t")
	for _, g := range r.Groups {
		rep := g.Report
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.3f\t%.1f%%\t%d\t%d (%d)\t%d\t%.3f\t%.3f\t\n", g.Name, rep.Total, g.Trained, rep.MacroF1, rep.Accuracy,
			100*rep.AbstentionRate, len(rep.WrongActions), rep.Held, rep.HeldWrong, len(rep.Ignored), rep.Threshold, rep.AutoThreshold)
	}
	fmt.Fprintln(tw)
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write the cross-validation: %w", err)
	}
	return r.Pooled.WriteFigures(w)
}
