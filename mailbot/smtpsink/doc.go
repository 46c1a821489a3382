// Package smtpsink is an SMTP server on loopback that accepts every message
// and keeps it in memory, for end-to-end tests and for `mailbot demo`.
//
// # Recording
//
// Each accepted message becomes a [Received] with its envelope (MAIL FROM,
// RCPT TO), its exact bytes and its parsed header. [Sink.WaitFor] blocks until
// enough messages arrived, without polling.
//
// # Faults
//
// Retry paths need a server that fails on demand: [Sink.FailNext] refuses
// the next messages with a chosen reply code (451 for a temporary failure,
// 550 for a permanent one, see RFC 5321 section 4.2.1), and [Sink.Stop] then
// [Sink.Restart] take the server down and bring it back on the same address.
//
// # Security
//
// The sink listens on loopback only. It can serve STARTTLS or implicit TLS
// with a self-signed certificate ([SelfSignedTLS]) and can require AUTH PLAIN
// or LOGIN (RFC 4954) with one username and password, or a bearer token
// with XOAUTH2 or OAUTHBEARER (RFC 7628) checked by the test
// (Options.CheckToken).
package smtpsink
