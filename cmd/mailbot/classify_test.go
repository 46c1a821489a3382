package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// mailbot classify decides files in parallel: its lines come in the order
// of the files, and the first file it cannot read stops it after the
// lines of the files before.
func TestClassifyKeepsFileOrder(t *testing.T) {
	src, err := os.ReadFile("testdata/ccp-links.eml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files, want []string
	for i := range 40 {
		name := filepath.Join(dir, fmt.Sprintf("m%02d.eml", 39-i)) // not in the order of their names
		if err := os.WriteFile(name, src, 0o600); err != nil {
			t.Fatal(err)
		}
		files, want = append(files, name), append(want, filepath.Base(name))
	}
	run := func(files []string) ([]string, error) {
		var out bytes.Buffer
		err := dispatch(context.Background(), "classify", append([]string{"--now", "2027-03-01T10:00:00+01:00"}, files...), &out, &bytes.Buffer{})
		var got []string
		dec := json.NewDecoder(&out)
		for dec.More() {
			var line classifyLine
			if err := dec.Decode(&line); err != nil {
				t.Fatal(err)
			}
			got = append(got, line.File)
		}
		return got, err
	}
	if got, err := run(files); err != nil || !slices.Equal(got, want) {
		t.Errorf("got %q, %v; want %q in that order", got, err, want)
	}
	broken := slices.Insert(slices.Clone(files), 25, filepath.Join(dir, "missing.eml"))
	if got, err := run(broken); !errors.Is(err, os.ErrNotExist) || !slices.Equal(got, want[:25]) {
		t.Errorf("with a missing 26th file: got %q, %v; want the first 25 lines and the error", got, err)
	}
}

func TestInOrder(t *testing.T) {
	boom := errors.New("boom")
	for _, workers := range []int{1, 2, 8} {
		var got []int
		err := inOrder(100, workers, func(i int) (int, error) {
			if i%9 == 0 {
				time.Sleep(time.Millisecond) // finish out of order
			}
			if i == 60 {
				return 0, boom
			}
			return i * i, nil
		}, func(v int) error { got = append(got, v); return nil })
		want := make([]int, 60)
		for i := range want {
			want[i] = i * i
		}
		if !errors.Is(err, boom) || !slices.Equal(got, want) {
			t.Errorf("%d workers: got %v, %v; want the squares of 0..59 and the error", workers, got, err)
		}
	}
}
