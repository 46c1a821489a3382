package classify_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"mailbot/classify"
	"mailbot/classify/eval"
)

func TestCalibDebug(t *testing.T) {
	dirs := os.Getenv("CALIB")
	if dirs == "" {
		t.Skip()
	}
	c := classify.New(classify.Options{Threshold: 0.001})
	type pt struct {
		conf float64
		ok   bool
		f    string
	}
	var pts []pt
	for _, d := range strings.Split(dirs, ",") {
		r, err := eval.Run(context.Background(), d, c, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range r.Items {
			if it.Confidence >= 0.9 && strings.HasPrefix(strings.Join(it.Reasons, " "), "headers") {
				continue
			}
			pts = append(pts, pt{it.Confidence, it.Correct, d[len(d)-4:] + "/" + it.File + ":" + string(it.Expected) + "->" + string(it.Got)})
		}
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].conf < pts[j].conf })
	for _, p := range pts {
		if p.conf < 0.75 {
			fmt.Printf("%.2f %v %s\n", p.conf, p.ok, p.f)
		}
	}
	for _, th := range []float64{0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7} {
		n, ok := 0, 0
		for _, p := range pts {
			if p.conf >= th {
				n++
				if p.ok {
					ok++
				}
			}
		}
		fmt.Printf("th %.2f: %d/%d = %.3f\n", th, ok, n, float64(ok)/float64(n))
	}
}
