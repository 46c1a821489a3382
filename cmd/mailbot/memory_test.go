package main

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestKeepHeapSmall(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "80") // restored after the test, even once unset
	keepHeapSmall()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, the goal became %d, want it left at 100", got)
	}
	os.Unsetenv("GOGC")
	keepHeapSmall()
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("without GOGC, the goal is %d, want %d", got, gcPercent)
	}
}
