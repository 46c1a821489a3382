package model

import (
	"fmt"
	"math"
	"sort"
)

// Feature is one feature of an example with its value.
type Feature struct {
	Key   Key
	Value float64
}

// Model is a trained linear classifier. It is read-only once built, and
// safe for concurrent use.
type Model struct {
	classes     []string
	bias        []float64
	weights     []float64 // row-major: feature × class
	names       []string  // feature names, by row
	rows        map[Key]int32
	temperature float64
	threshold   float64
	// autoThreshold is the probability from which a decision may act
	// alone; between threshold and it, an agent approves what it sends.
	autoThreshold float64
	info          Info
}

// Info says how a model was made, for people reading the file.
type Info struct {
	Examples  int            `json:"examples"`
	PerClass  map[string]int `json:"per_class"`
	Folds     int            `json:"calibration_folds,omitempty"`
	Calibrate int            `json:"calibration_examples"`
	// Precision is the precision of decisions at or above the threshold
	// on the calibration examples, Decided their share.
	Precision float64 `json:"precision_above_threshold"`
	Decided   float64 `json:"decided_share"`
	// AutoPrecision and AutoDecided are the same at the automatic
	// threshold.
	AutoPrecision float64 `json:"precision_above_auto_threshold"`
	AutoDecided   float64 `json:"auto_decided_share"`
	Options       Options `json:"options"`
}

// Classes are the model's classes, in the order of Predict's answer.
func (m *Model) Classes() []string { return m.classes }

// Threshold is the calibrated probability below which a decision is not
// trusted.
func (m *Model) Threshold() float64 { return m.threshold }

// AutoThreshold is the calibrated probability from which a decision is
// right often enough (Options.AutoPrecision) to send mail without an
// agent's approval. It is never below Threshold.
func (m *Model) AutoThreshold() float64 { return max(m.autoThreshold, m.threshold) }

// Temperature divides the logits before the softmax.
func (m *Model) Temperature() float64 { return m.temperature }

// Info says how the model was made.
func (m *Model) Info() Info { return m.info }

// Logits are the raw scores of each class for a feature vector; features
// the model does not know are ignored.
func (m *Model) Logits(fs []Feature) []float64 {
	k := len(m.classes)
	z := append([]float64(nil), m.bias...)
	for _, f := range fs {
		r, ok := m.rows[f.Key]
		if !ok {
			continue
		}
		w := m.weights[int(r)*k : int(r)*k+k]
		for c := range z {
			z[c] += f.Value * w[c]
		}
	}
	return z
}

// Predict returns the calibrated probability of each class.
func (m *Model) Predict(fs []Feature) []float64 {
	return softmax(m.Logits(fs), m.temperature)
}

// softmax turns logits into probabilities at temperature t, in place.
func softmax(z []float64, t float64) []float64 {
	top := math.Inf(-1)
	for _, v := range z {
		top = max(top, v)
	}
	sum := 0.0
	for i, v := range z {
		z[i] = math.Exp((v - top) / t)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
	return z
}

// Evidence is one feature's share of a class's score.
type Evidence struct {
	Name   string
	Weight float64 // value × weight for the class
}

// Explain lists the features that raise class c's score the most, at most
// n, strongest first; a feature found several times counts once with its
// values added. skip, when not nil, leaves out features by name (those no
// person would read).
func (m *Model) Explain(fs []Feature, c, n int, skip func(name string) bool) []Evidence {
	k := len(m.classes)
	byRow := map[int32]float64{}
	for _, f := range fs {
		r, ok := m.rows[f.Key]
		if !ok || (skip != nil && skip(m.names[r])) {
			continue
		}
		byRow[r] += f.Value * m.weights[int(r)*k+c]
	}
	ev := make([]Evidence, 0, len(byRow))
	for r, w := range byRow {
		if w > 0 {
			ev = append(ev, Evidence{Name: m.names[r], Weight: w})
		}
	}
	sort.Slice(ev, func(i, j int) bool {
		if ev[i].Weight != ev[j].Weight {
			return ev[i].Weight > ev[j].Weight
		}
		return ev[i].Name < ev[j].Name
	})
	return ev[:min(n, len(ev))]
}

// index builds the lookup from keys to rows, refusing two names with one
// hash (so unlikely with 64 bits that it means a broken file).
func (m *Model) index() error {
	m.rows = make(map[Key]int32, len(m.names))
	for i, name := range m.names {
		k := KeyOf(name)
		if _, dup := m.rows[k]; dup {
			return fmt.Errorf("feature %q: duplicate name or hash", name)
		}
		m.rows[k] = int32(i)
	}
	return nil
}
