// Package imapwatch is the IMAP ingest loop for one mailbox: it hands every
// new message of a folder to a Handler, once the handler has committed its
// decision it marks the message with a keyword (and optionally moves it),
// and it waits for more mail with IDLE (RFC 2177, RFC 9051 section 6.3.13).
//
// # Never lose a message
//
// A message is marked only after the handler's wait returned nil, which
// it does only once its decision is durable. The handler returns as soon
// as its decision is queued, so the watcher hands over the rest of the
// batch while the first commits sync, and the commits share fsyncs; the
// waits are then taken in UID order, each before its message's mark. A
// crash or a lost connection between
// the two makes the watcher hand the same message again on the next
// connection: handlers must be idempotent (key on Message-ID, or on
// Mailbox, UIDValidity and UID). Messages are fetched with BODY.PEEK[], so
// \Seen stays for the humans who read the same mailbox, several in one
// command (a run of up to 1 MiB), each run read whole before the handler
// sees its first message.
//
// # Where it resumes
//
// [Cursors] keep, per mailbox, a [Position]: the UIDVALIDITY and the
// highest UID below which every message was handled (RFC 9051 section
// 2.3.1.1). Each check fetches the flags and sizes of `UID last+1:*` and
// keeps the messages without the done keyword or \Deleted, so a message
// that failed stays in reach while later ones go on. When UIDVALIDITY changes the cursor restarts from zero, and the
// keyword (and the handler's dedupe) keeps old mail from being answered
// twice. The position is written once per batch of up to 16 messages,
// before they are handed out, not once per message.
//
// # Poison mail
//
// A message must not stop the mailbox. One over MaxMessageSize is never
// downloaded; one that panics the handler or makes it fail with
// [ErrBadMessage] is counted in the position and, on its second failure,
// quarantined. A message that kills the whole process (out of memory) is
// found through the batch the position says was in flight: after the
// restart, those of its messages still unmarked are tried one at a time,
// each attempt counted before it starts, and one whose lone attempts died
// twice is quarantined. Those lone attempts never move the cursor: it
// passes only mail a search from it handed out in UID order, so a message
// committed but not marked when the process died, below the suspects, is
// handed again. Quarantine gives Options.Quarantine what the
// server says of the message without its body (envelope, structure,
// size), then marks it.
//
// # Dead connections
//
// A half-open TCP connection never fails, it only goes silent, and
// imapclient waits for a response without a deadline (go-imap issue #602).
// Every command here runs under a watchdog that closes the connection after
// CommandTimeout without progress, and IDLE is ended every IdleRestart, so
// a silent connection is found within IdleRestart + CommandTimeout. Run then
// reconnects with capped exponential backoff and full jitter.
//
// # Credentials that expire
//
// An OAuth2 token outlives neither its expiry nor, on Microsoft 365, the
// sessions it opened. With Options.SessionDeadline the watcher logs out at
// the deadline and opens a new session at once, authenticated afresh,
// instead of waiting to be cut off.
//
// # Stopping
//
// When Run's context ends, no new message is fetched; the message already
// in the handler's hands is finished and marked first (the handler gets
// Run's context and decides itself how long its work may go on).
//
// # One mailbox, one Run
//
// Run owns its connection and state; run one per mailbox, each in its own
// goroutine, and a dead server or a failing handler on one mailbox does not
// touch the others.
package imapwatch
