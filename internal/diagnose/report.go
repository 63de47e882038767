package diagnose

// Input is what the extension (or the command line) knows about one
// response: the request, the status and headers, and a bounded copy of the
// error page.
type Input struct {
	// URL is the address of the page that answered. Credentials in it are
	// stripped before anything else happens.
	URL string `json:"url"`
	// Method is the request method, "GET" when empty. "CONNECT" means
	// that the answer is a proxy's own answer to the CONNECT request that
	// opens the tunnel to URL's host (an https URL asked through a proxy),
	// so the site itself was never reached: a 407 asks for the proxy's
	// sign-in, a 4xx is the proxy's refusal (a block of kind "proxy").
	// Browsers do not show these answers to extensions; the command line
	// sees them.
	Method string `json:"method"`
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Headers are the response headers in the order received, as
	// webRequest reports them. A name may repeat.
	Headers []Header `json:"headers"`
	// Body is the error page's HTML or text, already bounded by the caller.
	Body string `json:"body"`
	// Now is the moment of the response in RFC 3339; empty means the
	// current time. It anchors Retry-After.
	Now string `json:"now,omitempty"`
	// Redirects are the URLs that redirected to URL, in order, when the
	// caller followed redirects (the command line does). Optional.
	Redirects []string `json:"redirects,omitempty"`
}

// Header is one response header line.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Report is the diagnosis of one response and the actions offered. Its JSON
// form is a stable contract documented in the package comment: slices are
// never null.
type Report struct {
	URL        string      `json:"url"`
	Status     int         `json:"status"`
	Kind       string      `json:"kind"`
	Challenges []Challenge `json:"challenges"`
	Substatus  *Substatus  `json:"substatus"`
	Block      *Block      `json:"block"`
	RetryAfter string      `json:"retryAfter,omitempty"`
	Advice     []Message   `json:"advice"`
	Actions    []Action    `json:"actions"`
	Ancestors  []string    `json:"ancestors"`
	Notes      []Message   `json:"notes"`
	Redirects  []string    `json:"redirects"`
}

// Challenge is one authentication challenge as reported.
type Challenge struct {
	Scheme string            `json:"scheme"`
	Realm  string            `json:"realm"`
	Token  string            `json:"token,omitempty"`
	Params map[string]string `json:"params"`
	Proxy  bool              `json:"proxy"`
}

// Substatus is an IIS sub-status code found on the error page.
type Substatus struct {
	Code   string   `json:"code"`   // "401.2"
	Key    string   `json:"key"`    // message key explaining it
	Params []string `json:"params"` // its parameters: [code]
}

// Block describes a WAF, CDN or other access block recognised on a 403
// (or on another error status when the signs are unmistakable).
type Block struct {
	// Vendor is who blocked: "cloudflare", "akamai", "aws", "sucuri",
	// "imperva", "f5", "azure", "vercel", "wordfence", "modsecurity",
	// "ddos-guard", "github", "s3", "gcs", "azure-blob", "apache", "nginx",
	// "iis", "litespeed", "lighttpd", "caddy", "jetty", "tomcat", "python",
	// "squid", "tinyproxy", or "" when unknown.
	Vendor string `json:"vendor"`
	// Name is the vendor's name for people ("Cloudflare"), "" when unknown.
	Name string `json:"name"`
	// Kind is "waf", "challenge", "bot", "ip", "country", "rate-limit",
	// "directory-listing", "access-denied", "expired-link" or "proxy" (a
	// proxy between the visitor and the site refused).
	Kind      string `json:"kind"`
	Reference string `json:"reference,omitempty"`
	// Code is the vendor's error code ("1020", "AccessDenied", "403.14").
	Code string `json:"code,omitempty"`
	Key  string `json:"key"`
}

// Message is text for a person, as a message key for the extension's
// _locales plus positional parameters.
type Message struct {
	Key    string   `json:"key"`
	Params []string `json:"params"`
}

// Action is one way forward the popup offers.
type Action struct {
	// Kind is login, register, reset, https, parent, home, typo, reload,
	// clear-reload, watch, contact or archive; Diagnose emits login, reset,
	// https, parent, home and reload.
	Kind string `json:"kind"`
	// URL is where the action leads; empty for reload, and for a login
	// that is done by reloading (the browser's own sign-in box).
	URL    string   `json:"url,omitempty"`
	Key    string   `json:"key"`             // message key of the button label
	Params []string `json:"params"`          // its parameters
	Label  string   `json:"label,omitempty"` // page-derived text, shown as text only
	Host   string   `json:"host,omitempty"`  // set when the URL is on another site
}
