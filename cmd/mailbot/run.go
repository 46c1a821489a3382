package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"mailbot/mailbot/app"
	"mailbot/mailbot/config"
)

func cmdRun(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	verbose := fs.Bool("v", false, "debug logs")
	if err := fs.Parse(args); err != nil || *cfgPath == "" {
		return fmt.Errorf("%w: mailbot run --config FILE", errUsage)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := newLogger(stderr, level)
	slog.SetDefault(log)
	a, err := app.New(cfg, app.Options{Logger: log})
	if err != nil {
		return err
	}
	log.Info("mailbot started", "mailboxes", len(cfg.Mailboxes), "state", cfg.State.Path)
	runErr := a.Run(ctx)
	if err := a.Close(); err != nil {
		log.Error("close state file", "err", err)
	}
	log.Info("mailbot stopped")
	return runErr
}
