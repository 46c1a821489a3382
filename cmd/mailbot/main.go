// Command mailbot answers the routine mail of AFPA's exam-validation unit.
// This file only reads flags and dispatches; the work lives in packages
// under mailbot/, classify/, templates/ and state/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"mailbot/mailbot/config"
)

const usage = `usage: mailbot COMMAND [flags]

commands:
  demo          run the bot on embedded IMAP and SMTP servers seeded with sample mail
  run           run the daemon: mailbot run --config mailbot.toml [--log-format json]
                (SIGHUP reloads the configuration)
  classify      classify .eml files and print one JSON object per message
  eval          score a labelled folder: mailbot eval DIR [--json] [--model FILE]
  train         train the classifier's model: mailbot train [--corpus DIR...] [--authors DIR...] [--out FILE]
                (--cv: leave-one-author-out figures instead of a model)
  corrections   write the agents' reclassifications as labelled mail: mailbot corrections export DIR [--config FILE]
  check-config  validate a configuration file: mailbot check-config --config FILE [--dial]
                (--dial also signs in to every server; nothing is sent)
  digest        print or send the agents' digest: mailbot digest --since 24h [--send] [--now T] [--config FILE]
  replay        exported mail through the bot in shadow: mailbot replay --config FILE [--json] PATH...
  bench         measure the bot on embedded servers: mailbot bench [--messages N] [--dovecot]
`

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signalContext()
	defer stop()
	err := dispatch(ctx, os.Args[1], os.Args[2:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "mailbot:", err)
		os.Exit(1)
	}
}

func dispatch(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) error {
	switch cmd {
	case "classify":
		return cmdClassify(ctx, args, stdout)
	case "run":
		keepHeapSmall()
		return cmdRun(ctx, args, stderr)
	case "demo":
		keepHeapSmall()
		return cmdDemo(ctx, args, stdout, stderr)
	case "eval":
		return cmdEval(ctx, args, stdout, stderr)
	case "train":
		return cmdTrain(ctx, args, stdout, stderr)
	case "corrections":
		return cmdCorrections(ctx, args, stdout)
	case "check-config":
		return cmdCheckConfig(ctx, args, stdout)
	case "digest":
		return cmdDigest(ctx, args, stdout)
	case "replay":
		return cmdReplay(ctx, args, stdout, stderr)
	case "bench":
		keepHeapSmall()
		return cmdBench(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("%w: unknown command %q\n%s", errUsage, cmd, usage)
}

// signalContext is cancelled by the first SIGINT/SIGTERM, which starts a
// graceful stop; a second signal exits at once (as soju does).
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ch
		slog.Info("stopping: finishing work in flight (signal again to force)")
		cancel()
		<-ch
		os.Exit(1)
	}()
	return ctx, func() { signal.Stop(ch); cancel() }
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// newFormatLogger writes text, or with format "json" one JSON object per
// line (time, level, msg and the attributes) for a log collector.
func newFormatLogger(w io.Writer, level slog.Level, format string) (*slog.Logger, error) {
	switch format {
	case "", config.LogText:
		return newLogger(w, level), nil
	case config.LogJSON:
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})), nil
	}
	return nil, fmt.Errorf("%w: --log-format %q: want text or json", errUsage, format)
}

// parseArgs parses flags placed before, between or after positional
// arguments ("mailbot eval DIR --json") and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), err)
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
