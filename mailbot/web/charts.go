package web

import (
	"fmt"
	"time"
)

// Charts are drawn on the server as SVG: no script, nothing to download,
// and presentation attributes (fill) rather than inline styles, which the
// Content-Security-Policy forbids.

const (
	chartW, chartH = 760, 240
	padL, padR     = 40, 10
	padT, padB     = 10, 30
)

// palette colours series in order; it is long enough for 13 categories.
var palette = []string{"#1a55a3", "#c25e00", "#2e7d32", "#b3261e", "#6a1b9a", "#00838f", "#9e9d24",
	"#5d4037", "#ad1457", "#455a64", "#ef6c00", "#283593", "#7cb342"}

type rect struct {
	X, Y, W, H float64
	Fill       string
	Title      string // shown on hover
}

type text struct {
	X, Y   float64
	Anchor string
	Text   string
}

type legend struct {
	Fill, Label string
	N           int
}

// chart is one SVG picture.
type chart struct {
	W, H   int
	Base   int // the y of the baseline
	Label  string
	Rects  []rect
	Texts  []text
	Legend []legend
	Empty  bool
}

// series is a named row of values, one per column.
type series struct {
	Label  string
	Values []int
}

// stacked draws one bar per column with the series stacked in it.
func stacked(label string, columns []string, data []series) chart {
	c := chart{W: chartW, H: chartH, Base: chartH - padB, Label: label}
	totals := make([]int, len(columns))
	for i, s := range data {
		n := 0
		for j, v := range s.Values {
			totals[j] += v
			n += v
		}
		c.Legend = append(c.Legend, legend{Fill: palette[i%len(palette)], Label: s.Label, N: n})
	}
	top := 0
	for _, t := range totals {
		top = max(top, t)
	}
	if top == 0 {
		c.Empty = true
		return c
	}
	plotW, plotH := float64(chartW-padL-padR), float64(chartH-padT-padB)
	step := plotW / float64(len(columns))
	every := max(1, len(columns)/15) // at most ~15 column labels
	for j, col := range columns {
		x, y := padL+float64(j)*step, float64(chartH-padB)
		for i, s := range data {
			if s.Values[j] == 0 {
				continue
			}
			h := float64(s.Values[j]) / float64(top) * plotH
			y -= h
			c.Rects = append(c.Rects, rect{X: x + 1, Y: y, W: max(step-2, 1), H: h, Fill: palette[i%len(palette)],
				Title: fmt.Sprintf("%s — %s : %d", col, s.Label, s.Values[j])})
		}
		if j%every == 0 {
			c.Texts = append(c.Texts, text{X: x + step/2, Y: chartH - padB + 16, Anchor: "middle", Text: col})
		}
	}
	c.Texts = append(c.Texts, text{X: padL - 6, Y: padT + 10, Anchor: "end", Text: fmt.Sprint(top)},
		text{X: padL - 6, Y: chartH - padB, Anchor: "end", Text: "0"})
	return c
}

// share draws one horizontal bar split between the series (a 100 % bar).
func share(label string, data []series) chart {
	c := chart{W: chartW, H: 60, Base: 50, Label: label}
	total := 0
	for _, s := range data {
		total += s.Values[0]
	}
	x := float64(padL)
	for i, s := range data {
		n := s.Values[0]
		c.Legend = append(c.Legend, legend{Fill: palette[i%len(palette)], Label: s.Label, N: n})
		if total == 0 || n == 0 {
			continue
		}
		w := float64(n) / float64(total) * float64(chartW-padL-padR)
		pct := fmt.Sprintf("%.0f %%", 100*float64(n)/float64(total))
		c.Rects = append(c.Rects, rect{X: x, Y: 10, W: w, H: 30, Fill: palette[i%len(palette)], Title: s.Label + " : " + pct})
		if w > 40 {
			c.Texts = append(c.Texts, text{X: x + w/2, Y: 30, Anchor: "middle", Text: pct})
		}
		x += w
	}
	c.Empty = total == 0
	return c
}

// dayColumns are the days of the period, labelled "02/03".
func dayColumns(days []time.Time) []string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = d.Format("02/01")
	}
	return out
}
