// Package corrections writes the agents' reclassifications, kept in the
// state file as labelled examples, as a folder of labelled mail (.eml +
// labels.jsonl, the format mailbot eval and mailbot train read), so that
// the model can be retrained with them.
package corrections

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emersion/go-message/mail"

	"mailbot/classify"
	"mailbot/classify/corpus"
	"mailbot/mailbot/calendar"
	"mailbot/state"
)

// Export writes every reclassification among verdicts to dir: one
// CONVERSATION.eml per example and labels.jsonl, whose category is the
// agent's. The same verdicts give the same files. It returns how many
// examples it wrote.
func Export(verdicts []state.Verdict, dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("export corrections: %w", err)
	}
	var labels bytes.Buffer
	n := 0
	for _, v := range verdicts {
		if !v.Reclassified || v.Example == nil || !classify.Category(v.AgentCategory).Valid() {
			continue
		}
		name := fileName(v.Conversation)
		var eml bytes.Buffer
		if err := WriteMessage(&eml, &v); err != nil {
			return n, fmt.Errorf("export the correction of %s: %w", v.Conversation, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), eml.Bytes(), 0o644); err != nil {
			return n, fmt.Errorf("export corrections: %w", err)
		}
		line, err := json.Marshal(label(name, &v))
		if err != nil {
			return n, fmt.Errorf("export the correction of %s: %w", v.Conversation, err)
		}
		labels.Write(append(line, '\n'))
		n++
	}
	// labels.jsonl last: a folder whose export failed midway lists no
	// message it lacks.
	if err := os.WriteFile(filepath.Join(dir, "labels.jsonl"), labels.Bytes(), 0o644); err != nil {
		return n, fmt.Errorf("export corrections: %w", err)
	}
	return n, nil
}

// fileName is the conversation reference, already a safe name.
func fileName(conv string) string { return safe(conv) + ".eml" }

// safe keeps letters, digits, '-' and '_' and replaces any other rune, so
// that a name is safe as a file name and as an address's local part.
func safe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

func label(name string, v *state.Verdict) corpus.Label {
	ex := v.Example
	l := corpus.Label{
		File: name, Mailbox: v.Mailbox, Received: v.Received.In(calendar.Paris).Format(time.RFC3339),
		Category: classify.Category(v.AgentCategory), Acceptable: []classify.Category{},
		EnvelopesReceived: ex.EnvelopesReceived,
		Note: fmt.Sprintf("reclassé par %s le %s ; le robot avait choisi %s (confiance %.2f)",
			v.Agent, v.At.In(calendar.Paris).Format("2006-01-02 15:04"), v.BotCategory, v.BotConfidence),
	}
	if ex.SessionDate != "" {
		l.SessionDate = &ex.SessionDate
	}
	return l
}

// WriteMessage writes v's example as an RFC 5322 message in UTF-8: the
// subject as sent (RFC 2047 encoded when it needs), the new text in
// quoted-printable, the centre as From and the sector mailbox as To.
func WriteMessage(w io.Writer, v *state.Verdict) error {
	ex := v.Example
	var h mail.Header
	h.SetDate(v.Received.In(calendar.Paris))
	h.SetAddressList("From", []*mail.Address{{Name: ex.FromName, Address: orInvalid(ex.From, "centre")}})
	h.SetAddressList("To", []*mail.Address{{Address: orInvalid(ex.To, v.Mailbox)}})
	h.SetSubject(ex.Subject)
	h.SetMessageID(messageID(ex.MessageID, v.Conversation))
	h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	body, err := mail.CreateSingleInlineWriter(w, h)
	if err != nil {
		return err
	}
	// A message ends with a line break (RFC 5322 section 2.1).
	if _, err := io.WriteString(body, strings.TrimRight(ex.Text, "\r\n")+"\n"); err != nil {
		return err
	}
	return body.Close()
}

// orInvalid keeps an address that has a local part and a domain, or
// makes one in the reserved .invalid domain (RFC 2606).
func orInvalid(addr, local string) string {
	if at := strings.LastIndexByte(addr, '@'); at > 0 && at < len(addr)-1 && !strings.ContainsAny(addr, " <>\r\n") {
		return addr
	}
	return safe(local) + "@mailbot.invalid"
}

// messageID keeps the original Message-ID (RFC 5322 section 3.6.4) when it
// is well formed, else makes one from the conversation.
func messageID(id, conv string) string {
	id = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">")
	if at := strings.IndexByte(id, '@'); at > 0 && at < len(id)-1 && !strings.ContainsAny(id, " <>\"\\\r\n\t") {
		return id
	}
	return safe(conv) + "@mailbot.invalid"
}
