package model

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/optimize"
)

// fitTemperature finds the temperature T that minimises the negative
// log-likelihood of softmax(z/T) on held-out logits (Guo et al. 2017,
// "On Calibration of Modern Neural Networks"). It optimises log T, so T
// stays positive.
func fitTemperature(logits [][]float64, class []int) float64 {
	nll := func(x []float64, grad []float64) float64 {
		t := math.Exp(x[0])
		loss, dt := 0.0, 0.0
		for i, z := range logits {
			c := class[i]
			if c < 0 {
				continue
			}
			// loss_i = lse(z/t) - z_c/t; d/dt = (z_c - E_p[z]) / t²
			top := math.Inf(-1)
			for _, v := range z {
				top = max(top, v/t)
			}
			s, ez := 0.0, 0.0
			for _, v := range z {
				e := math.Exp(v/t - top)
				s += e
				ez += e * v
			}
			loss += top + math.Log(s) - z[c]/t
			dt += (z[c] - ez/s) / (t * t)
		}
		if grad != nil {
			grad[0] = dt * t // chain rule for x = log t
		}
		return loss
	}
	prob := optimize.Problem{
		Func: func(x []float64) float64 { return nll(x, nil) },
		Grad: func(g, x []float64) { nll(x, g) },
	}
	// An error here is a line search that could not improve further:
	// the best point found still stands.
	res, _ := optimize.Minimize(prob, []float64{0}, &optimize.Settings{MajorIterations: 100}, &optimize.LBFGS{})
	if res == nil || math.IsNaN(res.X[0]) || math.IsInf(res.X[0], 0) {
		return 1
	}
	// Bounds keep a degenerate calibration set from flattening or
	// sharpening the model absurdly.
	return math.Min(math.Max(math.Exp(res.X[0]), 0.05), 20)
}

// chooseThreshold picks the lowest probability t such that the decisions
// at or above t (predictions other than opts.Abstain) are right at least
// target of the time on the calibration examples (the Wilson lower bound
// at z of that share, when z > 0). It returns t,
// that precision and the share of calibration examples decided.
func chooseThreshold(logits [][]float64, temp float64, ex []Example, classes []string, target, z float64, opts Options) (t, precision, decided float64) {
	type pred struct {
		p     float64
		right bool
	}
	var preds []pred
	for i, z := range logits {
		p := softmax(append([]float64(nil), z...), temp)
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		if classes[best] == opts.Abstain {
			continue
		}
		preds = append(preds, pred{p[best], accepts(ex[i], classes[best])})
	}
	sort.SliceStable(preds, func(i, j int) bool { return preds[i].p > preds[j].p })
	t = opts.MaxThreshold
	right := 0
	for i, pr := range preds {
		if pr.right {
			right++
		}
		if pr.p < opts.MinThreshold {
			break
		}
		// Ties share one threshold: decide only where the next one is lower.
		if i+1 < len(preds) && preds[i+1].p == pr.p {
			continue
		}
		if wilsonLower(right, i+1, z) >= target {
			t = min(pr.p, opts.MaxThreshold)
		}
	}
	n, r := 0, 0
	for _, pr := range preds {
		if pr.p >= t {
			n++
			if pr.right {
				r++
			}
		}
	}
	if n > 0 {
		precision = float64(r) / float64(n)
	}
	return t, precision, float64(n) / float64(max(len(ex), 1))
}

func accepts(e Example, c string) bool {
	if e.Class == c {
		return true
	}
	for _, a := range e.Accept {
		if a == c {
			return true
		}
	}
	return false
}

// wilsonLower is the lower bound of the Wilson score interval at z for
// the share right/n (Wilson 1927); at z = 0 it is the share itself.
func wilsonLower(right, n int, z float64) float64 {
	p, nf := float64(right)/float64(n), float64(n)
	if z <= 0 {
		return p
	}
	z2 := z * z
	return (p + z2/(2*nf) - z*math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))) / (1 + z2/nf)
}
