package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"mailbot/mailbot/demo"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	once := fs.Bool("once", false, "process the sample mail, print a summary and exit")
	verbose := fs.Bool("v", false, "show the bot's logs")
	dir := fs.String("dir", "", "keep the state file in this directory (default: a temporary one)")
	logFormat := fs.String("log-format", "", "with -v: text (default) or json")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	log, err := newFormatLogger(stderr, slog.LevelInfo, *logFormat)
	if err != nil {
		return err
	}
	if !*verbose {
		log = slog.New(slog.DiscardHandler)
	}
	if !*once {
		fmt.Fprintln(stdout, "Ctrl-C to stop.")
	}
	_, err = demo.Run(ctx, demo.Options{Once: *once, Out: stdout, Logger: log, Dir: *dir})
	return err
}
