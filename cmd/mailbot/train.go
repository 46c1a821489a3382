package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"mailbot/classify/crossval"
	"mailbot/classify/train"
)

// corpusFlags collects repeated --corpus flags.
type corpusFlags []string

func (c *corpusFlags) String() string     { return strings.Join(*c, ",") }
func (c *corpusFlags) Set(s string) error { *c = append(*c, s); return nil }

const trainUsage = "mailbot train [--corpus DIR...] [--authors DIR...] [--calibrate DIR] [--out FILE] | mailbot train --cv [--corpus DIR...] [--authors DIR...] [--json]"

func cmdTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	var corpora, authors corpusFlags
	fs.Var(&corpora, "corpus", "folder of labelled mail (labels.jsonl + .eml), repeatable (default: testdata/train and testdata/corpus)")
	fs.Var(&authors, "authors", "folder of labelled mail whose file names begin with their author's letter, repeatable: --cv holds out one author at a time")
	out := fs.String("out", "model.json", "model file to write")
	calibrate := fs.String("calibrate", "", "folder of labelled mail to calibrate on (default: cross-validation on the corpora)")
	cv := fs.Bool("cv", false, "write no model: hold out each author (or folder) in turn, train on the rest and score it")
	asJSON := fs.Bool("json", false, "with --cv: print the result as JSON")
	if rest, err := parseArgs(fs, args); err != nil || len(rest) > 0 {
		return fmt.Errorf("%w: %s", errUsage, trainUsage)
	}
	if err := trainFlagConflict(fs, *cv, *calibrate, *asJSON); err != nil {
		return fmt.Errorf("%w: %v\n%s", errUsage, err, trainUsage)
	}
	var folders []train.Folder
	for _, d := range authors {
		folders = append(folders, train.Folder{Dir: d, ByAuthor: true})
	}
	for _, d := range corpora {
		folders = append(folders, train.Folder{Dir: d})
	}
	if len(folders) == 0 {
		folders = train.DefaultFolders(".")
	}
	start := time.Now()
	if *cv {
		return crossValidate(ctx, folders, *asJSON, stdout, stderr, start)
	}
	m, err := train.Run(ctx, train.Options{Corpora: folders, Calibrate: *calibrate}, stderr)
	if err != nil {
		return err
	}
	raw, err := m.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode the model: %w", err)
	}
	if err := os.WriteFile(*out, raw, 0o644); err != nil {
		return fmt.Errorf("write the model: %w", err)
	}
	info := m.Info()
	fmt.Fprintf(stderr, "train: %d examples, %d classes, threshold %.3f (precision %.3f on %d calibration examples, %.0f%% decided), sent without approval from %.3f (precision %.3f, %.0f%%), temperature %.3f, %s in %s\n",
		info.Examples, len(m.Classes()), m.Threshold(), info.Precision, info.Calibrate, 100*info.Decided,
		m.AutoThreshold(), info.AutoPrecision, 100*info.AutoDecided, m.Temperature(), *out, time.Since(start).Round(time.Millisecond))
	return nil
}

// trainFlagConflict names a flag that the mode (--cv or not) would
// otherwise ignore without a word.
func trainFlagConflict(fs *flag.FlagSet, cv bool, calibrate string, asJSON bool) error {
	outSet := false
	fs.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "out" })
	switch {
	case cv && outSet:
		return errors.New("--out: --cv writes no model")
	case cv && calibrate != "":
		return errors.New("--calibrate: --cv writes no model to calibrate")
	case asJSON && !cv:
		return errors.New("--json: only --cv prints a result to encode")
	}
	return nil
}

// crossValidate prints the leave-one-group-out figures of folders.
func crossValidate(ctx context.Context, folders []train.Folder, asJSON bool, stdout, stderr io.Writer, start time.Time) error {
	res, err := crossval.Run(ctx, folders, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "cv: %d groups in %s\n", len(res.Groups), time.Since(start).Round(time.Millisecond))
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return res.WriteText(stdout)
}
