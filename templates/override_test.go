package templates

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles puts files (name → content) in a fresh folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func embeddedText(t *testing.T, file string) string {
	t.Helper()
	b, err := embedded.ReadFile(embeddedDir + "/" + file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOverrideReplaces(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		render   string
		wantText string
		wantHTML string
	}{
		{
			name:     "text part only",
			files:    map[string]string{"session_change.txt.tmpl": "Bonjour,\nTexte local pour {{.CentreName}}.\n"},
			render:   SessionChange,
			wantText: "Texte local pour Centre de formation Exemple",
			wantHTML: "DREETS/DDETS", // the embedded HTML part stays
		},
		{
			name: "subject and html part",
			files: map[string]string{
				"other_ack.txt.tmpl":  `{{define "subject"}}Accusé {{.Reference}}{{end}}Reçu.`,
				"other_ack.html.tmpl": "<p>Reçu, {{.CentreName}}.</p>",
			},
			render:   OtherAck,
			wantText: "Reçu.",
			wantHTML: "<p>Reçu, Centre de formation Exemple – Lyon.</p>",
		},
		{
			name: "shared piece",
			files: map[string]string{"_common.txt.tmpl": strings.Replace(embeddedText(t, "_common.txt.tmpl"),
				"Cordialement,", "Bien cordialement,", 1)},
			render:   CeresSupport,
			wantText: "Bien cordialement,",
			wantHTML: "Cordialement,",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := mustLoad(t, writeFiles(t, tt.files))
			r, err := set.Render(tt.render, SampleData())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Text, tt.wantText) {
				t.Errorf("text %q: want it to contain %q", r.Text, tt.wantText)
			}
			if !strings.Contains(r.HTML, tt.wantHTML) {
				t.Errorf("html %q: want it to contain %q", r.HTML, tt.wantHTML)
			}
		})
	}
	t.Run("subject", func(t *testing.T) {
		set := mustLoad(t, writeFiles(t, tests[1].files))
		r, err := set.Render(OtherAck, SampleData())
		if err != nil {
			t.Fatal(err)
		}
		if want := "Accusé GEV-7K2Q"; r.Subject != want {
			t.Errorf("got subject %q, want %q", r.Subject, want)
		}
	})
}

// TestBrokenOverride: every broken override fails Load with an error that
// names the file, so the operator knows what to fix before any mail goes.
func TestBrokenOverride(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		content string
		wantIs  error
		want    string
	}{
		{"parse error", "session_change.txt.tmpl", "Bonjour {{if .CentreName}", nil, "bad character"},
		{"unknown field", "session_change.html.tmpl", "<p>{{.Centre}}</p>", nil, "can't evaluate field Centre"},
		{"unknown function", "complaint_ack.txt.tmpl", "{{upcase .Reference}}", nil, "function \"upcase\" not defined"},
		{"unknown name", "session_chnage.txt.tmpl", "Bonjour", ErrUnknownTemplate, "unknown template"},
		{"stray file", "README.md", "notes", ErrUnknownTemplate, "unknown template"},
		{"subject in html part", "other_ack.html.tmpl", `{{define "subject"}}x{{end}}<p>x</p>`, nil, "the subject belongs in other_ack.txt.tmpl"},
		{"empty part", "other_ack.txt.tmpl", "  \n", nil, "empty text part"},
		{"not utf-8", "other_ack.txt.tmpl", "Re\xe7u", nil, "not UTF-8"},
		{"broken shared piece", "_common.html.tmpl", strings.Replace(embeddedText(t, "_common.html.tmpl"),
			`{{define "closing"}}`, `{{define "closing"}}{{.Nope}}`, 1), nil, "can't evaluate field Nope"},
		{"shared piece lacks a definition", "_common.txt.tmpl", `{{define "closing"}}x{{end}}`, nil, `"session" not defined`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{tt.file: tt.content})
			set, err := Load(dir)
			if err == nil {
				t.Fatalf("Load: got set with names %v, want an error", set.Names())
			}
			if !strings.Contains(err.Error(), tt.file) {
				t.Errorf("got error %q, want it to name %s", err, tt.file)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to contain %q", err, tt.want)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("got error %v, want errors.Is %v", err, tt.wantIs)
			}
		})
	}
}

func TestOverrideFolderProblems(t *testing.T) {
	t.Run("missing folder", func(t *testing.T) {
		if _, err := Load(filepath.Join(t.TempDir(), "absent")); err == nil {
			t.Error("got no error, want one for a missing folder")
		}
	})
	t.Run("sub-folder", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "fr"), 0o755); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(dir); !errors.Is(err, ErrUnknownTemplate) {
			t.Errorf("got error %v, want ErrUnknownTemplate", err)
		}
	})
	t.Run("empty folder", func(t *testing.T) {
		mustLoad(t, t.TempDir())
	})
}
