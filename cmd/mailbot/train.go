package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"mailbot/classify/train"
)

// corpusFlags collects repeated --corpus flags.
type corpusFlags []string

func (c *corpusFlags) String() string     { return strings.Join(*c, ",") }
func (c *corpusFlags) Set(s string) error { *c = append(*c, s); return nil }

func cmdTrain(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	var corpora corpusFlags
	fs.Var(&corpora, "corpus", "folder of labelled mail (labels.jsonl + .eml), repeatable (default: testdata/train and testdata/corpus)")
	out := fs.String("out", "model.json", "model file to write")
	calibrate := fs.String("calibrate", "", "folder of labelled mail to calibrate on (default: cross-validation on the corpora)")
	if rest, err := parseArgs(fs, args); err != nil || len(rest) > 0 {
		return fmt.Errorf("%w: mailbot train [--corpus DIR...] [--calibrate DIR] [--out FILE]", errUsage)
	}
	if len(corpora) == 0 {
		corpora = train.DefaultCorpora(".")
	}
	start := time.Now()
	m, err := train.Run(ctx, train.Options{Corpora: corpora, Calibrate: *calibrate}, stderr)
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
