package app

import (
	"testing"
	"time"
)

func TestZZPhases(t *testing.T) {
	l := startLab(t)
	h := l.harness(t, setup{})
	h.stopBot()
	for i := 0; i < 2; i++ {
		t0 := time.Now()
		a, err := New(h.cfg, Options{Clock: h.clock.Now})
		t.Logf("New %v %v", time.Since(t0), err)
		a.Close()
	}
}
