// Package smtpsend builds the bot's outgoing mail and submits it over SMTP.
//
// # Building
//
// [Build] turns a [Mail] into RFC 5322 bytes (CRLF line ends, UTF-8 text
// in quoted-printable, RFC 2047 encoded subject and names). The same bytes
// are sent and kept for the Sent folder, so the copy is what left. Build is
// deterministic: the same Mail and time give the same bytes, which lets a
// caller rebuild after a crash without changing the Message-ID or boundary.
//
// Every message is marked as automatic, as RFC 3834 asks:
//
//   - Auto-Submitted: auto-replied for answers to a received message,
//     auto-generated for forwards, reminders and digests (RFC 3834 section 5).
//   - In-Reply-To and References carry the thread (RFC 5322 section 3.6.4),
//     which RFC 3834 asks of every response.
//   - X-Auto-Response-Suppress: OOF, AutoReply asks Microsoft Exchange, which
//     centres and engineers use, not to answer with out-of-office notices. It
//     is not "All", which would also suppress the delivery failure reports
//     the bot needs to notice a reply that did not arrive.
//
// Precedence: bulk is not set: RFC 3834 does not define it, RFC 2076 lists it
// as non-standard and discouraged, and some filters read it as a mark of mass
// mailing; Auto-Submitted says the same thing in a standard way.
//
// # Sending
//
// A [Sender] submits raw bytes with an explicit [Envelope]. The envelope
// sender is the bot's own address rather than the null reverse-path RFC 3834
// suggests for responders: submission servers (Microsoft 365
// included) refuse "MAIL FROM:<>" from an authenticated user, and the bot
// wants bounces back in its mailbox to flag undelivered replies.
//
// go-mail v0.8.1 provides the connection, TLS and AUTH (OAuth2's XOAUTH2
// and OAUTHBEARER through mailbot/oauth's SASL clients); the transaction
// (MAIL, RCPT, DATA) is driven here because go-mail only sends its own Msg
// type, which it would serialise again.
//
// # Errors
//
// Every failure of [Sender.Send] is an [*Error] that says whether a retry can
// help ([IsTemporary]): 4xx replies and network failures are temporary, 5xx
// replies and local configuration faults are permanent (RFC 5321 section
// 4.2.1).
package smtpsend
