// Package block recognises why a server refused a request when the refusal
// is not about signing in: a web application firewall, CDN or bot defence
// (Cloudflare, Akamai, AWS WAF and CloudFront, Sucuri, Imperva/Incapsula,
// F5, Azure Front Door, Vercel, Wordfence, ModSecurity, DDoS-Guard), a
// cloud storage bucket that is not public (S3 and S3-compatible stores,
// Google Cloud Storage, Azure Blob Storage), an API rate limit, a block of
// the visitor's IP address or country (also when the page says so in
// words, in several languages), a proxy between the visitor and the site
// refusing the request (squid, Tinyproxy), or a web server refusing to
// list a directory (Apache, nginx, IIS, LiteSpeed, lighttpd, Caddy, Jetty,
// Tomcat, Python's http.server, or any server's short default page).
//
// Detect looks at the response headers and the page. It only reads a
// bounded prefix of the page (MaxScan bytes) and does no allocation
// proportional to more than that.
package block

import (
	"strconv"
	"strings"

	"github.com/sesame-help/sesame/internal/lite/text"
)

// MaxScan is how many bytes of the page Detect reads.
const MaxScan = 512 << 10

// Kinds of block.
const (
	KindWAF              = "waf"               // a firewall rule refused the request
	KindChallenge        = "challenge"         // a "checking your browser" or CAPTCHA page
	KindBot              = "bot"               // refused as an automated client
	KindIP               = "ip"                // the visitor's IP address (or network) is blocked
	KindCountry          = "country"           // the visitor's country or region is blocked
	KindRateLimit        = "rate-limit"        // too many requests
	KindDirectoryListing = "directory-listing" // the server will not list a folder
	KindAccessDenied     = "access-denied"     // a storage bucket or API refused (not public)
	KindExpiredLink      = "expired-link"      // a signed link has expired or is invalid
	KindProxy            = "proxy"             // a proxy between the visitor and the site refused
)

// Vendors, as they appear in Result.Vendor.
var vendorNames = map[string]string{
	"cloudflare":  "Cloudflare",
	"akamai":      "Akamai",
	"aws":         "Amazon Web Services",
	"sucuri":      "Sucuri",
	"imperva":     "Imperva",
	"f5":          "F5 BIG-IP",
	"azure":       "Microsoft Azure",
	"vercel":      "Vercel",
	"wordfence":   "Wordfence",
	"modsecurity": "ModSecurity",
	"ddos-guard":  "DDoS-Guard",
	"github":      "GitHub",
	"s3":          "Amazon S3",
	"gcs":         "Google Cloud Storage",
	"azure-blob":  "Azure Blob Storage",
	"apache":      "Apache",
	"nginx":       "nginx",
	"iis":         "Microsoft IIS",
	"litespeed":   "LiteSpeed",
	"lighttpd":    "lighttpd",
	"caddy":       "Caddy",
	"jetty":       "Eclipse Jetty",
	"tomcat":      "Apache Tomcat",
	"python":      "Python http.server",
	"squid":       "Squid",
	"tinyproxy":   "Tinyproxy",
}

// webServers are the vendors that are web servers: their refusal is the
// site's own, not a security product's.
var webServers = map[string]bool{
	"apache": true, "nginx": true, "iis": true, "litespeed": true, "lighttpd": true,
	"caddy": true, "jetty": true, "tomcat": true, "python": true,
}

// WebServer reports whether vendor is a web server (Apache, nginx, IIS,
// LiteSpeed, lighttpd, Caddy, Jetty, Tomcat, Python's http.server) rather
// than a security product, a CDN, a store or a proxy.
func WebServer(vendor string) bool { return webServers[vendor] }

// VendorName returns the name people know a vendor by ("Cloudflare" for
// "cloudflare"), or "" for an unknown or empty vendor.
func VendorName(vendor string) string { return vendorNames[vendor] }

// Input is what Detect looks at.
type Input struct {
	// URL is the requested URL; only its path is used.
	URL string
	// Status is the HTTP status code.
	Status int
	// Header holds the response headers with lower-case names.
	Header Header
	// Body is the page.
	Body string
}

