package app

import (
	"fmt"
	"reflect"

	"mailbot/mailbot/config"
)

// Reload reads the configuration file at path again (SIGHUP) and puts in
// force what can change while the daemon runs: templates, the classifier
// model, the LLM, calendar (closures and hours), policy, security, modes,
// engineers and the dashboard's local accounts. IMAP sessions go on.
//
// A file that does not load or validate, or whose templates or model do
// not load, is refused: the error is logged and returned, and the
// configuration in force stays. Settings that need a restart (state file,
// dashboard listener, servers, mailboxes …) are named in a warning and
// keep their running value.
//
// Everything is built first and then swapped through atomic pointers
// (bot.Rules, the digest's calendar, the web accounts): a message is
// decided and recorded under the old rules or the new, never a mix.
func (a *App) Reload(path string) error {
	next, err := config.Load(path)
	if err == nil {
		err = a.reload(next)
	}
	if err != nil {
		a.log.Error("reload refused: the configuration in force stays", "config", path, "err", err)
		return err
	}
	return nil
}

func (a *App) reload(next *config.Config) error {
	eng, err := NewEngine(next, a.log)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if keys := restartOnly(a.cfg, next); len(keys) > 0 {
		a.log.Warn("reload: these settings changed but need a restart (systemctl restart mailbot); their running values stay", "keys", keys)
	}
	a.Bot.SetRules(rules(next, eng, a.Store))
	a.digests.SetCalendar(eng.Policy.Calendar)
	a.web.SetUsers(next.Web.Users)
	a.log.Info("configuration reloaded", "modes", next.Modes, "templates", next.Templates.Dir, "model", next.Classify.Model)
	return nil
}

// restartOnly names the sections, or keys, of next that differ from the
// running configuration and that only a restart applies: what the
// watchers, the sender, the state file and the dashboard's listener were
// built with.
func restartOnly(running, next *config.Config) []string {
	var keys []string
	differ := func(key string, x, y any) {
		if !reflect.DeepEqual(x, y) {
			keys = append(keys, key)
		}
	}
	differ("state.path", running.State.Path, next.State.Path)
	differ("log", running.Log, next.Log)
	differ("imap", running.IMAP, next.IMAP)
	differ("mailbox", running.Mailboxes, next.Mailboxes)
	differ("smtp", running.SMTP, next.SMTP)
	differ("oauth2", running.OAuth2, next.OAuth2)
	differ("agents", running.Agents, next.Agents)
	differ("digest", running.Digest, next.Digest)
	rw, nw := running.Web, next.Web
	rw.Users, nw.Users = nil, nil // reloaded
	if rw.Listen != nw.Listen {
		keys = append(keys, "web.listen")
		rw.Listen = nw.Listen
	}
	differ("web", rw, nw)
	return keys
}
