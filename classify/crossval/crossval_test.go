package crossval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailbot/classify/model"
	"mailbot/classify/train"
)

// folder writes a labelled folder of short mails, "file:category" each,
// labelled in that order.
func folder(t *testing.T, mails ...string) string {
	t.Helper()
	dir := t.TempDir()
	var labels []string
	for _, m := range mails {
		name, cat, _ := strings.Cut(m, ":")
		body := "From: c@centre.example\r\nSubject: " + cat + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour, " + cat + " " + name + ".\r\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		labels = append(labels, `{"file":"`+name+`","mailbox":"btp","category":"`+cat+`"}`)
	}
	if err := os.WriteFile(filepath.Join(dir, "labels.jsonl"), []byte(strings.Join(labels, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestGroups: a folder by author gives a group per file-name letter, in
// letter order, whatever the label order; another folder is one group;
// header-only categories are scored but not trained on.
func TestGroups(t *testing.T) {
	authors := folder(t, "q1.eml:complaint", "p1.eml:cancellation", "v1.eml:other", "p2.eml:bounce", "Q2.eml:other")
	whole := folder(t, "p9.eml:complaint", "z1.eml:other")
	tests := []struct {
		folder train.Folder
		want   []string // name: labelled files / trained examples
	}{
		{train.Folder{Dir: authors, ByAuthor: true}, []string{
			filepath.Join(authors, "p*") + ": p1.eml p2.eml / 1",
			filepath.Join(authors, "q*") + ": q1.eml Q2.eml / 2",
			filepath.Join(authors, "v*") + ": v1.eml / 1",
		}},
		{train.Folder{Dir: whole}, []string{whole + ": p9.eml z1.eml / 2"}},
	}
	for _, tt := range tests {
		gs, err := read(context.Background(), tt.folder, map[model.Key]string{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range gs {
			var files []string
			for _, l := range g.labels {
				files = append(files, l.File)
			}
			got = append(got, fmt.Sprintf("%s: %s / %d", g.name, strings.Join(files, " "), len(g.examples)))
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("groups of %+v:\n%s\nwant\n%s", tt.folder, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

func TestRunNeedsTwoGroups(t *testing.T) {
	one := folder(t, "p1.eml:complaint", "p2.eml:other")
	if _, err := Run(context.Background(), []train.Folder{{Dir: one, ByAuthor: true}}, nil); !errors.Is(err, ErrOneGroup) {
		t.Errorf("one author: got %v, want ErrOneGroup", err)
	}
	if _, err := Run(context.Background(), []train.Folder{{Dir: t.TempDir()}}, nil); err == nil || !strings.Contains(err.Error(), "labels.jsonl") {
		t.Errorf("folder without labels: got %v, want an error naming labels.jsonl", err)
	}
}

// TestRunPoolsGroups: on the repository's earlier mail split by batch
// letter, each batch is scored by a model that did not see it, the pooled
// figures count every mail once, and a second run gives the same result.
func TestRunPoolsGroups(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "corpus")
	folders := []train.Folder{{Dir: dir, ByAuthor: true}}
	var progress bytes.Buffer
	res, err := Run(context.Background(), folders, &progress)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	total, correct, wrong, trained := 0, 0, 0, 0
	for _, g := range res.Groups {
		names = append(names, strings.TrimPrefix(g.Name, dir+"/"))
		total += g.Report.Total
		correct += g.Report.Correct
		wrong += len(g.Report.WrongActions)
		trained += g.Trained
		for _, it := range g.Report.Items {
			if folders[0].Group(it.File) != g.Name {
				t.Errorf("group %s scored %s", g.Name, it.File)
			}
		}
	}
	if strings.Join(names, " ") != "g* h* k* m*" {
		t.Errorf("groups %v, want g* h* k* m*", names)
	}
	p := res.Pooled
	if p.Total != total || p.Total != 113 || p.Correct != correct || len(p.WrongActions) != wrong {
		t.Errorf("pooled: total %d correct %d wrong %d; groups add up to %d, %d, %d (113 mails)", p.Total, p.Correct, len(p.WrongActions), total, correct, wrong)
	}
	// Each example is trained on by every model but the one of its group.
	if n := len(res.Groups); trained != (n-1)*102 {
		t.Errorf("trained on %d examples in all, want %d (102 text mails, each in %d models)", trained, (n-1)*102, n-1)
	}
	if p.MacroF1 <= 0.5 || p.MacroF1 > 1 {
		t.Errorf("pooled macro-F1 %.3f: not a plausible figure", p.MacroF1)
	}
	if !strings.HasPrefix(p.Items[0].File, dir) {
		t.Errorf("pooled item %q not named with its folder", p.Items[0].File)
	}
	if strings.Count(progress.String(), "\n") != 4 {
		t.Errorf("progress %q, want a line per group", progress.String())
	}
	again, err := Run(context.Background(), folders, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(res)
	b, _ := json.Marshal(again)
	if !bytes.Equal(a, b) {
		t.Errorf("two runs differ")
	}
	var text bytes.Buffer
	if err := res.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"held out", dir + "/k*", "macro-F1", "pooled over 4 groups", "expected \\ got"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
}
