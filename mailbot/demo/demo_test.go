package demo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestDemoOnceProcessesEverySample(t *testing.T) {
	var out bytes.Buffer
	sum, err := Run(context.Background(), Options{Once: true, Out: &out, Dir: t.TempDir(), WebListen: "127.0.0.1:0", NoHistory: true})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	list, err := Samples()
	if err != nil {
		t.Fatal(err)
	}
	if sum.Processed != len(list) {
		t.Errorf("processed %d, want %d", sum.Processed, len(list))
	}
	// Every sample's labelled category, as the demo's own labels say.
	labels, err := samples.ReadFile("samples/labels.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(labels))
	for sc.Scan() {
		var l struct{ Category string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		want[l.Category]++
	}
	for _, c := range []string{"auto_reply", "bounce", "bulk"} {
		if sum.ByCategory[c] != want[c] {
			t.Errorf("%s: got %d, want %d", c, sum.ByCategory[c], want[c])
		}
	}
	if sum.Sent == 0 || sum.ByAction["ignore"] < want["auto_reply"]+want["bounce"]+want["bulk"] {
		t.Errorf("got %d sent and %d ignored; want replies and every machine mail ignored", sum.Sent, sum.ByAction["ignore"])
	}
	if !strings.Contains(out.String(), "dashboard: http://127.0.0.1:") || !strings.Contains(out.String(), "summary:") {
		t.Errorf("the demo does not print the dashboard address and a summary:\n%s", out.String())
	}
}
