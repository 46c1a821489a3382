package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"
)

// mailbot bench runs the real pipeline on the embedded servers and prints
// each of its figures; their values are not checked (they depend on the
// machine).
func TestBenchPrintsItsFigures(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := dispatch(context.Background(), "bench", []string{"--messages", "50"}, &out, &errOut); err != nil {
		t.Fatalf("bench: %v\n%s", err, errOut.String())
	}
	for _, label := range []string{"backlog:", "replies:", "cpu:", "fsyncs:", "latency:", "IDLE floor:", "above floor:", "receive:", "send:", "peak RSS:"} {
		if !regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(label) + `\s+(p50 )?[0-9]+(\.[0-9]+)? `).Match(out.Bytes()) {
			t.Errorf("no figure after %q in:\n%s", label, out.String())
		}
	}
}
