package plan

import (
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/site/discover"
)

// Input is what the extension knows about one refused page: the report
// Diagnose gave, the error page, the results of the probes so far, and
// details for the "report this problem" text. Probes and Decide take the
// same Input.
type Input struct {
	// Report is the diagnosis of the refused page (diagnose.Diagnose).
	Report diagnose.Report `json:"report"`
	// Page is the error page's HTML, as given to Diagnose (bounded by the
	// caller; only the first discover.MaxBytes are read).
	Page string `json:"page"`
	// Results are the answers to the probes, in any order.
	Results []Result `json:"results"`
	// Now is the time of the refused response; it is shown in the details
	// and decides whether a security.txt has expired. Zero means the
	// current time.
	Now time.Time `json:"now"`
	// Env describes the person's browser, for the details.
	Env Env `json:"env"`
	// Headers are the refused response's headers, for request IDs.
	Headers []diagnose.Header `json:"headers"`

	// errorPage, when set, returns the error page as Diagnose already
	// read it (Analyze sets it), so that Page is not parsed again.
	errorPage func() *discover.Page
}

// Env describes the person's browser and system, as the extension words
// them ("Chrome 156", "Linux x86-64").
type Env struct {
	Browser string `json:"browser"`
	OS      string `json:"os"`
}

// Result is the answer to one Probe.
type Result struct {
	// ID and URL are the probe's, unchanged; a result whose URL is not
	// its probe's is ignored.
	ID  string `json:"id"`
	URL string `json:"url"`
	// Status is the HTTP status after redirects; 0 when the request
	// failed.
	Status int `json:"status"`
	// FinalURL is the URL after redirects ("" when none); for a redirect
	// to another origin, which the extension never follows, the address
	// it pointed to. A result whose FinalURL is not on the refused page's
	// origin is used as a failed request: nothing another site answered
	// is ever used.
	FinalURL string `json:"finalURL"`
	// ContentType is the response's Content-Type header.
	ContentType string `json:"contentType"`
	// Body is the start of the response body, at most the probe's
	// MaxBytes (further bytes are ignored), as text.
	Body string `json:"body"`
	// Error describes a request that failed (network error, timeout,
	// refused); Status is then 0.
	Error string `json:"error,omitempty"`
}

// Plan is the way forward for one refused page. Slices are never nil.
type Plan struct {
	// Actions are the buttons, best first: the primary one, then at
	// most MaxNext next-best ones, then the ones marked More.
	Actions []Action `json:"actions"`
	// Login, Register and Reset are the candidate pages found, best
	// first, from the error page, the home page, the nearest working
	// parent and the probes. A link to another site has Host set and
	// CrossSite true; LookAlike marks one that imitates this site (never
	// used for an action; warn when showing it).
	Login    []discover.Link `json:"login"`
	Register []discover.Link `json:"register"`
	Reset    []discover.Link `json:"reset"`
	// Contacts are the ways to reach the people behind the site, best
	// first.
	Contacts []Contact `json:"contacts"`
	// SecurityTxt summarises the site's security.txt; null when none.
	SecurityTxt *SecurityTxt `json:"securityTxt"`
	// Details are the lines of the "report this problem" text, in order.
	Details []diagnose.Message `json:"details"`
	// Mail is the prefilled e-mail of the report action.
	Mail Mail `json:"mail"`
	// Watch is the schedule of the watch action; null when not offered.
	Watch *Watch `json:"watch"`
	// ArchiveURL is the URL to look up in web archives: the refused URL
	// without user-info, fragment and secret-looking query parameters
	// (package redact); ArchiveURLNoQuery is the same without the query.
	// Both are "" when no archive action is offered.
	ArchiveURL        string `json:"archiveURL"`
	ArchiveURLNoQuery string `json:"archiveURLNoQuery"`
}

// Action is one button: a diagnose.Action (its fields appear at the top
// level in JSON) and, for parent and home, what the probe found.
type Action struct {
	diagnose.Action
	// Checked reports that a probe checked the URL.
	Checked bool `json:"checked"`
	// Working reports that the check answered 2xx.
	Working bool `json:"working"`
	// Primary marks the one action that matches the explanation: the
	// first, and the only one marked (see rank).
	Primary bool `json:"primary"`
	// More marks the actions after the primary one and the MaxNext
	// next-best ones: the popup shows them only on request.
	More bool `json:"more"`
}

// The kinds of contact.
const (
	ContactSecurityTxt = "security.txt"
	ContactMailto      = "mailto"
	ContactImprint     = "imprint"
	ContactPage        = "contact-page"
	ContactHumans      = "humans"
)

// Contact is one way to reach the people behind the site.
type Contact struct {
	// Kind is "security.txt", "mailto", "imprint", "contact-page" or
	// "humans".
	Kind string `json:"kind"`
	// URL is an http(s) URL or a mailto: URL holding one plain address.
	URL string `json:"url"`
	// Key and Params label the contact.
	Key    string   `json:"key"`
	Params []string `json:"params"`
	// Label is the page's text for the link (show it as text only).
	Label string `json:"label,omitempty"`
	// Expired reports a contact from an expired security.txt.
	Expired bool `json:"expired"`
}

// SecurityTxt summarises a security.txt file.
type SecurityTxt struct {
	// URL is where it was found.
	URL string `json:"url"`
	// Contacts are its mailto: and https: Contact values.
	Contacts []string `json:"contacts"`
	// Expires is its Expires field in RFC 3339, "" when missing.
	Expires string `json:"expires"`
	// Expired reports that Expires is not after Input.Now.
	Expired bool `json:"expired"`
}

// Mail is the prefilled e-mail of the report action. The extension
// translates the messages, joins Body with line breaks, and opens
// "mailto:" + To + "?subject=" + encodeURIComponent(subject) + "&body=" +
// encodeURIComponent(body).
type Mail struct {
	// To is one plain address made only of ASCII letters, digits and
	// ".", "_", "+", "-" and "@" (safe in a mailto: URL as is), or "" when
	// none was found: the person fills it in.
	To      string             `json:"to"`
	Subject diagnose.Message   `json:"subject"`
	Body    []diagnose.Message `json:"body"`
}

// Watch is the schedule of the watch action (package watch): check the
// page again after Delays[0] seconds, then Delays[1] more, …, and give up
// after the last or after MaxTotal seconds in all, whichever comes
// first. When a check answers with a Retry-After longer than the next
// delay, wait that long instead, but at most MaxRetryAfter seconds.
type Watch struct {
	Delays        []int `json:"delays"`
	MaxRetryAfter int   `json:"maxRetryAfter"`
	MaxTotal      int   `json:"maxTotal"`
}

func emptyPlan() Plan {
	return Plan{
		Actions:  []Action{},
		Login:    []discover.Link{},
		Register: []discover.Link{},
		Reset:    []discover.Link{},
		Contacts: []Contact{},
		Details:  []diagnose.Message{},
		Mail:     Mail{Subject: diagnose.Message{Key: kMailSubject.name(), Params: []string{"", ""}}, Body: []diagnose.Message{}},
	}
}
