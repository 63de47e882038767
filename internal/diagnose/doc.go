// Package diagnose explains why a web server refused a page (401, 403,
// 407 and other errors) and lists the ways forward. It is the core the
// browser extension (through WebAssembly, package wasm, which also plans
// the way forward with package plan) and the sesame command line share:
// Diagnose takes an Input and returns a Report; Examine also keeps what it
// read of the error page, so that a plan need not read it again.
//
// The report holds no sentences: every text for a person is a message key
// with positional parameters, and the words live in messages/locales
// (en, de, fr) in the extension's messages.json format. Keys lists every
// key the package can emit.
//
// # Input JSON
//
// The extension sends an Input as the "response" member of sesame.analyze
// (package wasm reads it, without reflection, as encoding/json would):
//
//	{
//	  "url": "https://example.com/private/report.pdf",  // required
//	  "status": 401,                                     // required
//	  "method": "GET",                                   // default GET
//	  "headers": [{"name": "WWW-Authenticate", "value": "Basic realm=\"Staff\""}],
//	  "body": "<html>…",             // the error page, cut to 2 MiB here
//	  "now": "2026-11-28T12:00:00Z", // anchors Retry-After; default: now
//	  "redirects": ["http://example.com/private/report.pdf"]
//	}
//
// The command line sets "method": "CONNECT" when the answer is a proxy's
// own answer to the CONNECT of the https URL (the extension never sees
// such answers).
//
// Header names are case-insensitive and may repeat; only the first 256 KiB
// of names and values are examined. Unknown fields are ignored. A "url"
// that is not an absolute http(s) URL is not an error: it gives a report
// of kind "not-http".
//
// # Report JSON
//
// The extension receives the report as the "report" member of
// sesame.analyze's answer (written by package wasm) and sesame check
// --json prints it (written by encoding/json from the json tags of
// Report); the two are the same bytes. Field names are stable. Slices are
// always arrays, never null.
//
//	url         the URL without user-info and fragment (query kept); ""
//	            for kind "not-http"
//	status      the HTTP status code, as given
//	kind        the diagnosis, one of the kinds below
//	challenges  the authentication challenges, in order, from
//	            WWW-Authenticate (Proxy-Authenticate on a 407):
//	              scheme  "Basic", "Digest", "Bearer", "Negotiate", "NTLM",
//	                      "Kerberos", … (well-known schemes in their usual
//	                      spelling, others as sent)
//	              realm   the realm parameter, "" if none
//	              token   the token68 form (NTLM and Negotiate), if any
//	              params  every auth-param, names lower-cased, first value
//	                      kept; an object, never null
//	              proxy   true for Proxy-Authenticate
//	substatus   null, or the IIS sub-status read from the error page:
//	              code    "401.2"
//	              key     message key explaining it ("iis_401_2", …)
//	              params  its parameters ([code])
//	block       null, or what blocked the request:
//	              vendor     "cloudflare", "akamai", "aws", "sucuri",
//	                         "imperva", "f5", "azure", "vercel",
//	                         "wordfence", "modsecurity", "ddos-guard",
//	                         "github", "s3", "gcs", "azure-blob", "apache",
//	                         "nginx", "iis", "litespeed", "lighttpd",
//	                         "caddy", "jetty", "tomcat", "python", "squid",
//	                         "tinyproxy" or "" (unknown)
//	              name       the vendor's name for people, "" if unknown
//	              kind       "waf", "challenge", "bot", "ip", "country",
//	                         "rate-limit", "directory-listing",
//	                         "access-denied", "expired-link", "proxy" (a
//	                         proxy between the visitor and the site
//	                         refused, also the CONNECT of an https URL)
//	              reference  incident, ray or request ID (omitted if none)
//	              code       vendor error code: "1020", "AccessDenied",
//	                         "403.14" (omitted if none)
//	              key        message key explaining it ("block_waf", …)
//	retryAfter  when the server asks to wait until (Retry-After, or
//	            X-RateLimit-Reset on a rate limit), RFC 3339 in UTC;
//	            omitted if none
//	advice      messages {key, params} for the person, in reading order:
//	            first a kind_* message saying what happened, then details
//	            (auth_*, iis_*, block_*, retry_after_*)
//	actions     the ways forward, best first, each {kind, url, key,
//	            params, label, host}: key/params are the button's label,
//	            label is page-derived text (show it as text, never HTML),
//	            host is set when url is on another site
//	ancestors   the parent folders of url, nearest first, ending with the
//	            site root (empty when url is the root)
//	notes       messages about the diagnosis itself (note_*): input cut,
//	            malformed header, credentials removed, redirects followed,
//	            the answer came from a proxy (note_proxy_connect)
//	redirects   the redirect chain that led to url, as given, without
//	            credentials (at most 20)
//
// # Kinds
//
//	ok                 status below 400 and nothing blocking
//	basic              401, HTTP Basic: the browser's sign-in box
//	digest             401, HTTP Digest (possibly with Basic too)
//	bearer             401, Bearer token (RFC 6750): an app, an API, or an
//	                   expired session
//	negotiate          401, Windows sign-in: Negotiate, NTLM, Kerberos
//	auth-other         401, only schemes browsers do not handle themselves
//	auth-several       401, schemes of several of the families above
//	login-required     401 without any challenge: a cookie or form sign-in
//	login-failed       401 answering a POST (a submitted form), unless the
//	                   challenge is one the browser handles itself
//	iis                401 without a challenge, explained by an IIS
//	                   sub-status on the page
//	proxy              407: a proxy asks for sign-in
//	forbidden          403 (also a storage bucket that is not public or an
//	                   expired signed link: see block)
//	blocked            a WAF, CDN, bot defence, IP or country block, or a
//	                   proxy's refusal (403, or another status when the
//	                   signs are unmistakable)
//	directory-listing  403 for a folder URL the server will not list (or a
//	                   404 whose page says listing it is not allowed)
//	rate-limited       429, or a rate limit recognised on a 403
//	other              any other error status
//	not-http           the URL is not an absolute http(s) URL
//
// # Action kinds
//
//	login   sign in. Without url (key action_login_box): reload the page to
//	        get the browser's own sign-in box (Basic, Digest, Windows,
//	        proxy). With url (action_login_link, or action_login_link_host
//	        with the host as parameter when cross-site): the best sign-in
//	        link found on the error page; label is the link's text. A
//	        link is never the target of a POST form of the page (a handler
//	        that may take only the form) unless a link leads there too.
//	        When the error page is itself the sign-in form (a password
//	        field; a GET, not the answer to a POST), url is the page's own
//	        URL and key action_login_form: sign in with the form there.
//	reset   the password-reset link found on the page (login-failed only)
//	https   the same URL over https (IIS 403.4 / 403.5 on http)
//	parent  a parent folder, one action per ancestor below the root,
//	        nearest first; the first uses action_parent_up; params hold
//	        the folder's path
//	home    the site's home page; params hold the host for display
//	reload  reload the page (not offered when login already reloads)
//
// Parent and home actions are left out when the whole site is closed to
// the visitor (proxy, rate limit, challenge, IP or country block, a
// proxy's refusal) or a proxy answered instead of the site.
//
// # Message key families
//
//	kind_*         what happened (first advice)
//	auth_*         details of the sign-in challenges
//	iis_*          IIS sub-status explanations
//	block_*        block explanations, vendor and reference
//	retry_after_*  how long to wait
//	action_*       button labels
//	note_*         notes about the diagnosis
package diagnose
