package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"mailbot/mailbot/app"
	"mailbot/mailbot/config"
)

func cmdRun(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "configuration file (TOML)")
	verbose := fs.Bool("v", false, "debug logs")
	logFormat := fs.String("log-format", "", "text or json (default: [log] format, else text)")
	if err := fs.Parse(args); err != nil || *cfgPath == "" {
		return fmt.Errorf("%w: mailbot run --config FILE [--log-format text|json]", errUsage)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log, err := newFormatLogger(stderr, level, cmp.Or(*logFormat, cfg.Log.Format))
	if err != nil {
		return err
	}
	slog.SetDefault(log)
	a, err := app.New(cfg, app.Options{Logger: log})
	if err != nil {
		return err
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	reloads := make(chan struct{})
	runCtx, stop := context.WithCancel(ctx)
	go func() {
		defer close(reloads)
		reloadOn(runCtx, hup, a, *cfgPath, log)
	}()
	log.Info("mailbot started", "mailboxes", len(cfg.Mailboxes), "state", cfg.State.Path, "pid", os.Getpid())
	runErr := a.Run(runCtx)
	// No reload may start once the parts have stopped.
	stop()
	signal.Stop(hup)
	<-reloads
	if err := a.Close(); err != nil {
		log.Error("close state file", "err", err)
	}
	log.Info("mailbot stopped")
	return runErr
}

// reloadOn reloads the configuration file at each signal on hup (SIGHUP;
// `systemctl reload mailbot`), until ctx is done. A refused file is
// logged by Reload and changes nothing.
func reloadOn(ctx context.Context, hup <-chan os.Signal, a *app.App, path string, log *slog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			log.Info("SIGHUP: reloading the configuration", "config", path)
			_ = a.Reload(path)
		}
	}
}
