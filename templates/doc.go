// Package templates renders the French mails mailbot sends: replies to
// training centres, and forwards and reminders to the training engineers.
//
// Each outcome of the workflow has one template name (see [Names]) made of
// two files under fr/: NAME.txt.tmpl (text/template) and NAME.html.tmpl
// (html/template, inline-styled HTML that Outlook renders, no scripts). The
// text part may define a "subject" template; when it defines none,
// [Rendered].Subject is empty and the caller answers with
// "Re: <original subject>". Files whose name starts with "_" hold shared
// pieces (signature, HTML page frame) used by every template.
//
// Every fact a reply states comes from the GEV's "Journée de la
// Certification" material (SPEC sections 2 and 4): deadlines, shipping
// windows, link openings, the CERES assistance portal, opening hours.
//
// # Overrides
//
// [Load] takes an optional folder whose files replace the embedded files of
// the same name. Every template is parsed and rendered with sample data at
// load time, so a broken override is a startup error that names the file,
// never a failure at send time.
package templates
