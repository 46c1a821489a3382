// Package oauth lets mailbot sign in to Microsoft 365 with OAuth2 instead
// of passwords: it gets access tokens with the client-credentials grant
// (RFC 6749 section 4.4), renews them before they expire, and presents
// them over IMAP and SMTP with the SASL mechanisms XOAUTH2 (Google's and
// Microsoft's) and OAUTHBEARER (RFC 7628).
//
// # Tokens
//
// A [Source] keeps one token for every mailbox and the SMTP sender. It asks
// for a new one once the current one is within [Config.RefreshBefore] of its
// expiry (or past half its life, for short-lived tokens). A failed refresh
// is logged at error level and shown by [Source.Status]; the current token
// is used while it is still valid, and the next call tries again.
//
// # Sessions
//
// Microsoft 365 checks the token of an open IMAP session too, and ends the
// session with "AccessTokenExpired" when it dies. [Source.RenewAt] tells
// when a session should be replaced by one signed in with a fresh token;
// imapwatch's Options.SessionDeadline takes it, and [Source.IMAPAuth] is
// the matching Options.Auth.
//
// # SASL
//
// [NewClient] builds the client side of both mechanisms. Both send the
// token in the initial response; a server that refuses it answers with an
// error challenge, which the client acknowledges (with an empty response
// for XOAUTH2, with %x01 for OAUTHBEARER, RFC 7628 section 3.2.3) so the
// server can end the exchange with its failure reply. [NewServer] is the
// server side, for the test servers of this project.
package oauth