// Header maps lower-case header names to their values.
type Header map[string][]string

// Get returns the first value of the header, "" if absent. name must be
// lower case.
func (h Header) Get(name string) string {
	if v := h[name]; len(v) > 0 {
		return strings.TrimSpace(v[0])
	}
	return ""
}

// Result says who blocked the request and how.
type Result struct {
	Vendor    string // a key of VendorName, or "" when unknown
	Kind      string // one of the Kind constants
	Reference string // the vendor's incident, ray or request ID, if any
	Code      string // the vendor's error code, if any: "1020", "AccessDenied", "403.14"
}

// Detect recognises the block, if any.
func Detect(in Input) (Result, bool) {
	body := in.Body
	if len(body) > MaxScan {
		body = body[:MaxScan]
	}
	p := page{raw: body, low: asciiLower(body), h: in.Header}
	for _, f := range detectors {
		if r, ok := f(&p); ok {
			return bounded(r), true
		}
	}
	if r, ok := directoryListing(&p, in); ok {
		return bounded(r), true
	}
	return Result{}, false
}

// MaxRef is the longest Reference or Code a Result carries, in bytes;
// header values are copied as sent and may be longer.
const MaxRef = 200

// bounded cuts a result's Reference and Code to MaxRef bytes.
func bounded(r Result) Result {
	r.Reference = text.Prefix(r.Reference, MaxRef)
	r.Code = text.Prefix(r.Code, MaxRef)
	return r
}

// asciiLower lower-cases ASCII letters only, so that byte offsets in the
// result are offsets in s too (strings.ToLower changes the length of
// invalid UTF-8 and of some letters).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// page is the response being examined.
type page struct {
	raw, low string // body prefix and its ASCII-lower-case form (same offsets)
	h        Header
	decoded  string // low with numeric character references decoded, lazily
	// plainText is the page's text in lower case, lazily (see plain).
	plainText string
}

// has reports whether the lower-case page contains any of the markers
// (given in lower case).
func (p *page) has(markers ...string) bool {
	for _, m := range markers {
		if strings.Contains(p.low, m) {
			return true
		}
	}
	return false
}

// text returns the lower-case page with character references decoded.
func (p *page) text() string {
	if p.decoded == "" {
		p.decoded = unescape(p.low)
	}
	return p.decoded
}

// headerHas reports whether header name's value contains sub (lower case).
func (p *page) headerHas(name, sub string) bool {
	for _, v := range p.h[name] {
		if strings.Contains(strings.ToLower(v), sub) {
			return true
		}
	}
	return false
}

var detectors = []func(*page) (Result, bool){
	storage, proxy, cloudflare, akamai, aws, sucuri, imperva, f5, azure, vercel, ddosGuard,
	wordfence, modSecurity, github, rateLimitHeader, ipOrCountry,
}

// storage recognises the XML errors of S3 (and S3-compatible stores), Google
// Cloud Storage and Azure Blob Storage.
func storage(p *page) (Result, bool) {
	if !strings.Contains(p.raw, "<Error>") || !strings.Contains(p.raw, "<Code>") {
		return Result{}, false
	}
	code := between(p.raw, "<Code>", "</Code>")
	msg := strings.ToLower(between(p.raw, "<Message>", "</Message>") + " " + between(p.raw, "<Details>", "</Details>"))
	r := Result{Vendor: "s3", Code: code, Reference: between(p.raw, "<RequestId>", "</RequestId>")}
	switch {
	case p.h.Get("x-guploader-uploadid") != "" || strings.Contains(msg, "google cloud storage") || strings.Contains(msg, "storage.objects"):
		r.Vendor = "gcs"
	case p.h.Get("x-ms-request-id") != "" || p.headerHas("server", "windows-azure") || strings.Contains(p.raw, "<AuthenticationErrorDetail>"):
		r.Vendor = "azure-blob"
		if r.Reference == "" {
			r.Reference = p.h.Get("x-ms-request-id")
		}
	}
	if r.Reference == "" {
		r.Reference = p.h.Get("x-amz-request-id")
	}
	switch code {
	case "AccessDenied", "AllAccessDisabled", "AccountProblem", "AuthorizationFailure",
		"AuthorizationPermissionMismatch", "PublicAccessNotPermitted", "InsufficientAccountPermissions",
		"UserProjectAccessDenied", "AccountIsDisabled":
		r.Kind = KindAccessDenied
		if strings.Contains(msg, "expired") {
			r.Kind = KindExpiredLink
		}
	case "ExpiredToken", "TokenRefreshRequired", "RequestTimeTooSkewed", "SignatureDoesNotMatch",
		"InvalidAccessKeyId", "AuthenticationFailed", "AuthorizationHeaderMalformed", "InvalidToken",
		"MissingSecurityHeader", "InvalidSecurity":
		r.Kind = KindExpiredLink
	default:
		return Result{}, false
	}
	return r, true
}

