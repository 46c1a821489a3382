package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// Example is one labelled feature vector.
type Example struct {
	Features []Feature
	Class    string
	// Accept lists other classes that are also right for it (an ambiguous
	// message); they count as right when the threshold is chosen.
	Accept []string
}

// Options tune training. The zero value is not usable: start from
// DefaultOptions.
type Options struct {
	// L2 is the weight of the L2 penalty on the weights (not the biases).
	L2 float64 `json:"l2"`
	// MinCount is the least number of training examples a feature must
	// appear in to be kept.
	MinCount int `json:"min_count"`
	// Folds is the number of cross-validation folds whose out-of-fold
	// predictions calibrate the model when no calibration set is given.
	Folds int `json:"folds"`
	// Seed shuffles the examples into folds.
	Seed uint64 `json:"seed"`
	// Precision is the least precision of decisions at or above the
	// threshold, on the calibration predictions.
	Precision float64 `json:"precision"`
	// AutoPrecision is the least precision of decisions at or above the
	// automatic threshold, from which mail goes out without an agent.
	AutoPrecision float64 `json:"auto_precision"`
	// AutoZ, when above zero, asks that the Wilson lower bound of the
	// precision above the automatic threshold, at z = AutoZ, reach
	// AutoPrecision, not only the precision seen: a threshold vouched for
	// by few decisions stays high. Out-of-fold predictions of mail by
	// authors the model has read are optimistic for new authors;
	// leave-one-author-out, 1.64 (one-sided 95%) cut wrong automatic
	// actions from 10 to 3 in 713 mails, where 1.0 left 5.
	AutoZ float64 `json:"auto_z,omitempty"`
	// MinThreshold and MaxThreshold bound the threshold.
	MinThreshold float64 `json:"min_threshold"`
	MaxThreshold float64 `json:"max_threshold"`
	// Abstain is the class that is not a decision ("other"): its
	// predictions do not count in the precision.
	Abstain string `json:"abstain"`
	// Balance weighs each class equally, whatever its number of examples.
	Balance bool `json:"balance"`
	// MaxIterations bounds L-BFGS.
	MaxIterations int `json:"max_iterations"`
}

// DefaultOptions are the settings the embedded model is trained with.
func DefaultOptions() Options {
	return Options{
		L2: 1e-3, MinCount: 2, Folds: 5, Seed: 1, Precision: 0.97, AutoPrecision: 0.99, AutoZ: 1.64,
		MinThreshold: 0.5, MaxThreshold: 0.95, Abstain: "other", Balance: true, MaxIterations: 300,
	}
}

// Errors of Train.
var (
	// ErrTooFew: fewer than two classes, or too few examples for the
	// calibration folds.
	ErrTooFew = errors.New("too few labelled examples to train")
)

// Data is what a model is made from.
type Data struct {
	// Train are the examples the weights are fitted on; Names has the
	// name of every feature key they hold.
	Train []Example
	Names map[Key]string
	// Calibrate, when not empty, calibrates the model; else the
	// out-of-fold predictions of cross-validation on Train do.
	Calibrate []Example
	// Prior is what is known before any example: feature name → class →
	// weight. The weights start there and the L2 penalty pulls them back
	// to it, so a feature the examples never show keeps its prior, and one
	// they show moves as far as they say.
	Prior map[string]map[string]float64
}

// Train fits a model on d.Train and calibrates it: on d.Calibrate when
// given, else on the out-of-fold predictions of opts.Folds
// cross-validation folds of d.Train. The same data and options give the
// same model, bit for bit.
func Train(d Data, opts Options) (*Model, error) {
	train, calib := d.Train, d.Calibrate
	classes, counts := classesOf(train)
	if len(classes) < 2 {
		return nil, fmt.Errorf("%w: %d classes", ErrTooFew, len(classes))
	}
	vocab, err := vocabulary(train, d.Names, d.Prior, opts.MinCount)
	if err != nil {
		return nil, err
	}
	data := newDataset(train, classes, vocab, opts.Balance)
	data.prior = priorWeights(d.Prior, vocab, classes)
	final := data.fit(data.all(), opts)
	m := &Model{classes: classes, names: vocab.names, weights: final.w, bias: final.b, temperature: 1}
	if err := m.index(); err != nil {
		return nil, err
	}
	var logits [][]float64
	var cal []Example
	if len(calib) > 0 {
		cal = calib
		for _, ex := range calib {
			logits = append(logits, m.Logits(ex.Features))
		}
	} else {
		if err := checkFolds(len(train), opts.Folds); err != nil {
			return nil, err
		}
		cal, logits = train, data.outOfFold(opts)
	}
	m.temperature = fitTemperature(logits, classIndexes(cal, classes))
	m.threshold, m.info.Precision, m.info.Decided = chooseThreshold(logits, m.temperature, cal, classes, opts.Precision, 0, opts)
	if opts.AutoPrecision > 0 {
		m.autoThreshold, m.info.AutoPrecision, m.info.AutoDecided = chooseThreshold(logits, m.temperature, cal, classes, opts.AutoPrecision, opts.AutoZ, opts)
	}
	m.info.Examples, m.info.PerClass, m.info.Calibrate, m.info.Options = len(train), counts, len(cal), opts
	if len(calib) == 0 {
		m.info.Folds = opts.Folds
	}
	m.roundInPlace()
	return m, nil
}

