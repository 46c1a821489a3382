package templates

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

// The "fr/*.tmpl" pattern, unlike a bare directory, also embeds the shared
// "_" files.
//
//go:embed fr/*.tmpl
var embedded embed.FS

const (
	embeddedDir = "fr"
	textSuffix  = ".txt.tmpl"
	htmlSuffix  = ".html.tmpl"
	// partialPrefix marks files of shared pieces rather than a template name.
	partialPrefix = "_"
)

// source is one template file: its text and where it came from, for errors
// an operator can act on.
type source struct {
	content    string
	origin     string // "embedded file fr/x.txt.tmpl" or "override file /dir/x.txt.tmpl"
	overridden bool
}

// files maps a file name ("session_change.txt.tmpl") to its source.
type files map[string]source

// loadSources returns the embedded files with those of overrideDir ("" for
// none) in their place.
func loadSources(overrideDir string) (files, error) {
	entries, err := fs.ReadDir(embedded, embeddedDir)
	if err != nil {
		return nil, fmt.Errorf("read embedded templates: %w", err)
	}
	set := files{}
	for _, e := range entries {
		name := path.Join(embeddedDir, e.Name())
		b, err := fs.ReadFile(embedded, name)
		if err != nil {
			return nil, fmt.Errorf("read embedded template %s: %w", name, err)
		}
		set[e.Name()] = source{content: string(b), origin: "embedded file " + name}
	}
	if overrideDir == "" {
		return set, nil
	}
	return set, set.override(overrideDir)
}

// override replaces files with those found in dir. Every entry of dir must
// carry the name of an embedded file: a misspelt name would otherwise leave
// the embedded text in use without anyone noticing.
func (set files) override(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read template override folder: %w", err)
	}
	for _, e := range entries {
		file := filepath.Join(dir, e.Name())
		if _, known := set[e.Name()]; !known || e.IsDir() {
			return fmt.Errorf("override file %s: %w (names must match an embedded file, e.g. %s%s)",
				file, ErrUnknownTemplate, SessionChange, textSuffix)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("read override file: %w", err)
		}
		if !utf8.Valid(b) {
			return fmt.Errorf("override file %s: not UTF-8, save it as UTF-8", file)
		}
		set[e.Name()] = source{content: string(b), origin: "override file " + file, overridden: true}
	}
	return nil
}

// partials returns the names of the shared files ending in suffix, sorted
// so that parsing is deterministic.
func (set files) partials(suffix string) []string {
	var names []string
	for name := range set {
		if strings.HasPrefix(name, partialPrefix) && strings.HasSuffix(name, suffix) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// originWith names file for an error, adding the overridden shared files
// that every template ending in suffix also runs: a render error may lie in
// one of them.
func (set files) originWith(file, suffix string) string {
	origin := set[file].origin
	for _, name := range set.partials(suffix) {
		if set[name].overridden {
			origin += " (with " + set[name].origin + ")"
		}
	}
	return origin
}