// cloudflare recognises Cloudflare's challenge and block pages.
func cloudflare(p *page) (Result, bool) {
	mitigated := strings.ToLower(p.h.Get("cf-mitigated"))
	challengePage := p.has("challenges.cloudflare.com", "/cdn-cgi/challenge-platform/", "_cf_chl_opt",
		"cf-browser-verification", "cf_chl_")
	blockPage := p.has("cf-error-details", "attention required! | cloudflare", "sorry, you have been blocked",
		"cloudflare ray id", "used cloudflare to restrict access", "performance &amp; security by cloudflare",
		"performance & security by cloudflare", "cf-error-code", "cf-wrapper")
	if mitigated == "" && !challengePage && !blockPage {
		return Result{}, false
	}
	r := Result{Vendor: "cloudflare", Kind: KindWAF, Reference: rayID(p)}
	r.Code = cloudflareCode(p)
	switch {
	case mitigated == "challenge" || challengePage && !blockPage:
		r.Kind = KindChallenge
	case r.Code == "1009" || p.has("banned the country or region"):
		r.Kind = KindCountry
	case r.Code == "1005" || r.Code == "1006" || r.Code == "1007" || r.Code == "1008" ||
		p.has("has banned your ip address", "banned the autonomous system number"):
		r.Kind = KindIP
	case r.Code == "1010" || p.has("browser's signature", "browser&#39;s signature", "browser&#x27;s signature"):
		r.Kind = KindBot
	case r.Code == "1015" || p.has("you are being rate limited"):
		r.Kind = KindRateLimit
	}
	return r, true
}

// rayID returns the Cloudflare Ray ID from the header or the page.
func rayID(p *page) string {
	if v := p.h.Get("cf-ray"); v != "" {
		return text.Prefix(v, 40)
	}
	for _, m := range []string{"ray id:", "ray id"} {
		if i := strings.Index(p.low, m); i >= 0 {
			return token(skipTags(strings.TrimLeft(p.raw[i+len(m):], " :")), isHexOrDash)
		}
	}
	return ""
}

// cloudflareCode returns the four-digit Cloudflare error code of a block
// page ("Error 1020", "Error code 1020"), or "".
func cloudflareCode(p *page) string {
	for _, m := range []string{"error code:", "error code", "error</span>", "error "} {
		for off := 0; off < len(p.low); {
			i := strings.Index(p.low[off:], m)
			if i < 0 {
				break
			}
			at := off + i + len(m)
			off = at
			if c := token(skipTags(p.raw[at:]), isDigit); len(c) == 4 && c[0] == '1' {
				return c
			}
		}
	}
	return ""
}

// akamai recognises Akamai's "Access Denied … Reference #18.…" page.
func akamai(p *page) (Result, bool) {
	ghost := p.headerHas("server", "akamaighost") || p.headerHas("server", "akamainetstorage")
	t := p.low
	if strings.Contains(t, "&#") {
		t = p.text()
	}
	page := strings.Contains(t, "reference #") && strings.Contains(t, "access denied") ||
		strings.Contains(t, "errors.edgesuite.net")
	if !page && !(ghost && strings.Contains(t, "access denied")) {
		return Result{}, false
	}
	r := Result{Vendor: "akamai", Kind: KindWAF}
	if i := strings.Index(t, "reference #"); i >= 0 {
		r.Reference = token(t[i+len("reference #"):], isRefChar)
	} else if i := strings.Index(t, "errors.edgesuite.net/"); i >= 0 {
		r.Reference = token(t[i+len("errors.edgesuite.net/"):], isRefChar)
	}
	if strings.Contains(t, "pardon our interruption") || strings.Contains(t, "bot manager") {
		r.Kind = KindBot
	}
	return r, true
}

