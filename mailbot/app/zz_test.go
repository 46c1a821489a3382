package app

import (
	"testing"
	"time"
)

func TestZZPhases(t *testing.T) {
	t0 := time.Now()
	l := startLab(t)
	t.Logf("lab %v", time.Since(t0))
	t0 = time.Now()
	h := l.harness(t, setup{})
	t.Logf("harness %v", time.Since(t0))
	t0 = time.Now()
	h.stopBot()
	t.Logf("stopBot %v", time.Since(t0))
	t0 = time.Now()
	h.startBot()
	t.Logf("startBot %v", time.Since(t0))
	t0 = time.Now()
	_, err := NewEngine(h.cfg, nil)
	t.Logf("NewEngine %v %v", time.Since(t0), err)
}
