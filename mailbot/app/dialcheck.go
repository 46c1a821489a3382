package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"mailbot/classify/llm"
	"mailbot/mailbot/config"
	"mailbot/mailbot/imapwatch"
	"mailbot/mailbot/oauth"
	"mailbot/mailbot/smtpsend"
)

// Check is one line of `mailbot check-config --dial`: who (a mailbox's
// sector, "SMTP" or "LLM"), what was tried, and why it failed with what
// to do (nil Err: ok).
type Check struct {
	Who, What string
	Err       error
}

// String is the line the operator reads.
func (c Check) String() string {
	if c.Err == nil {
		return c.Who + ": " + c.What + ": ok"
	}
	return c.Who + ": " + c.What + ": FAILED: " + c.Err.Error()
}

// DialTimeout bounds each server's checks in DialCheck.
const DialTimeout = 15 * time.Second

// DialCheck connects to every server cfg names and signs in as the daemon
// would — each mailbox (connect, TLS, login, its folder, its Sent folder),
// SMTP (connect, EHLO and TLS, AUTH; nothing is sent) and the LLM when
// configured — and reports each check as it ends. It returns whether all
// passed. It opens no state file, so it runs beside the daemon.
func DialCheck(ctx context.Context, cfg *config.Config, log *slog.Logger, report func(Check)) bool {
	ok := true
	say := func(c Check) {
		ok = ok && c.Err == nil
		report(c)
	}
	tokens, err := NewTokenSource(cfg, log)
	if err != nil {
		say(Check{Who: "OAuth2", What: "token source", Err: err})
		return false
	}
	for i, m := range cfg.Mailboxes {
		checkMailbox(ctx, cfg, i, m, tokens, say)
	}
	checkSMTP(ctx, cfg.SMTP, tokens, say)
	if cfg.LLM.Enabled() {
		checkLLM(ctx, cfg.LLM, say)
	}
	return ok
}

