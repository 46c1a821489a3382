package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTrainThenUseTheModel: `mailbot train --corpus DIR --out FILE` writes
// a model that `mailbot eval --model FILE` and `mailbot classify --model
// FILE` then use, and the same corpus gives the same file.
func TestTrainThenUseTheModel(t *testing.T) {
	corpus := filepath.Join("..", "..", "testdata", "corpus")
	out := filepath.Join(t.TempDir(), "model.json")
	var stderr bytes.Buffer
	if err := dispatch(context.Background(), "train", []string{"--corpus", corpus, "--out", out}, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "threshold") {
		t.Errorf("train printed no summary: %q", stderr.String())
	}
	var rep bytes.Buffer
	if err := dispatch(context.Background(), "eval", []string{corpus, "--json", "--model", out}, &rep, &bytes.Buffer{}); err != nil {
		t.Fatalf("eval --model: %v", err)
	}
	var r struct {
		Total     int     `json:"total"`
		Threshold float64 `json:"threshold"`
	}
	if err := json.Unmarshal(rep.Bytes(), &r); err != nil || r.Total == 0 || r.Threshold <= 0 {
		t.Errorf("eval report: %v, total %d, threshold %v", err, r.Total, r.Threshold)
	}
	var line bytes.Buffer
	if err := dispatch(context.Background(), "classify", []string{"--model", out, "testdata/ccp-links.eml"}, &line, &bytes.Buffer{}); err != nil || !strings.Contains(line.String(), `"category"`) {
		t.Errorf("classify --model: %v\n%s", err, line.String())
	}
	err := dispatch(context.Background(), "eval", []string{corpus, "--model", filepath.Join(t.TempDir(), "none.json")}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "classify.model") {
		t.Errorf("eval with a missing model: got %v, want an error naming classify.model", err)
	}
}

// TestTrainCrossValidation: `mailbot train --cv` prints each held-out
// author's figures and the pooled ones, as text or JSON, and writes no
// model.
func TestTrainCrossValidation(t *testing.T) {
	corpus := filepath.Join("..", "..", "testdata", "corpus")
	corpus, err := filepath.Abs(corpus)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir) // where a model would go by default
	var out, stderr bytes.Buffer
	if err := dispatch(context.Background(), "train", []string{"--cv", "--authors", corpus}, &out, &stderr); err != nil {
		t.Fatalf("train --cv: %v\n%s", err, stderr.String())
	}
	for _, want := range []string{"held out", filepath.Join(corpus, "g*"), filepath.Join(corpus, "m*"), "pooled over 4 groups", "macro-F1", "wrong automatic actions", "precision"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("train --cv output lacks %q:\n%s", want, out.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("train --cv wrote %d files, want none", len(entries))
	}
	out.Reset()
	if err := dispatch(context.Background(), "train", []string{"--cv", "--json", "--authors", corpus}, &out, &bytes.Buffer{}); err != nil {
		t.Fatalf("train --cv --json: %v", err)
	}
	var res struct {
		Groups []struct {
			Name string `json:"name"`
		} `json:"groups"`
		Pooled struct {
			Total   int     `json:"total"`
			MacroF1 float64 `json:"macro_f1"`
		} `json:"pooled"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res.Groups) != 4 || res.Pooled.Total != 113 || res.Pooled.MacroF1 <= 0 {
		t.Errorf("train --cv --json: err %v, %d groups, pooled %+v", err, len(res.Groups), res.Pooled)
	}
	if err := dispatch(context.Background(), "train", []string{"--cv", "--corpus", corpus}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "two groups") {
		t.Errorf("train --cv on one folder: got %v, want an error asking for two groups", err)
	}
}

// TestTrainUsage: a flag that the chosen mode would ignore is a usage
// error (exit status 2) naming that flag, and nothing is trained.
func TestTrainUsage(t *testing.T) {
	corpus, err := filepath.Abs(filepath.Join("..", "..", "testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir) // a model written by mistake would land here
	for _, tc := range []struct {
		name string
		args []string
		want string // in the error
	}{
		{"argument", []string{"extra"}, "mailbot train"},
		{"unknown flag", []string{"--nope"}, "mailbot train"},
		{"cv with calibrate", []string{"--cv", "--authors", corpus, "--calibrate", corpus}, "--calibrate"},
		{"cv with out", []string{"--cv", "--authors", corpus, "--out", filepath.Join(dir, "m.json")}, "--out"},
		{"cv with the default out named", []string{"--cv", "--authors", corpus, "--out", "model.json"}, "--out"},
		{"json without cv", []string{"--json", "--corpus", corpus}, "--json"},
		{"json without cv, with out", []string{"--corpus", corpus, "--out", filepath.Join(dir, "m.json"), "--json"}, "--json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout bytes.Buffer
			err := dispatch(context.Background(), "train", tc.args, &stdout, &bytes.Buffer{})
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("train %q: got %v, want a usage error naming %s", tc.args, err, tc.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("train %q printed %q", tc.args, stdout.String())
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("rejected train commands wrote %d files, want none", len(entries))
	}
}
