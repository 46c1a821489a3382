package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"mailbot/classify/eval"
	"mailbot/mailbot/app"
)

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	cfgPath := fs.String("config", "", "configuration file (default: built-in defaults)")
	modelPath := fs.String("model", "", "model file made by mailbot train (default: classify.model, else the embedded model)")
	dirs, err := parseArgs(fs, args)
	if err != nil || len(dirs) != 1 {
		return fmt.Errorf("%w: mailbot eval DIR [--json] [--config FILE] [--model FILE]", errUsage)
	}
	cfg, err := loadConfig(*cfgPath, *modelPath)
	if err != nil {
		return err
	}
	eng, err := app.NewEngine(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	rep, err := eval.Run(ctx, dirs[0], eng.Classifier, stderr)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return rep.WriteText(stdout)
}
