package model

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// toy builds examples whose class is told by one of three words, with a
// shared noise word, in the way package classify names features.
func toy(n int) ([]Example, map[Key]string) {
	names := map[Key]string{}
	feat := func(name string) Feature {
		k := KeyOf(name)
		names[k] = name
		return Feature{Key: k, Value: 1}
	}
	var ex []Example
	for i := range n {
		c := []string{"a", "b", "c"}[i%3]
		fs := []Feature{feat("w:" + c), feat("w:noise")}
		if i%5 == 0 {
			fs = append(fs, feat(fmt.Sprintf("w:rare%d", i)))
		}
		ex = append(ex, Example{Features: fs, Class: c})
	}
	return ex, names
}

func TestTrainLearnsAndIsDeterministic(t *testing.T) {
	ex, names := toy(60)
	opts := DefaultOptions()
	opts.Abstain = "c"
	m1, err := Train(Data{Train: ex, Names: names}, opts)
	if err != nil {
		t.Fatalf("Train: %v", err)
	}
	for _, c := range []string{"a", "b", "c"} {
		p := m1.Predict([]Feature{{Key: KeyOf("w:" + c), Value: 1}})
		best := 0
		for i := range p {
			if p[i] > p[best] {
				best = i
			}
		}
		if m1.Classes()[best] != c {
			t.Errorf("word %s: predicted %s (%v), want %s", c, m1.Classes()[best], p, c)
		}
	}
	if _, kept := m1.rows[KeyOf("w:rare5")]; kept {
		t.Errorf("a feature of one example is kept, want MinCount to drop it")
	}
	m2, err := Train(Data{Train: ex, Names: names}, opts)
	if err != nil {
		t.Fatal(err)
	}
	j1, _ := m1.MarshalJSON()
	j2, _ := m2.MarshalJSON()
	if !bytes.Equal(j1, j2) {
		t.Errorf("two trainings on the same data differ")
	}
	if th := m1.Threshold(); th < opts.MinThreshold || th > opts.MaxThreshold {
		t.Errorf("threshold %v outside [%v, %v]", th, opts.MinThreshold, opts.MaxThreshold)
	}
}

func TestPriorStandsWithoutExamples(t *testing.T) {
	ex, names := toy(30)
	prior := map[string]map[string]float64{"q:unseen": {"b": 3}}
	m, err := Train(Data{Train: ex, Names: names, Prior: prior}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	k := KeyOf("q:unseen")
	if _, kept := m.rows[k]; !kept {
		t.Fatalf("prior feature dropped")
	}
	p := m.Predict([]Feature{{Key: k, Value: 1}})
	if b := p[1]; b < 0.5 {
		t.Errorf("a cue no example shows: p(b) = %.2f, want its prior to carry it (> 0.5)", b)
	}
}

func TestFileRoundTrip(t *testing.T) {
	ex, names := toy(30)
	m, err := Train(Data{Train: ex, Names: names}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse(MarshalJSON()): %v\n%s", err, raw)
	}
	again, _ := back.MarshalJSON()
	if !bytes.Equal(raw, again) {
		t.Errorf("a model read back writes other bytes")
	}
	fs := ex[0].Features
	p1, p2 := m.Predict(fs), back.Predict(fs)
	for i := range p1 {
		if p1[i] != p2[i] {
			t.Errorf("class %d: %v in memory, %v read back", i, p1[i], p2[i])
		}
	}
	if ev := back.Explain(fs, 0, 3, func(name string) bool { return name == "w:noise" }); len(ev) == 0 || ev[0].Name != "w:a" {
		t.Errorf("Explain: got %v, want w:a first", ev)
	}
}

func TestParseRefusesBrokenFiles(t *testing.T) {
	good := `{"format":"mailbot-linear/1","classes":["a","b"],"temperature":1,"threshold":0.6,"bias":[0,0],"weights":{"w:x":[1,-1]}}`
	if _, err := Parse([]byte(good)); err != nil {
		t.Fatalf("good file: %v", err)
	}
	for name, raw := range map[string]string{
		"not json":         `{`,
		"other format":     strings.Replace(good, "mailbot-linear/1", "other/9", 1),
		"one class":        strings.Replace(strings.Replace(good, `["a","b"]`, `["a"]`, 1), `[0,0]`, `[0]`, 1),
		"repeated class":   strings.Replace(good, `["a","b"]`, `["a","a"]`, 1),
		"bias length":      strings.Replace(good, `"bias":[0,0]`, `"bias":[0]`, 1),
		"weights length":   strings.Replace(good, `[1,-1]`, `[1]`, 1),
		"zero temperature": strings.Replace(good, `"temperature":1`, `"temperature":0`, 1),
		"threshold above":  strings.Replace(good, `"threshold":0.6`, `"threshold":1.5`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse([]byte(raw)); !errors.Is(err, ErrFormat) {
				t.Errorf("got %v, want ErrFormat", err)
			}
		})
	}
}