// aws recognises AWS WAF (challenge and CAPTCHA actions, blocks behind an
// Application Load Balancer) and CloudFront's error pages.
func aws(p *page) (Result, bool) {
	ref := p.h.Get("x-amz-cf-id")
	if ref == "" {
		ref = p.h.Get("x-amzn-requestid")
	}
	if a := strings.ToLower(p.h.Get("x-amzn-waf-action")); a == "challenge" || a == "captcha" {
		return Result{Vendor: "aws", Kind: KindChallenge, Reference: ref}, true
	}
	if p.has("awswafintegration", "awswafcookiedomainlist", "/challenge.js\"", "gokuprops") {
		return Result{Vendor: "aws", Kind: KindChallenge, Reference: ref}, true
	}
	if p.has("the request could not be satisfied", "generated by cloudfront") {
		r := Result{Vendor: "aws", Kind: KindWAF, Reference: ref}
		if i := strings.Index(p.low, "request id:"); i >= 0 {
			r.Reference = token(strings.TrimLeft(p.raw[i+len("request id:"):], " \t\r\n"), isBase64)
		}
		switch {
		case p.has("block access from your country", "from your country"):
			r.Kind = KindCountry
		case p.has("too many requests"):
			r.Kind = KindRateLimit
		}
		return r, true
	}
	if p.headerHas("server", "awselb") && p.has("<title>403 forbidden</title>") {
		return Result{Vendor: "aws", Kind: KindWAF, Reference: ref}, true
	}
	t := strings.ToLower(p.h.Get("x-amzn-errortype"))
	if strings.HasPrefix(t, "forbiddenexception") || strings.HasPrefix(t, "accessdeniedexception") {
		code, _, _ := strings.Cut(p.h.Get("x-amzn-errortype"), ":")
		return Result{Vendor: "aws", Kind: KindAccessDenied, Reference: ref, Code: code}, true
	}
	return Result{}, false
}

// sucuri recognises the Sucuri Website Firewall block page.
func sucuri(p *page) (Result, bool) {
	hdr := p.h.Get("x-sucuri-id") != "" || p.h.Get("x-sucuri-block") != "" || p.headerHas("server", "sucuri")
	body := p.has("sucuri website firewall", "cloudproxy@sucuri.net", "sucuri.net/privacy-policy")
	if !hdr && !body {
		return Result{}, false
	}
	if !body && p.h.Get("x-sucuri-block") == "" {
		return Result{}, false // the site behind Sucuri answered itself
	}
	r := Result{Vendor: "sucuri", Kind: KindWAF}
	if i := strings.Index(p.low, "block id:"); i >= 0 {
		r.Code = token(skipTags(p.raw[i+len("block id:"):]), isRefChar)
		if strings.HasPrefix(r.Code, "Block") {
			r.Code = "" // an empty cell: the next row's label
		}
	}
	if r.Code == "" {
		r.Code = text.Prefix(p.h.Get("x-sucuri-block"), 40)
	}
	r.Reference = r.Code
	switch {
	case p.has("access from your country", "country was disabled"):
		r.Kind = KindCountry
	case p.has("bad bot", "bot access"):
		r.Kind = KindBot
	case p.has("blacklisted", "denylisted", "ip address was blocked", "your ip was blocked"):
		r.Kind = KindIP
	}
	return r, true
}

// imperva recognises Imperva (Incapsula) blocks and bot pages.
func imperva(p *page) (Result, bool) {
	body := p.has("incapsula incident id", "_incapsula_resource", "powered by incapsula", "imperva incident id")
	hdr := p.h.Get("x-iinfo") != "" || p.headerHas("x-cdn", "incapsula") || p.headerHas("x-cdn", "imperva")
	interruption := p.has("pardon our interruption")
	if !body && !(hdr && interruption) && !(interruption && p.has("distil")) {
		return Result{}, false
	}
	r := Result{Vendor: "imperva", Kind: KindWAF}
	for _, m := range []string{"incident id:", "incident_id="} {
		if i := strings.Index(p.low, m); i >= 0 {
			r.Reference = token(strings.TrimLeft(p.raw[i+len(m):], " "), isRefChar)
			break
		}
	}
	if interruption {
		r.Kind = KindBot
	}
	return r, true
}

