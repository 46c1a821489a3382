package app

import (
	"fmt"
	"log/slog"
	"time"

	"mailbot/classify"
	"mailbot/classify/model"
	"mailbot/mailbot/calendar"
	"mailbot/mailbot/config"
	"mailbot/mailbot/engine"
	"mailbot/mailbot/workflow"
	"mailbot/templates"
)

// NewEngine builds the decision engine of a configuration: classifier
// (the embedded model or classify.model, with the LLM adviser when
// configured), calendar, policy and templates. A broken template override
// or model file is an error here, at startup.
func NewEngine(cfg *config.Config, log *slog.Logger) (*engine.Engine, error) {
	cal, err := NewCalendar(cfg)
	if err != nil {
		return nil, err
	}
	tpl, err := templates.Load(cfg.Templates.Dir)
	if err != nil {
		return nil, fmt.Errorf("templates.dir: %w", err)
	}
	copts := classify.Options{Threshold: cfg.Policy.Threshold, AutoThreshold: cfg.Policy.AutoThreshold}
	if cfg.Classify.Model != "" {
		m, err := model.Load(cfg.Classify.Model)
		if err != nil {
			return nil, fmt.Errorf("classify.model: %w", err)
		}
		copts.Model = m
		log.Info("classifier model loaded", "path", cfg.Classify.Model, "examples", m.Info().Examples, "threshold", m.Threshold())
	}
	if cfg.LLM.Enabled() {
		adv, err := newAdviser(cfg.LLM, cfg.LLM.Timeout)
		if err != nil {
			return nil, err
		}
		copts.Adviser = adv
		log.Info("LLM second opinion enabled", "model", cfg.LLM.Model, "redact", *cfg.LLM.Redact)
	}
	addrs := map[string]string{}
	for _, m := range cfg.Mailboxes {
		addrs[m.Sector] = m.Address
	}
	return &engine.Engine{
		Classifier: classify.New(copts),
		Policy: workflow.Policy{
			Calendar:               cal,
			RepliesInBusinessHours: cfg.Policy.RepliesInBusinessHours,
			GenericAck:             *cfg.Policy.GenericAck,
		},
		Templates: tpl,
		Addresses: addrs,
	}, nil
}

// NewCalendar is the business calendar with the configured closures and
// hours.
func NewCalendar(cfg *config.Config) (*calendar.Calendar, error) {
	var closures []time.Time
	for _, d := range cfg.Calendar.Closures {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, fmt.Errorf("calendar.closures: %w", err)
		}
		closures = append(closures, t)
	}
	office, err := calendar.ParseWeek(calendar.GEVHours, cfg.Calendar.Office)
	if err != nil {
		return nil, fmt.Errorf("calendar.office: %w", err)
	}
	engineering, err := calendar.ParseWeek(calendar.Engineering, cfg.Calendar.Engineering)
	if err != nil {
		return nil, fmt.Errorf("calendar.engineering: %w", err)
	}
	cal, err := calendar.New(calendar.Options{Closures: closures, GEVHours: office, EngineeringHours: engineering})
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return cal, nil
}