func TestDefaultModelLoads(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatalf("embedded model: %v", err)
	}
	if len(m.Classes()) < 2 || m.Threshold() <= 0 {
		t.Errorf("embedded model: %d classes, threshold %v", len(m.Classes()), m.Threshold())
	}
}

func TestChooseThreshold(t *testing.T) {
	// Logits whose softmax at T=1 puts the top class at p; right or not.
	mk := func(p float64) []float64 { return []float64{math.Log(p), math.Log(1 - p)} }
	classes := []string{"x", "y"}
	var logits [][]float64
	var ex []Example
	for i, p := range []float64{0.99, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55} {
		logits = append(logits, mk(p))
		class := "x"
		if i == 4 || i == 7 { // wrong at 0.80 and 0.65
			class = "y"
		}
		ex = append(ex, Example{Class: class})
	}
	opts := DefaultOptions()
	opts.MinThreshold, opts.MaxThreshold, opts.Abstain = 0.5, 0.95, "none"
	th, prec, decided := chooseThreshold(logits, 1, ex, classes, 0.8, 0, opts)
	// At 0.55 all ten: 8/10 = 0.8 qualifies.
	if math.Abs(th-0.55) > 1e-9 || math.Abs(prec-0.8) > 1e-9 || decided != 1 {
		t.Errorf("got threshold %v precision %v decided %v, want 0.55, 0.8, 1", th, prec, decided)
	}
	th, _, _ = chooseThreshold(logits, 1, ex, classes, 0.9, 0, opts)
	// 4/4 at 0.85 qualifies; 4/5 at 0.80 does not; 7/8 at 0.65 does not.
	if math.Abs(th-0.85) > 1e-9 {
		t.Errorf("precision 0.9: got threshold %v, want 0.85", th)
	}
	// Seen precision 0.8 first holds at 0.55 (8/10); its Wilson lower
	// bound at z=1 (0.649 there) reaches 0.8 only at 0.85 (4/4): the
	// margin keeps the threshold where the evidence is clean.
	if th, _, _ = chooseThreshold(logits, 1, ex, classes, 0.8, 1, opts); math.Abs(th-0.85) > 1e-9 {
		t.Errorf("precision 0.8 at z=1: got threshold %v, want 0.85", th)
	}
	if th, _, _ = chooseThreshold(logits, 1, ex, classes, 0.85, 1, opts); th != opts.MaxThreshold {
		t.Errorf("precision 0.85 at z=1: got threshold %v, want the maximum %v", th, opts.MaxThreshold)
	}
}

func TestWilsonLower(t *testing.T) {
	tests := []struct {
		right, n int
		z, want  float64
	}{
		{8, 10, 0, 0.8},
		{4, 4, 1, 0.8},          // n/(n+z²) when all are right
		{99, 100, 1.64, 0.9566}, // below the 0.99 seen
		{990, 1000, 1.64, 0.9834},
		{0, 5, 1, 0},
	}
	for _, tt := range tests {
		if got := wilsonLower(tt.right, tt.n, tt.z); math.Abs(got-tt.want) > 5e-5 {
			t.Errorf("wilsonLower(%d, %d, %v) = %.4f, want %.4f", tt.right, tt.n, tt.z, got, tt.want)
		}
	}
}

func TestFitTemperature(t *testing.T) {
	// Overconfident logits, right only 3 times in 4: T must soften them.
	logits := [][]float64{{8, 0}, {8, 0}, {8, 0}, {8, 0}}
	if temp := fitTemperature(logits, []int{0, 0, 0, 1}); temp <= 1 {
		t.Errorf("temperature %v, want > 1 for overconfident logits", temp)
	}
}
