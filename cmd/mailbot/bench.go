package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"

	"mailbot/mailbot/benchmark"
)

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	messages := fs.Int("messages", 2000, "backlog: messages waiting before the bot starts")
	latency := fs.Int("latency", 0, "messages then delivered one at a time to time each (default min(100, messages))")
	conns := fs.Int("connections", 0, "[smtp] connections (default: the configuration's default)")
	dovecot := fs.Bool("dovecot", false, "read a throwaway Dovecot 2.3 on loopback instead of the embedded IMAP server")
	verbose := fs.Bool("v", false, "show the bot's logs")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	heap := fs.String("memprofile", "", "write a heap profile at the end of the run to this file (go tool pprof)")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = newLogger(stderr, slog.LevelInfo)
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return fmt.Errorf("cpuprofile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpuprofile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	opts := benchmark.Options{Messages: *messages, Latency: *latency, Connections: *conns, Logger: log}
	run := func(srv *benchmark.Server) error {
		opts.Server = srv
		res, err := benchmark.Run(ctx, opts)
		if err != nil {
			return err
		}
		benchmark.Print(stdout, res)
		if *heap != "" {
			return writeHeapProfile(*heap)
		}
		return nil
	}
	if *dovecot {
		return benchmark.Dovecot(run)
	}
	return run(nil)
}

// writeHeapProfile writes what is still in use at the end of the run,
// after a collection: what the bot keeps per message shows there.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("memprofile: %w", err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		return fmt.Errorf("memprofile: %w", err)
	}
	return nil
}
