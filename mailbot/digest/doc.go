// Package digest builds the agents' daily mail from the state file — what
// arrived, what needs a human (most urgent first), the engineers' open
// questions, what the bot answered by itself and the mailboxes that could
// not be reached — and schedules it at a set time on working days.
//
// The mail has a text part and an HTML part made for Outlook: tables and
// inline styles only, no scripts, no external resources. Everything that
// comes from a mail is escaped by html/template.
package digest
