// Package plan turns a diagnosis (package diagnose) and a few bounded
// same-origin checks into the ranked way forward the popup shows: the
// site's login, registration and password-reset pages, the nearest parent
// folder that works, typo fixes, reload, clearing the site's data,
// watching the page, the webmaster's contacts, a prefilled problem report,
// and the archive lookup.
//
// It decides; the extension only executes. Three functions share one
// Input:
//
//   - Probes lists the requests to make next: all GET, all to the refused
//     page's origin, at most MaxProbes (16) in at most MaxPhases (2)
//     phases, each with the number of body bytes to read.
//   - Decide reads the error page, the probe results and the report and
//     returns the Plan.
//   - Analyze does both, and the diagnosis (package diagnose), in one
//     call from the refused response, reading the error page once: it is
//     what the extension calls (through package wasm, as sesame.analyze).
//
// # What the extension does
//
// (The command line, sesame check, does the same natively: package probe
// makes the probes by the same rules.)
//
//  1. Call Analyze with the refused response (what the background
//     recorded, and the bounded error-page text), the browser and system
//     ({"browser": "Chrome 156", "os": "Linux"}) and no results. Show the
//     report and the plan at once.
//  2. While the answer lists probes (at most MaxPhases times; stop when
//     the popup closes): run them all concurrently, each as
//     fetch(url, {method: "GET", credentials: "include", redirect:
//     "manual", cache: "no-store"}) with a timeout (3 s). Never make a
//     request to another origin: follow a redirect only to the refused
//     page's origin (a few hops at most), and report one that points
//     elsewhere, or whose address is unknown, as failed. Append one
//     result per probe: {"id", "url" (both copied from the probe),
//     "status" (response.status, 0 on failure), "finalURL" (the URL the
//     redirects led to, the address of a redirect elsewhere, else ""),
//     "contentType", "body" (the first maxBytes bytes of the body
//     decoded as UTF-8; when maxBytes is 0 do not read the body, cancel
//     it), "error" (a short text when fetch failed, timed out or a
//     redirect was not followed)}. A probe that failed still gets a
//     result, with "error" set. Then call Analyze again with every result
//     so far and show the new plan: it only improves as results come.
//
// Rendering: every text is a message key plus parameters for _locales;
// "label" and link "text" are page-derived and must be shown as text,
// never HTML. Actions are buttons in order. The first is marked
// "primary": the one that matches the explanation, to show first and
// focus. The next MaxNext (3) are the next-best ones; the others are
// marked "more", to keep behind a "More ways" disclosure. Kinds:
//
//	login         open url; without url, reload (the browser's sign-in box)
//	register      open url
//	reset         open url
//	https         open url
//	parent, home  open url; "checked"/"working" tell what the probe saw
//	typo          open url (a likely intended address)
//	reload        reload the tab
//	clear-reload  ask first, then clear this origin's cache and cookies
//	              (browsingData, optional permission) and reload
//	watch         re-check the refused URL on the schedule in plan.watch
//	              (alarms, optional permission); notify when it answers
//	              2xx
//	contact       open url (contact page, imprint or humans.txt)
//	report        open the e-mail described by plan.mail; offer "copy
//	              details" too, putting the translated plan.details, one
//	              per line, on the clipboard
//	archive       look up plan.archiveURL (plan.archiveURLNoQuery when
//	              the person chose to drop the query) at the relay; the
//	              only action that sends the URL off the machine
//
// Lists for a fuller view: plan.login, plan.register, plan.reset
// (discover.Link: url, text, score, crossSite, host, sso, lookAlike — warn
// about lookAlike links, name host for crossSite ones), plan.contacts
// (kind, url, key, params, label, expired) and plan.securityTxt (url,
// contacts, expires, expired).
//
// # Probes
//
// For a 401, a 403 or another error that does not close the whole site:
// the nearest MaxParents parent folders (status only, except the nearest,
// read for its links), the home page (read), /.well-known/security.txt,
// /sitemap.xml, /humans.txt; for a 401 whose sign-in is not the browser's
// own box also /.well-known/change-password and
// /.well-known/resource-that-should-not-exist-whose-status-code-should-not-be-200.
// Second phase: /security.txt when the well-known one failed, the page of
// the nearest working parent when it is not the nearest parent, the first
// same-origin sitemap of a sitemap index, and, for such a 401 when no page
// named a login page, the common login paths (discover.CommonLoginPaths)
// within the budget. A challenge, IP or country block gets only the home
// page and the contact files; a rate limit, a 407, a page that answered
// normally and a URL that is not http(s) get no probe.
//
// The change-password page is trusted only when the path that should not
// exist answers something other than 2xx; so is a common login path
// without a password field. A probe result is used only if its URL is the
// probe's, and only as a failed request when its finalURL is not on the
// refused page's origin: nothing another site answers is ever used. A
// "working" page answered 2xx without leaving the origin; a
// parent or home page that redirects to a page that scores as a login
// page makes that page a login candidate.
//
// # Bounds
//
// Decide reads at most discover.MaxBytes of the error page, the probe's
// maxBytes of each body (PageBytes, SitemapBytes, TextBytes,
// LoginPageBytes), the first 4·MaxProbes results and 500 headers, and
// returns at most MaxTypos typo suggestions, MaxContacts contacts and
// MaxRequestIDs request IDs. Page- and server-derived parameters are
// clipped and stripped of control characters. All URLs in a plan are
// http(s), except contacts' mailto: URLs, which hold one plain address.
package plan
