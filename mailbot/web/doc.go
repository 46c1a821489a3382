// Package web is the agents' dashboard: a French, server-rendered triage
// list, conversation pages with the agents' actions (approve, edit and
// send, discard held mail, reclassify, reassign, mark done, note),
// statistics drawn as SVG, the mailboxes' health, and the machine
// endpoints /healthz and /metrics.
//
// # Security
//
// Every page and action needs a signed-in agent: a local account (bcrypt
// hash in the configuration) or a user name set by a trusted reverse proxy
// (SSO). Sessions live in memory (a restart signs everyone out) in a
// cookie that is HttpOnly, SameSite=Strict, and Secure when the dashboard
// is reached over TLS or through the trusted proxy; on plain HTTP on
// loopback (the default listener) the cookie cannot be Secure, as the
// browser would not send it back, and the traffic never leaves the
// machine. Every form carries the session's CSRF token, checked on every
// POST; the sign-in form, which has no session yet, carries an HMAC bound
// to a short-lived cookie, so that viewing it costs no memory. Wrong
// passwords delay further tries per client address and name, doubling
// each time, and never lock an account. Behind the trusted proxy the
// client is the X-Forwarded-For address; a proxied request without one is
// refused. /metrics and the detail of /healthz need a signed-in agent or
// web.metrics_token. Pages are html/template only, so a mail's subject, body, names and
// attachment names are always escaped, and the Content-Security-Policy
// forbids scripts altogether.
package web