// roundInPlace rounds the numbers as the file does, so that a model in
// memory decides exactly as the same model read back from its file.
func (m *Model) roundInPlace() {
	m.temperature, m.threshold, m.autoThreshold = round(m.temperature), round(m.threshold), round(m.autoThreshold)
	m.bias, m.weights = roundAll(m.bias), roundAll(m.weights)
}

func classesOf(ex []Example) ([]string, map[string]int) {
	counts := map[string]int{}
	for _, e := range ex {
		counts[e.Class]++
	}
	classes := make([]string, 0, len(counts))
	for c := range counts {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	return classes, counts
}

func checkFolds(n, folds int) error {
	if folds < 2 || n < 2*folds {
		return fmt.Errorf("%w: calibration needs a calibration set, or at least 2 folds of 2 examples (have %d examples, %d folds)", ErrTooFew, n, folds)
	}
	return nil
}

func classIndexes(ex []Example, classes []string) []int {
	out := make([]int, len(ex))
	for i, e := range ex {
		out[i] = sort.SearchStrings(classes, e.Class)
		if out[i] == len(classes) || classes[out[i]] != e.Class {
			out[i] = -1 // a class the model does not have: always wrong
		}
	}
	return out
}

// vocab is the kept features, sorted by name.
type vocab struct {
	names []string
	row   map[Key]int32
}

// vocabulary keeps the features of at least minCount examples, and those
// of the prior.
func vocabulary(ex []Example, names map[Key]string, prior map[string]map[string]float64, minCount int) (vocab, error) {
	df := map[Key]int{}
	for _, e := range ex {
		for _, f := range e.Features {
			df[f.Key]++
		}
	}
	var v vocab
	for k, n := range df {
		if n < minCount {
			continue
		}
		name, ok := names[k]
		if !ok {
			return v, fmt.Errorf("feature %#x has no name", uint64(k))
		}
		if _, inPrior := prior[name]; !inPrior {
			v.names = append(v.names, name)
		}
	}
	for name := range prior {
		v.names = append(v.names, name)
	}
	sort.Strings(v.names)
	v.row = make(map[Key]int32, len(v.names))
	for i, n := range v.names {
		v.row[KeyOf(n)] = int32(i)
	}
	return v, nil
}

// dataset is the training examples over the vocabulary's rows.
type dataset struct {
	k, f    int
	idx     [][]int32
	val     [][]float64
	class   []int
	weight  []float64
	classes []string
	ex      []Example
	prior   []float64 // feature × class, nil when none
}

// priorWeights lays the prior out like the weights.
func priorWeights(prior map[string]map[string]float64, v vocab, classes []string) []float64 {
	if len(prior) == 0 {
		return nil
	}
	w := make([]float64, len(v.names)*len(classes))
	for i, name := range v.names {
		for c, class := range classes {
			w[i*len(classes)+c] = prior[name][class]
		}
	}
	return w
}

func newDataset(ex []Example, classes []string, v vocab, balance bool) *dataset {
	d := &dataset{k: len(classes), f: len(v.names), classes: classes, ex: ex}
	ci := classIndexes(ex, classes)
	per := make([]int, len(classes))
	for _, c := range ci {
		per[c]++
	}
	for i, e := range ex {
		var idx []int32
		var val []float64
		for _, f := range e.Features {
			if r, ok := v.row[f.Key]; ok {
				idx, val = append(idx, r), append(val, f.Value)
			}
		}
		w := 1.0
		if balance {
			w = float64(len(ex)) / float64(len(classes)*per[ci[i]])
		}
		d.idx, d.val, d.class, d.weight = append(d.idx, idx), append(d.val, val), append(d.class, ci[i]), append(d.weight, w)
	}
	return d
}

func (d *dataset) all() []int {
	s := make([]int, len(d.class))
	for i := range s {
		s[i] = i
	}
	return s
}

// params are fitted weights (feature × class, row-major) and biases.
type params struct{ w, b []float64 }

// fit minimises the weighted cross-entropy of the examples in subset plus
// the L2 penalty with L-BFGS, from zero.
func (d *dataset) fit(subset []int, opts Options) params {
	n := d.f*d.k + d.k
	obj := &objective{d: d, subset: subset, l2: opts.L2, last: make([]float64, n), grad: make([]float64, n)}
	prob := optimize.Problem{Func: obj.value, Grad: obj.gradient}
	settings := &optimize.Settings{
		MajorIterations:   opts.MaxIterations,
		GradientThreshold: 1e-6,
		Converger:         &optimize.FunctionConverge{Absolute: 1e-8, Relative: 1e-8, Iterations: 20},
	}
	// An error here is a line search that could not improve further: the
	// last point is still the best found.
	start := make([]float64, n)
	copy(start, d.prior)
	res, _ := optimize.Minimize(prob, start, settings, &optimize.LBFGS{})
	x := obj.last
	if res != nil {
		x = res.X
	}
	return params{w: append([]float64(nil), x[:d.f*d.k]...), b: append([]float64(nil), x[d.f*d.k:]...)}
}

// objective computes the loss and its gradient together, once per point.
type objective struct {
	d       *dataset
	subset  []int
	l2      float64
	last    []float64
	grad    []float64
	loss    float64
	started bool
}

func (o *objective) value(x []float64) float64 {
	o.at(x)
	return o.loss
}

func (o *objective) gradient(grad, x []float64) {
	o.at(x)
	copy(grad, o.grad)
}

func (o *objective) at(x []float64) {
	if o.started && floats.Equal(x, o.last) {
		return
	}
	o.started = true
	copy(o.last, x)
	d, k := o.d, o.d.k
	w, b := x[:d.f*k], x[d.f*k:]
	clear(o.grad)
	gw, gb := o.grad[:d.f*k], o.grad[d.f*k:]
	z := make([]float64, k)
	loss, total := 0.0, 0.0
	for _, i := range o.subset {
		copy(z, b)
		for j, r := range d.idx[i] {
			v, row := d.val[i][j], w[int(r)*k:int(r)*k+k]
			for c := range z {
				z[c] += v * row[c]
			}
		}
		lse := logSumExp(z)
		ew := d.weight[i]
		total += ew
		loss += ew * (lse - z[d.class[i]])
		for c := range z {
			z[c] = ew * math.Exp(z[c]-lse)
		}
		z[d.class[i]] -= ew
		for c := range z {
			gb[c] += z[c]
		}
		for j, r := range d.idx[i] {
			v, row := d.val[i][j], gw[int(r)*k:int(r)*k+k]
			for c := range z {
				row[c] += v * z[c]
			}
		}
	}
	floats.Scale(1/total, o.grad)
	loss /= total
	for j, v := range w {
		if d.prior != nil {
			v -= d.prior[j]
		}
		loss += 0.5 * o.l2 * v * v
		gw[j] += o.l2 * v
	}
	o.loss = loss
}

func logSumExp(z []float64) float64 {
	top := math.Inf(-1)
	for _, v := range z {
		top = max(top, v)
	}
	s := 0.0
	for _, v := range z {
		s += math.Exp(v - top)
	}
	return top + math.Log(s)
}

// outOfFold fits one model per fold, on the other folds, and returns
// each example's logits from the model that did not see it. Folds are
// stratified by class and shuffled with opts.Seed; they run in parallel,
// each on its own, so the result does not depend on scheduling.
func (d *dataset) outOfFold(opts Options) [][]float64 {
	fold := d.folds(opts.Folds, opts.Seed)
	logits := make([][]float64, len(d.class))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for f := range opts.Folds {
		var in, out []int
		for i, fi := range fold {
			if fi == f {
				out = append(out, i)
			} else {
				in = append(in, i)
			}
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			p := d.fit(in, opts)
			for _, i := range out {
				logits[i] = d.logits(p, i)
			}
		})
	}
	wg.Wait()
	return logits
}

// folds assigns each example a fold: within each class, shuffled, then
// dealt in turn.
func (d *dataset) folds(n int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	fold := make([]int, len(d.class))
	next := 0
	for c := range d.k {
		var members []int
		for i, ci := range d.class {
			if ci == c {
				members = append(members, i)
			}
		}
		rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		for _, i := range members {
			fold[i] = next % n
			next++
		}
	}
	return fold
}

func (d *dataset) logits(p params, i int) []float64 {
	z := append([]float64(nil), p.b...)
	for j, r := range d.idx[i] {
		v, row := d.val[i][j], p.w[int(r)*d.k:int(r)*d.k+d.k]
		for c := range z {
			z[c] += v * row[c]
		}
	}
	return z
}