// f5 recognises the F5 BIG-IP ASM / Advanced WAF rejection page.
func f5(p *page) (Result, bool) {
	if !p.has("the requested url was rejected") || !p.has("support id") {
		return Result{}, false
	}
	r := Result{Vendor: "f5", Kind: KindWAF}
	if i := strings.Index(p.low, "support id is:"); i >= 0 {
		r.Reference = token(strings.TrimLeft(skipTags(p.raw[i+len("support id is:"):]), " "), isDigit)
	}
	return r, true
}

// azure recognises an Azure Front Door or Application Gateway WAF block.
func azure(p *page) (Result, bool) {
	ref := p.h.Get("x-azure-ref")
	if ref == "" && !p.headerHas("server", "microsoft-azure-application-gateway") {
		return Result{}, false
	}
	if !p.has("the request is blocked", "microsoft-azure-application-gateway", "request blocked by") {
		return Result{}, false
	}
	return Result{Vendor: "azure", Kind: KindWAF, Reference: text.Prefix(ref, 80)}, true
}

// vercel recognises Vercel's firewall challenge and block.
func vercel(p *page) (Result, bool) {
	switch strings.ToLower(p.h.Get("x-vercel-mitigated")) {
	case "challenge":
		return Result{Vendor: "vercel", Kind: KindChallenge, Reference: p.h.Get("x-vercel-id")}, true
	case "deny":
		return Result{Vendor: "vercel", Kind: KindWAF, Reference: p.h.Get("x-vercel-id")}, true
	}
	return Result{}, false
}

// ddosGuard recognises the DDoS-Guard browser check.
func ddosGuard(p *page) (Result, bool) {
	if !p.headerHas("server", "ddos-guard") && !p.has("ddos-guard") {
		return Result{}, false
	}
	if !p.has("ddos-guard") {
		return Result{}, false
	}
	return Result{Vendor: "ddos-guard", Kind: KindChallenge}, true
}

// wordfence recognises the Wordfence (WordPress) block page.
func wordfence(p *page) (Result, bool) {
	if !p.has("wordfence") || !p.has("has been limited", "has been blocked", "blocked by wordfence", "generated by wordfence") {
		return Result{}, false
	}
	r := Result{Vendor: "wordfence", Kind: KindWAF}
	if p.has("access from your area", "from your country") {
		r.Kind = KindCountry
	}
	return r, true
}

// modSecurity recognises pages that name ModSecurity.
func modSecurity(p *page) (Result, bool) {
	if p.has("mod_security", "modsecurity") {
		return Result{Vendor: "modsecurity", Kind: KindWAF}, true
	}
	return Result{}, false
}

// github recognises the GitHub API's rate-limit answer (a 403).
func github(p *page) (Result, bool) {
	if p.h.Get("x-github-request-id") == "" {
		return Result{}, false
	}
	if p.h.Get("x-ratelimit-remaining") == "0" || p.has("rate limit exceeded") {
		return Result{Vendor: "github", Kind: KindRateLimit, Reference: p.h.Get("x-github-request-id")}, true
	}
	return Result{}, false
}

// rateLimitHeader recognises an exhausted rate limit announced in the
// de-facto X-RateLimit-Remaining or the draft RateLimit-Remaining header.
func rateLimitHeader(p *page) (Result, bool) {
	for _, n := range []string{"x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining"} {
		if p.h.Get(n) == "0" {
			return Result{Kind: KindRateLimit}, true
		}
	}
	return Result{}, false
}

