package replay

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/mbox"
)

// Item is one exported message, found by Scan.
type Item struct {
	// Name says where it is: the file, or the mbox file and "#n" (n from 1).
	Name string
	// Date is the message's Date (see Scan for one without).
	Date time.Time
	// MessageID and Mailbox (the sector it is replayed into) are read at
	// the scan.
	MessageID string
	Mailbox   string
	// Err is why the message cannot be replayed ("": it can).
	Err string

	path   string
	offset int64 // of its From_ line in an mbox; -1 for a file of its own
}

// scanner collects items.
type scanner struct {
	maxSize  int64
	sectorOf func(*mailmsg.Message) string
	items    []Item
}

// Scan lists the messages under paths — mbox files, Maildirs (a folder
// with cur/ and new/), folders of .eml files, single .eml files — in
// the order they are replayed: by Date, so that an answer comes after
// the question it answers, whatever the files' order. A message without
// a readable Date takes the date of the one before it in its mbox or
// folder, or else its file's modification time. sectorOf names the
// mailbox of each message ("" : none, the item gets an Err); messages
// over maxSize bytes are listed with an Err, unread.
func Scan(paths []string, maxSize int64, sectorOf func(*mailmsg.Message) string) ([]Item, error) {
	s := &scanner{maxSize: maxSize, sectorOf: sectorOf}
	for _, p := range paths {
		if err := s.path(p); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(s.items, func(i, j int) bool { return s.items[i].Date.Before(s.items[j].Date) })
	return s.items, nil
}

func (s *scanner) path(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	if !fi.IsDir() {
		return s.file(p, fi)
	}
	if isMaildir(p) {
		for _, sub := range []string{"cur", "new"} { // tmp holds deliveries in progress
			if err := s.folder(filepath.Join(p, sub), func(string) bool { return true }); err != nil {
				return err
			}
		}
		return nil
	}
	return s.folder(p, func(name string) bool { return strings.EqualFold(filepath.Ext(name), ".eml") })
}

func isMaildir(dir string) bool {
	for _, sub := range []string{"cur", "new"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// folder scans the files of dir that want accepts, by name.
func (s *scanner) folder(dir string, want func(string) bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil // a Maildir may lack new/ or cur/
	}
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	before := time.Time{}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !want(e.Name()) {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			return fmt.Errorf("replay: %w", err)
		}
		it := Item{Name: filepath.Join(dir, e.Name()), path: filepath.Join(dir, e.Name()), offset: -1}
		if fi.Size() > s.maxSize {
			it.Err = tooLarge(fi.Size(), s.maxSize)
			it.Date = dateOr(before, fi.ModTime())
		} else {
			raw, err := os.ReadFile(it.path)
			if err != nil {
				return fmt.Errorf("replay: %w", err)
			}
			s.read(&it, raw, dateOr(before, fi.ModTime()))
		}
		before = it.Date
		s.items = append(s.items, it)
	}
	return nil
}

// file scans a file given by name: an mbox when it starts with a From_
// line, else one message.
func (s *scanner) file(p string, fi os.FileInfo) error {
	f, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	defer f.Close()
	r := mbox.NewReader(f)
	r.MaxSize = s.maxSize
	before := fi.ModTime()
	for n := 1; ; n++ {
		m, err := r.Next()
		switch {
		case errors.Is(err, mbox.ErrNotMbox):
			return s.folderOfOne(p, fi)
		case err == io.EOF:
			return nil
		case err != nil:
			return fmt.Errorf("replay: %s: %w", p, err)
		}
		it := Item{Name: fmt.Sprintf("%s#%d", p, n), path: p, offset: m.Offset}
		if m.TooLarge {
			it.Err, it.Date = tooLarge(m.Size, s.maxSize), before
		} else {
			s.read(&it, m.Raw, before)
		}
		before = it.Date
		s.items = append(s.items, it)
	}
}

// folderOfOne scans a single .eml file.
func (s *scanner) folderOfOne(p string, fi os.FileInfo) error {
	return s.folder(filepath.Dir(p), func(name string) bool { return name == fi.Name() })
}

// read fills an item from its message.
func (s *scanner) read(it *Item, raw []byte, fallback time.Time) {
	m := mailmsg.Parse(bytes.NewReader(raw))
	it.MessageID = m.MessageID
	it.Date = dateOr(m.Date, fallback)
	if it.Mailbox = s.sectorOf(m); it.Mailbox == "" {
		it.Err = "addressed to no configured mailbox: give --mailbox"
	}
}

// Raw reads the item's message again.
func (it Item) Raw() ([]byte, error) {
	if it.offset < 0 {
		return os.ReadFile(it.path)
	}
	f, err := os.Open(it.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(it.offset, io.SeekStart); err != nil {
		return nil, err
	}
	m, err := mbox.NewReader(f).Next()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", it.Name, err)
	}
	return m.Raw, nil
}

func dateOr(t, fallback time.Time) time.Time {
	if t.IsZero() {
		return fallback
	}
	return t
}

func tooLarge(size, max int64) string {
	return fmt.Sprintf("%d bytes, over imap.max_message_size (%d): the running bot records it unread for an agent", size, max)
}
