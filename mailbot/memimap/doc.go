// Package memimap runs an in-memory IMAP server on loopback, for tests and
// for `mailbot demo`.
//
// It wraps go-imap's imapserver and imapmemserver: every user gets an INBOX
// and a "Sent" folder, plaintext LOGIN is allowed because the server only
// listens on 127.0.0.1, and mail is delivered server-side with
// [Server.Append], so that a client in IDLE is told about it with an untagged
// EXISTS (RFC 9051 section 7.4.1).
//
// # OAuth2
//
// With Options.CheckToken the server also accepts AUTHENTICATE XOAUTH2 and
// OAUTHBEARER, and leaves the decision on each bearer token to the test.
//
// # Faults
//
// Reconnect paths need a server that misbehaves on demand: [Server.Stop] and
// [Server.Restart] take the listener down and bring it back on the same
// address with the same mailboxes, and [Server.RecreateMailbox] deletes and
// re-creates a folder, which gives it a new UIDVALIDITY (RFC 9051 section
// 2.3.1.1) and ends the user's open connections, as Dovecot does.
//
// # IDLE
//
// imapmemserver only announces changes that happen after IDLE has started;
// a message appended between a client's last command and its IDLE would go
// unannounced. The session wrapper here flushes pending updates when IDLE
// starts, as real servers do.
package memimap