// ipOrCountry recognises blocks of an IP address or a country in plain
// words, from any server.
func ipOrCountry(p *page) (Result, bool) {
	if p.has("your ip address has been blocked", "your ip has been blocked", "your ip address is blocked",
		"your ip is blocked", "ip address has been banned", "your ip has been banned", "banned your ip",
		"your ip address is not allowed", "your ip is not allowed", "ip address is blacklisted",
		"ip address has been blacklisted", "access from your ip", "your ip address was rejected",
		"ip address of the client has been rejected", "ip address rejected") {
		return Result{Kind: KindIP}, true
	}
	if p.has("not available in your country", "not available in your region", "not available in your location",
		"not available in your area", "access from your country", "blocked in your country",
		"unavailable in your country", "unavailable in your region", "country is blocked",
		"geo-restricted", "geoblocked", "geo-blocked", "geographic restrictions", "your country or region") {
		return Result{Kind: KindCountry}, true
	}
	if ipWords(p) {
		return Result{Kind: KindIP}, true
	}
	return Result{}, false
}

// directoryListing recognises a web server's own 403 page for a URL that
// names a folder (it ends in "/"): the server has no index page there and
// will not list the folder's files. The server is known by its page or its
// Server header (Apache, nginx, LiteSpeed, IIS, lighttpd, Caddy, Jetty,
// Tomcat, Python's http.server); a page that says in words that listing is
// refused counts whatever the server (also on a 404: Python's http.server
// answers "No permission to list directory" with 404), and so does the
// short default page of another file server (see shortDefaultPage).
func directoryListing(p *page, in Input) (Result, bool) {
	if !folderURL(in.URL) || in.Status != 403 && in.Status != 404 {
		return Result{}, false
	}
	vendor := serverVendor(p)
	if listingWords(p) {
		return Result{Vendor: vendor, Kind: KindDirectoryListing}, true
	}
	if in.Status != 403 {
		return Result{}, false
	}
	// A page of the site's own making (a long one) is not the server's
	// default: the folder may be protected on purpose.
	if vendor != "iis" && len(strings.TrimSpace(p.raw)) > 4096 {
		return Result{}, false
	}
	if vendor == "" && !shortDefaultPage(p) {
		return Result{}, false
	}
	return Result{Vendor: vendor, Kind: KindDirectoryListing}, true
}

// serverVendor names the web server that wrote the page, from the page's
// own signature first, then from the Server header; "" when unknown.
func serverVendor(p *page) string {
	server := strings.ToLower(p.h.Get("server"))
	switch {
	case p.has("you don't have permission to access", "you do not have permission to access", "<address>apache"):
		return "apache"
	case p.has("<center>nginx", "<hr><center>openresty", "<center>openresty"):
		return "nginx"
	case p.has("access to this resource on the server is denied", "litespeed web server"):
		return "litespeed"
	case p.has("403 - forbidden: access is denied", "http error 403.14", "403.14 - forbidden"):
		return "iis"
	case p.has("powered by jetty://"):
		return "jetty"
	case p.has("<h3>apache tomcat"):
		return "tomcat"
	case strings.Contains(server, "apache-coyote") || strings.Contains(server, "tomcat"):
		return "tomcat"
	case strings.Contains(server, "apache"):
		return "apache"
	case strings.Contains(server, "nginx") || strings.Contains(server, "openresty"):
		return "nginx"
	case strings.Contains(server, "litespeed"):
		return "litespeed"
	case strings.Contains(server, "microsoft-iis"):
		return "iis"
	case strings.Contains(server, "lighttpd"):
		return "lighttpd"
	case strings.Contains(server, "caddy"):
		return "caddy"
	case strings.Contains(server, "jetty"):
		return "jetty"
	case strings.HasPrefix(server, "simplehttp") || strings.HasPrefix(server, "basehttp"):
		return "python"
	}
	return ""
}

// listingWords reports whether the page says that listing the folder is
// refused.
func listingWords(p *page) bool {
	return p.has("directory listing denied", "directory listing is denied", "directory listing is disabled",
		"directory listing not allowed", "directory listing is not allowed", "directory listing is forbidden",
		"directory listing forbidden", "directory browsing is disabled", "directory browsing is not allowed",
		"directory browsing not allowed", "does not allow contents to be listed", "no permission to list directory",
		"listing of this directory is not allowed", "listing directories is not allowed", "directory index forbidden",
		"server-generated directory index forbidden", "dirlisting is disabled", "directory listings are disabled",
		"directory access is forbidden")
}

