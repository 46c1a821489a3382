package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"mailbot/mailbot/app"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/mailmsg"
	"mailbot/mailbot/workflow"
)

// classifyLine is one line of `mailbot classify` (SPEC section 7: a
// contract, keep field names and types).
type classifyLine struct {
	File              string   `json:"file"`
	MessageID         string   `json:"message_id"`
	Mailbox           string   `json:"mailbox"`
	Category          string   `json:"category"`
	Confidence        float64  `json:"confidence"`
	Action            string   `json:"action"`
	Template          *string  `json:"template"`
	SendAt            *string  `json:"send_at"`
	Priority          string   `json:"priority"`
	SessionDate       *string  `json:"session_date"`
	EnvelopesReceived *bool    `json:"envelopes_received"`
	Misrouted         bool     `json:"misrouted"`
	Reasons           []string `json:"reasons"`
	ReplySubject      *string  `json:"reply_subject,omitempty"`
	ReplyText         *string  `json:"reply_text,omitempty"`
}

func cmdClassify(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	mailbox := fs.String("mailbox", "", "sector mailbox the files arrived in (default: the sector of the To address)")
	nowFlag := fs.String("now", "", "decide as of this RFC 3339 time (default: each message's Date header)")
	render := fs.Bool("render", false, "add reply_subject and reply_text")
	cfgPath := fs.String("config", "", "configuration file (default: built-in defaults)")
	modelPath := fs.String("model", "", "model file made by mailbot train (default: classify.model, else the embedded model)")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: mailbot classify [--mailbox S] [--now T] [--render] [--config FILE] [--model FILE] FILE.eml...", errUsage)
	}
	var now time.Time
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return fmt.Errorf("%w: --now: %v", errUsage, err)
		}
		now = t.In(calendar.Paris)
	}
	cfg, err := loadConfig(*cfgPath, *modelPath)
	if err != nil {
		return err
	}
	eng, err := app.NewEngine(cfg, newLogger(os.Stderr, slog.LevelWarn))
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return inOrder(len(files), runtime.GOMAXPROCS(0), func(i int) (classifyLine, error) {
		return classifyFile(ctx, eng, files[i], *mailbox, now, *render)
	}, func(line classifyLine) error { return enc.Encode(line) })
}

// inOrder computes do(0), …, do(n-1) on up to workers goroutines and
// hands the results to emit in index order, stopping at the first error
// (the results before it are emitted, as when done one by one).
func inOrder[T any](n, workers int, do func(int) (T, error), emit func(T) error) error {
	type result struct {
		v   T
		err error
	}
	pending := make(chan chan result, workers)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(pending)
		for i := range n {
			ch := make(chan result, 1)
			select {
			case pending <- ch: // bounds the work done ahead of emit
			case <-stop:
				return
			}
			go func() {
				v, err := do(i)
				ch <- result{v, err}
			}()
		}
	}()
	for ch := range pending {
		r := <-ch
		if r.err != nil {
			return r.err
		}
		if err := emit(r.v); err != nil {
			return err
		}
	}
	return nil
}

func classifyFile(ctx context.Context, eng *engine.Engine, path, mailbox string, now time.Time, render bool) (classifyLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return classifyLine{}, err
	}
	defer f.Close()
	m := mailmsg.Parse(f)
	if mailbox == "" {
		mailbox = eng.SectorOf(m)
	}
	if now.IsZero() {
		now = engine.Now(m, time.Now())
	}
	return lineOf(filepath.Base(path), m.MessageID, mailbox, eng.Decide(ctx, m, mailbox, now), render), nil
}

// lineOf is the classify line of one decision (also `mailbot replay
// --json`).
func lineOf(file, messageID, mailbox string, d engine.Decision, render bool) classifyLine {
	p := d.Plan
	line := classifyLine{
		File:              file,
		MessageID:         messageID,
		Mailbox:           mailbox,
		Category:          string(p.Category),
		Confidence:        math.Round(p.Confidence*100) / 100,
		Action:            string(p.Action),
		Priority:          p.Priority,
		EnvelopesReceived: p.EnvelopesReceived,
		Misrouted:         p.Misrouted,
		Reasons:           p.Reasons,
	}
	if line.Reasons == nil {
		line.Reasons = []string{}
	}
	if p.Template != "" {
		line.Template = &p.Template
	}
	if !p.SendAt.IsZero() && p.Action != workflow.Ignore {
		s := p.SendAt.In(calendar.Paris).Format(time.RFC3339)
		line.SendAt = &s
	}
	if !p.SessionDate.IsZero() {
		s := p.SessionDate.Format(time.DateOnly)
		line.SessionDate = &s
	}
	if render {
		subject, text := "", ""
		if d.Reply != nil {
			subject, text = d.Reply.Subject, d.Reply.Text
		}
		line.ReplySubject, line.ReplyText = &subject, &text
	}
	return line
}

// loadConfig reads the configuration file, or takes the defaults when
// there is none; a model path given on the command line wins over the
// file's classify.model.
func loadConfig(path, modelPath string) (*config.Config, error) {
	cfg := config.Default()
	if path != "" {
		c, err := config.Load(path)
		if err != nil {
			return nil, err
		}
		cfg = c
	}
	if modelPath != "" {
		cfg.Classify.Model = modelPath
	}
	return cfg, nil
}
