// Package dovecottest starts a throwaway Dovecot 2.3 on loopback for tests:
// IMAP and LMTP on free ports, Maildir storage and Sieve under
// t.TempDir(), stopped in t.Cleanup. It lets tests of other packages run
// the bot against a real IMAP server: deliver mail over LMTP as an MTA
// would, watch a real out-of-office reply (Sieve vacation, RFC 5230) go to
// an SMTP sink, stop and restart the server, change a folder's UIDVALIDITY
// and ask the server how it threads mail (RFC 5256). A Proxy between a
// client and the server can make a connection go silent without closing.
//
// When the dovecot binary is missing (Debian: dovecot-imapd dovecot-lmtpd
// dovecot-sieve) Start skips the test, except with CI=true, where it
// fails it. As root, Dovecot runs as nobody, because its login process
// refuses root.
package dovecottest
