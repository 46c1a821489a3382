package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	if err := dispatch(context.Background(), "train", []string{"extra"}, &bytes.Buffer{}, &bytes.Buffer{}); !errors.Is(err, errUsage) {
		t.Errorf("train with an argument: got %v, want a usage error", err)
	}
}
