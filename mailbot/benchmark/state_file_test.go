package benchmark

import (
	"fmt"
	"path/filepath"
	"testing"

	"mailbot/state"
)

func TestCommitsCountsWriteTransactions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := state.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	before, err := commits(path)
	if err != nil {
		t.Fatal(err)
	}
	const n = 3
	for i := range n {
		if err := st.Commit(state.Commit{Tasks: []state.Task{{ID: fmt.Sprint("task-", i), Title: "t"}}}); err != nil {
			t.Fatal(err)
		}
	}
	after, err := commits(path)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if after-before != n {
		t.Errorf("counted %d commits, want %d", after-before, n)
	}
}

func TestCommitsRefusesOtherFiles(t *testing.T) {
	if _, err := commits(filepath.Join("testdata", "missing")); err == nil {
		t.Error("got no error for a missing file")
	}
}
