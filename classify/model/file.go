package model

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
)

// format names the file layout; a file of another format is refused.
const format = "mailbot-linear/1"

// file is the JSON layout of a model file.
type file struct {
	Format      string   `json:"format"`
	Classes     []string `json:"classes"`
	Temperature float64  `json:"temperature"`
	Threshold   float64  `json:"threshold"`
	// AutoThreshold is optional: files made before it act from Threshold.
	AutoThreshold float64              `json:"auto_threshold,omitempty"`
	Bias          []float64            `json:"bias"`
	Info          Info                 `json:"info"`
	Weights       map[string][]float64 `json:"weights"`
}

// ErrFormat says a model file cannot be used.
var ErrFormat = errors.New("not a usable model file")

//go:embed default.json
var defaultJSON []byte

// DefaultJSON is the embedded model file, as `mailbot train` wrote it.
func DefaultJSON() []byte { return defaultJSON }

// Default is the embedded model.
func Default() (*Model, error) {
	m, err := Parse(defaultJSON)
	if err != nil {
		return nil, fmt.Errorf("embedded model: %w", err)
	}
	return m, nil
}

// Load reads a model file.
func Load(path string) (*Model, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the model: %w", err)
	}
	m, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", path, err)
	}
	return m, nil
}

// Parse reads a model from its JSON form and checks it.
func Parse(raw []byte) (*Model, error) {
	var f file
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	k := len(f.Classes)
	m := &Model{classes: f.Classes, bias: f.Bias, temperature: f.Temperature, threshold: f.Threshold, autoThreshold: f.AutoThreshold, info: f.Info}
	for name := range f.Weights {
		m.names = append(m.names, name)
	}
	sort.Strings(m.names)
	m.weights = make([]float64, 0, len(m.names)*k)
	for _, name := range m.names {
		m.weights = append(m.weights, f.Weights[name]...)
	}
	if err := m.index(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	return m, nil
}

// check refuses a file whose numbers cannot make a model.
func (f *file) check() error {
	switch {
	case f.Format != format:
		return fmt.Errorf("format %q, want %q", f.Format, format)
	case len(f.Classes) < 2:
		return fmt.Errorf("%d classes, want at least 2", len(f.Classes))
	case len(f.Bias) != len(f.Classes):
		return fmt.Errorf("%d biases for %d classes", len(f.Bias), len(f.Classes))
	case !(f.Temperature > 0) || math.IsInf(f.Temperature, 0):
		return fmt.Errorf("temperature %v, want > 0", f.Temperature)
	case !(f.Threshold > 0 && f.Threshold <= 1):
		return fmt.Errorf("threshold %v, want in (0, 1]", f.Threshold)
	case f.AutoThreshold < 0 || f.AutoThreshold > 1:
		return fmt.Errorf("auto_threshold %v, want in [0, 1]", f.AutoThreshold)
	}
	seen := map[string]bool{}
	for _, c := range f.Classes {
		if c == "" || seen[c] {
			return fmt.Errorf("class %q empty or repeated", c)
		}
		seen[c] = true
	}
	for name, w := range f.Weights {
		if len(w) != len(f.Classes) {
			return fmt.Errorf("feature %q: %d weights for %d classes", name, len(w), len(f.Classes))
		}
		for _, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("feature %q: weight %v", name, v)
			}
		}
	}
	return nil
}

// MarshalJSON writes the model with one feature per line, sorted, and
// numbers rounded to 4 significant digits, so that the same training
// gives the same bytes and a retraining gives a readable diff.
func (m *Model) MarshalJSON() ([]byte, error) {
	head, err := json.MarshalIndent(file{
		Format: format, Classes: m.classes, Temperature: round(m.temperature), Threshold: round(m.threshold), AutoThreshold: round(m.autoThreshold),
		Bias: roundAll(m.bias), Info: m.info,
	}, "", " ")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Write(head[:bytes.LastIndex(head, []byte(`"weights": null`))])
	b.WriteString("\"weights\": {\n")
	k := len(m.classes)
	for i, name := range m.names {
		key, _ := json.Marshal(name)
		row, _ := json.Marshal(roundAll(m.weights[i*k : i*k+k]))
		b.Write(key)
		b.WriteString(": ")
		b.Write(row)
		if i < len(m.names)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n}\n")
	return b.Bytes(), nil
}

// round keeps 4 significant digits.
func round(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	return r
}

func roundAll(vs []float64) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = round(v)
	}
	return out
}