func checkMailbox(ctx context.Context, cfg *config.Config, i int, m config.Mailbox, tokens *oauth.Source, say func(Check)) {
	key := fmt.Sprintf("mailbox[%d]", i)
	o := connection(m, tokens)
	o.DialTimeout = DialTimeout
	o.Logger = slog.New(slog.DiscardHandler)
	// The watcher's connect does TCP, TLS, greeting and login in one call;
	// these hooks tell which step it reached.
	var connected, greeted bool
	dialer := &net.Dialer{}
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		connected = err == nil
		return c, err
	}
	auth := o.Auth
	if auth == nil {
		auth = func(ctx context.Context, c *imapclient.Client) error {
			pw, err := o.Password(ctx)
			if err != nil {
				return fmt.Errorf("read the password: %w (check %s.password_env or password_file)", err, key)
			}
			return c.Login(o.Username, pw).Wait()
		}
	}
	o.Auth = func(ctx context.Context, c *imapclient.Client) error {
		greeted = true
		return auth(ctx, c)
	}
	how := "password"
	if config.IsOAuth2(m.Auth) {
		how = m.Auth
	}
	who := m.Sector
	c, err := imapwatch.Dial(ctx, o)
	say(Check{Who: who, What: "connect to " + m.Server, Err: failedAt(!connected, err,
		"is the server up and the address right? check "+key+".server or imap.address, and the firewall")})
	if !connected {
		return
	}
	say(Check{Who: who, What: "TLS (" + m.TLS + ")", Err: failedAt(!greeted, err,
		"check "+key+".tls or imap.tls: port 993 wants implicit, 143 starttls")})
	if !greeted {
		return
	}
	say(Check{Who: who, What: fmt.Sprintf("login as %q (%s)", m.Username, how), Err: failedAt(true, err,
		"check the user name and the password ("+key+".password_env or password_file) or the [oauth2] client")})
	if err != nil {
		return
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	_, err = c.Select(m.Folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	say(Check{Who: who, What: fmt.Sprintf("select folder %q", m.Folder), Err: failedAt(true, err,
		"check "+key+".folder or imap.folder")})
	say(Check{Who: who, What: fmt.Sprintf("Sent folder %q exists", cfg.IMAP.SentFolder), Err: sentFolder(c, cfg.IMAP.SentFolder)})
	_ = c.Logout().Wait()
}

// failedAt is err with the operator's next step, when the step it
// concerns is where err happened.
func failedAt(here bool, err error, hint string) error {
	if !here || err == nil {
		return nil
	}
	return fmt.Errorf("%w: %s", err, hint)
}

// sentFolder checks that name exists, and names the folder the server
// marks \Sent (RFC 6154) when it does not.
func sentFolder(c *imapclient.Client, name string) error {
	list, err := c.List("", "*", &imap.ListOptions{ReturnSpecialUse: true}).Collect()
	if err != nil {
		// Not every server takes RETURN (SPECIAL-USE): ask plainly.
		if list, err = c.List("", "*", nil).Collect(); err != nil {
			return fmt.Errorf("list the folders: %w", err)
		}
	}
	var special []string
	for _, mb := range list {
		if strings.EqualFold(mb.Mailbox, name) {
			return nil
		}
		for _, a := range mb.Attrs {
			if a == imap.MailboxAttrSent {
				special = append(special, mb.Mailbox)
			}
		}
	}
	if len(special) > 0 {
		return fmt.Errorf("no such folder: set imap.sent_folder to %q, the server's Sent folder", special[0])
	}
	return errors.New("no such folder: create it, or set imap.sent_folder to the folder where sent mail is kept")
}

func checkSMTP(ctx context.Context, c config.SMTP, tokens *oauth.Source, say func(Check)) {
	const who = "SMTP"
	conn, err := (&net.Dialer{Timeout: DialTimeout}).DialContext(ctx, "tcp", c.Address)
	say(Check{Who: who, What: "connect to " + c.Address, Err: failedAt(true, err,
		"is the server up and the address right? check smtp.address and the firewall")})
	if err != nil {
		return
	}
	conn.Close()
	step := func(what string, sc smtpsend.Config, hint string) bool {
		sc.Timeout = DialTimeout
		s, err := smtpsend.New(sc)
		if err == nil {
			err = s.Check(ctx)
		}
		// Its words are about retrying a send; here only the cause counts.
		if se := (*smtpsend.Error)(nil); errors.As(err, &se) {
			err = se.Err
		}
		say(Check{Who: who, What: what, Err: failedAt(true, err, hint)})
		return err == nil
	}
	full := SMTPConfig(c, tokens)
	bare := full
	bare.Auth, bare.Username, bare.Password = smtpsend.AuthNone, "", nil
	if !step("EHLO, TLS ("+c.TLS+")", bare, "check smtp.tls: port 465 wants implicit, 587 starttls") || c.Auth == "" {
		return
	}
	step(fmt.Sprintf("AUTH %s as %q", c.Auth, c.Username), full,
		"check smtp.username, smtp.auth and the password (smtp.password_env or password_file) or the [oauth2] client")
}

func checkLLM(ctx context.Context, c config.LLM, say func(Check)) {
	const who = "LLM"
	what := fmt.Sprintf("models list at %s (model %q)", c.BaseURL, c.Model)
	adv, err := newAdviser(c, min(c.Timeout, DialTimeout))
	if err == nil {
		err = adv.Ping(ctx)
	}
	say(Check{Who: who, What: what, Err: failedAt(true, err,
		"check llm.base_url, llm.model and the key (llm.api_key_env or api_key_file); without [llm] the rules and the model decide alone")})
}

// newAdviser is the LLM second opinion of [llm], each request bounded
// by timeout.
func newAdviser(c config.LLM, timeout time.Duration) (*llm.Adviser, error) {
	key, err := c.APIKey()
	if err != nil {
		return nil, fmt.Errorf("llm.api_key_env/api_key_file: %w", err)
	}
	adv, err := llm.New(llm.Config{BaseURL: c.BaseURL, APIKey: key, Model: c.Model, Timeout: timeout, Redact: *c.Redact})
	if err != nil {
		return nil, fmt.Errorf("llm: %w", err)
	}
	return adv, nil
}
