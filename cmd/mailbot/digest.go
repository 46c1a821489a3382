package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"mailbot/mailbot/app"
	"mailbot/mailbot/config"
	"mailbot/mailbot/digest"
)

const digestUsage = "mailbot digest [--since 24h] [--sector SECTOR] [--html] [--send] [--now RFC3339] [--config FILE]"

func cmdDigest(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("digest", flag.ContinueOnError)
	cfgPath := fs.String("config", "", "configuration file (TOML); default: state file mailbot.db, nothing to send to")
	since := fs.Duration("since", 24*time.Hour, "period the digest covers, back from now")
	sector := fs.String("sector", "", "one sector's digest (default: as [digest] per_sector says)")
	html := fs.Bool("html", false, "print the HTML part instead of the text part")
	send := fs.Bool("send", false, "send the digest to its recipients instead of printing it")
	nowFlag := fs.String("now", "", "the digest as of this RFC 3339 time (default: now)")
	if _, err := parseArgs(fs, args); err != nil {
		return fmt.Errorf("%w (%s)", err, digestUsage)
	}
	cfg, err := loadConfig(*cfgPath, "")
	if err != nil {
		return err
	}
	cal, err := app.NewCalendar(cfg)
	if err != nil {
		return err
	}
	st, done, err := readState(ctx, cfg)
	if err != nil {
		return err
	}
	defer done()
	var sectors []string
	for _, m := range cfg.Mailboxes {
		sectors = append(sectors, m.Sector)
	}
	scopes := digest.Scopes(cfg.Digest, sectors)
	if *sector != "" {
		scopes = []string{*sector}
	}
	now := time.Now()
	if *nowFlag != "" {
		if now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			return fmt.Errorf("%w: --now: %v (%s)", errUsage, err, digestUsage)
		}
	}
	for _, sc := range scopes {
		m, err := digest.Build(digest.Options{Store: st, Calendar: cal, Sector: sc, Since: now.Add(-*since), Now: now, DashboardURL: cfg.Web.PublicURL})
		if err != nil {
			return err
		}
		if *send {
			if err := sendDigest(ctx, cfg, sc, m, now); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "sent: %s\n", m.Subject)
			continue
		}
		body := m.Text
		if *html {
			body = m.HTML
		}
		fmt.Fprintf(stdout, "Subject: %s\n\n%s\n", m.Subject, body)
	}
	return nil
}

// sendDigest submits the digest through [smtp] at once.
func sendDigest(ctx context.Context, cfg *config.Config, sector string, m digest.Mail, now time.Time) error {
	to := digest.Recipients(cfg.Digest, sector)
	if len(to) == 0 || cfg.Digest.From == "" {
		return fmt.Errorf("%w: --send needs a configuration with digest.to (or agents.digest_to) and a mailbox", errUsage)
	}
	o := digest.Outgoing(m, cfg.Digest.From, to, now)
	if err := app.SendNow(ctx, cfg, slog.New(slog.DiscardHandler), o); err != nil {
		return fmt.Errorf("send digest: %w", err)
	}
	return nil
}
