// Package benchmark measures the running bot from outside, as `mailbot
// bench` prints it: the real pipeline (app.New with a configuration built
// for the run) reads an IMAP server, decides, commits and answers through
// an SMTP sink, and the run reports
//
//   - the backlog rate: N messages waiting before the bot starts, the time
//     until all are decided, then until all replies are accepted by SMTP;
//   - the latency of one message at a time, from its delivery to the reply
//     accepted by SMTP (p50, p99), beside the anchor of the same run: the
//     time from the delivery of the same message to a mailbox of its own,
//     just before, until a bare IMAP client in IDLE there hears of it,
//     which is the floor for any IMAP client. Its mailbox gets the
//     backlog too on a real server, so that both folders are as large; it
//     is not the bot's, because on Maildir a session that moves a new
//     message into cur/ makes every other session on the folder reread
//     it, and the client would take that cost from the bot or add it;
//   - the state file's commits per message (each bbolt commit is two
//     fdatasync calls), CPU per message and the peak RSS of the process.
//
// The IMAP server is the embedded one (mailbot/memimap) or, with a
// [Server] from the caller, a real one such as Dovecot.
package benchmark