// shortDefaultPage reports whether the page looks like the default error
// page of a web server that serves files: short HTML naming the status
// 403, without a link, a form, a script or an image, from a server that
// names itself and is not an application server (whose 403 is the
// application's decision, not a refused listing).
func shortDefaultPage(p *page) bool {
	t := strings.TrimSpace(p.low)
	if t == "" || len(t) > 1024 || !strings.Contains(t, "403") || !p.has("<title", "<h1", "<body") {
		return false
	}
	if p.has("<a ", "<form", "<script", "<img") {
		return false
	}
	server := strings.ToLower(p.h.Get("server"))
	if server == "" || p.h.Get("x-powered-by") != "" {
		return false
	}
	for _, app := range []string{"werkzeug", "gunicorn", "uvicorn", "hypercorn", "waitress", "daphne", "tornado",
		"wsgi", "express", "kestrel", "cowboy", "puma", "unicorn", "passenger", "thin", "php", "node", "deno", "bun",
		"envoy", "cloudflare", "akamai", "amazon", "awselb", "gws", "gse", "vercel", "netlify"} {
		if strings.Contains(server, app) {
			return false
		}
	}
	return true
}

// folderURL reports whether the URL's path ends in "/" (ignoring the query
// and fragment).
func folderURL(u string) bool {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if !strings.Contains(u, "/") {
			return true // "https://example.com" is the root folder
		}
	}
	return strings.HasSuffix(u, "/")
}

// between returns the text between the first start and the following end,
// or "" (at most 200 bytes).
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	j := strings.Index(s, end)
	if j < 0 || j > 2000 {
		return ""
	}
	return text.Prefix(strings.TrimSpace(s[:j]), 200)
}

// token returns the leading run of s whose bytes satisfy ok, after
// skipping spaces, colons and '#'; at most 80 bytes.
func token(s string, ok func(byte) bool) string {
	s = strings.TrimLeft(s, " \t\r\n:#")
	i := 0
	for i < len(s) && i < 80 && ok(s[i]) {
		i++
	}
	return strings.TrimRight(s[:i], ".-")
}

// skipTags skips white space and HTML tags at the start of s.
func skipTags(s string) string {
	for n := 0; n < 8; n++ {
		s = strings.TrimLeft(s, " \t\r\n")
		if !strings.HasPrefix(s, "<") {
			return s
		}
		i := strings.IndexByte(s[:min(len(s), 256)], '>')
		if i < 0 {
			return ""
		}
		s = s[i+1:]
	}
	return s
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHexOrDash(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' || c == '-' || 'A' <= c && c <= 'Z'
}

func isRefChar(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '.' || c == '-' || c == '_'
}

func isBase64(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '+' || c == '/' || c == '=' || c == '-' || c == '_'
}

// unescape decodes numeric character references (&#35; &#x23;) and the
// few named ones block pages use. It works on any string and never grows
// it.
func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '&' {
			b.WriteByte(s[i])
			continue
		}
		end := strings.IndexByte(s[i:min(len(s), i+12)], ';')
		if end < 0 {
			b.WriteByte('&')
			continue
		}
		ref := s[i+1 : i+end]
		r := rune(-1)
		switch {
		case strings.HasPrefix(ref, "#x") || strings.HasPrefix(ref, "#X"):
			if n, err := strconv.ParseUint(ref[2:], 16, 21); err == nil {
				r = rune(n)
			}
		case strings.HasPrefix(ref, "#"):
			if n, err := strconv.ParseUint(ref[1:], 10, 21); err == nil {
				r = rune(n)
			}
		default:
			switch ref {
			case "amp":
				r = '&'
			case "lt":
				r = '<'
			case "gt":
				r = '>'
			case "quot":
				r = '"'
			case "apos":
				r = '\''
			case "nbsp":
				r = ' '
			}
		}
		if r < 0 || r > 0x10ffff || len(string(r)) > end+1 {
			b.WriteByte('&')
			continue
		}
		b.WriteRune(r)
		i += end
	}
	return b.String()
}
