package demosite

import "net/http"

// Case is one demonstration page: a URL on the demo site that answers like
// a real server does in one of the situations Sesame explains.
type Case struct {
	// Name is a short stable identifier the browser tests refer to.
	Name string `json:"name"`
	// Path is the URL path (the only path, unless Method is POST).
	Path string `json:"path"`
	// Method is the request method that produces the response; GET when
	// empty.
	Method string `json:"method"`
	// Status is the status code sent.
	Status int `json:"status"`
	// Summary is the one line shown on the index page.
	Summary string `json:"summary"`
	// Host is set when the case lives on another host (the proxy case).
	Host string `json:"host,omitempty"`

	// headers are sent in order; a name may repeat.
	headers [][2]string
	// page is the file under pages/ used as the body template.
	page        string
	contentType string
	// serve replaces the fixed response when set.
	serve func(s *Site, w http.ResponseWriter, r *http.Request, c *Case)
	// hidden keeps the path out of folder listings and the sitemap (a
	// mistyped URL must not be linked from its parent).
	hidden bool
}

// ProxyHost is the made-up host name that only exists behind the demo's
// proxy: a browser told to use the demo site as its HTTP proxy for this
// host gets a real 407 from a proxy, which browsers only accept from a
// proxy and never from an origin server.
const ProxyHost = "proxy.sesame.test"

// The demo accepts this user name and password wherever it asks for one.
const (
	DemoUser     = "demo"
	DemoPassword = "sesame"
)

const (
	htmlType = "text/html; charset=utf-8"
	jsonType = "application/json"
	xmlType  = "application/xml"
)

var cases = []*Case{
	// 401 with a challenge the browser answers itself.
	{
		Name: "basic", Path: "/private/reports/2026/q3.pdf", Status: 401,
		Summary: "401 with a Basic challenge (realm, charset=UTF-8) — Apache",
		headers: [][2]string{
			{"Server", "Apache/2.4.62 (Debian)"},
			{"WWW-Authenticate", `Basic realm="Quarterly reports", charset="UTF-8"`},
		},
		page:  "apache-401.html",
		serve: serveBasic,
	},
	{
		Name: "digest", Path: "/team/wiki/start", Status: 401,
		Summary: "401 with two Digest challenges (SHA-256 and MD5, qop=auth)",
		headers: [][2]string{
			{"Server", "Apache/2.4.62 (Debian)"},
			{"WWW-Authenticate", `Digest realm="team-wiki@sesame.test", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`},
			{"WWW-Authenticate", `Digest realm="team-wiki@sesame.test", qop="auth", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`},
		},
		page: "apache-401.html",
	},
	{
		Name: "bearer-invalid", Path: "/api/v1/orders/42", Status: 401,
		Summary: "401 Bearer error=\"invalid_token\": an expired access token (JSON API)",
		headers: [][2]string{
			{"Server", "nginx/1.24.0"},
			{"WWW-Authenticate", `Bearer realm="orders-api", error="invalid_token", error_description="The access token expired"`},
		},
		page: "bearer-invalid.json", contentType: jsonType,
	},
	{
		Name: "bearer-scope", Path: "/api/v1/admin/users", Status: 403,
		Summary: "403 Bearer error=\"insufficient_scope\" (RFC 6750 §3.1): the token lacks the admin scope",
		headers: [][2]string{
			{"Server", "nginx/1.24.0"},
			{"WWW-Authenticate", `Bearer realm="orders-api", error="insufficient_scope", scope="admin users:write", error_description="The request requires higher privileges than provided by the access token"`},
		},
		page: "bearer-scope.json", contentType: jsonType,
	},
	{
		Name: "negotiate", Path: "/intranet/hr/payroll.aspx", Status: 401,
		Summary: "401 Negotiate and NTLM: Windows integrated sign-in (IIS)",
		headers: [][2]string{
			{"Server", "Microsoft-IIS/10.0"},
			{"WWW-Authenticate", "Negotiate"},
			{"WWW-Authenticate", "NTLM"},
			{"X-Powered-By", "ASP.NET"},
		},
		page: "iis-401-short.html",
	},
	{
		Name: "multi", Path: "/apps/dashboard", Status: 401,
		Summary: "401 with several schemes in one header (the RFC 9110 example: Newauth and Basic)",
		headers: [][2]string{
			{"Server", "Jetty(12.0.14)"},
			{"WWW-Authenticate", `Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`},
		},
		page: "jetty-401.html",
	},
	{
		Name: "hostile-realm", Path: "/lab/realm/index.html", Status: 401,
		Summary: "401 Basic whose realm holds HTML: it must show as text",
		headers: [][2]string{
			{"WWW-Authenticate", `Basic realm="<img src=x onerror=alert(1)><b>Lab</b>"`},
		},
		page: "apache-401.html",
	},

	// 401 without a challenge: a site with its own login form.
	{
		Name: "no-challenge", Path: membersThread, Status: 401,
		Summary: "401 with no WWW-Authenticate: a forum that wants its own login (link on the page)",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "members-401.html",
		serve:   serveMembers,
	},
	{
		Name: "hostile-link", Path: "/lab/links/thread", Status: 401,
		Summary: "401 whose login link text contains <script>: it must show as text",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "hostile-401.html",
	},
	{
		Name: "login-failed", Path: "/login", Method: http.MethodPost, Status: 401,
		Summary: "POST /login with a wrong password answers 401 (a failed login); demo / sesame signs in",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "login-failed.html",
		serve:   serveLoginPost,
	},

	// IIS, whose sub-status is only in the page.
	{
		Name: "iis-401-2", Path: "/iis/secure/default.aspx", Status: 401,
		Summary: "IIS 401.2 detailed error page (status line says only 401)",
		headers: [][2]string{
			{"Server", "Microsoft-IIS/10.0"},
			{"X-Powered-By", "ASP.NET"},
		},
		page: "iis-401-2.html",
	},
	{
		Name: "iis-403-14", Path: "/iis/app/content/", Status: 403,
		Summary: "IIS 403.14: directory listing denied",
		headers: [][2]string{
			{"Server", "Microsoft-IIS/10.0"},
			{"X-Powered-By", "ASP.NET"},
		},
		page: "iis-403-14.html",
	},

	// 403 blocks by a WAF or CDN.
	{
		Name: "cloudflare-challenge", Path: "/shop/checkout/cart", Status: 403,
		Summary: "Cloudflare managed challenge (cf-mitigated: challenge, cf-ray)",
		headers: [][2]string{
			{"Server", "cloudflare"},
			{"cf-mitigated", "challenge"},
			{"cf-ray", "8f3c2a1b9d7e4f60-FRA"},
			{"Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0"},
			{"Cross-Origin-Opener-Policy", "same-origin"},
		},
		page: "cloudflare-challenge.html",
	},
	{
		Name: "cloudflare-block", Path: "/shop/search", Status: 403,
		Summary: "Cloudflare firewall block page (\"Sorry, you have been blocked\", cf-ray)",
		headers: [][2]string{
			{"Server", "cloudflare"},
			{"cf-ray", "8f3c2a1c0e1f5a71-FRA"},
		},
		page: "cloudflare-block.html",
	},
	{
		Name: "akamai", Path: "/store/products/item-1138", Status: 403,
		Summary: "Akamai \"Access Denied\" with a Reference #",
		headers: [][2]string{
			{"Server", "AkamaiGHost"},
			{"Mime-Version", "1.0"},
			{"Expires", "Thu, 26 Nov 2026 10:00:00 GMT"},
		},
		page: "akamai.html",
	},
	{
		Name: "aws-waf", Path: "/media/library/video", Status: 403,
		Summary: "AWS WAF on CloudFront: \"The request could not be satisfied\"",
		headers: [][2]string{
			{"Server", "CloudFront"},
			{"X-Cache", "Error from cloudfront"},
			{"Via", "1.1 4d1c2c8e2f0b7e5a9c3d0e1f2a3b4c5d.cloudfront.net (CloudFront)"},
			{"X-Amz-Cf-Pop", "FRA56-P5"},
			{"X-Amz-Cf-Id", "q7v3Kx1fS0m2bZ8eJc4nYtR6wPu9LhAaDg5VoNiE-3zQxWk1Jy2Hbw=="},
		},
		page: "aws-waf.html",
	},
	{
		Name: "sucuri", Path: "/blog/wp-admin/", Status: 403,
		Summary: "Sucuri website firewall block",
		headers: [][2]string{
			{"Server", "Sucuri/Cloudproxy"},
			{"X-Sucuri-ID", "16014"},
			{"X-Sucuri-Block", "BNP0024"},
		},
		page: "sucuri.html",
	},
	{
		Name: "imperva", Path: "/bank/accounts/overview", Status: 403,
		Summary: "Imperva (Incapsula) \"Request unsuccessful\" with an incident ID",
		headers: [][2]string{
			{"X-CDN", "Imperva"},
			{"X-Iinfo", "12-34567890-0 0NNN RT(1764324000123 0) q(0 -1 -1 -1) r(0 -1)"},
			{"Set-Cookie", "visid_incap_2411235=Qx1ZcC8zT0K2mWj9AAAAAAAAAACk1w; expires=Sat, 27 Nov 2027 10:00:00 GMT; HttpOnly; path=/"},
		},
		page: "imperva.html",
	},

	// Other 403s.
	{
		Name: "directory-listing", Path: "/files/uploads/", Status: 403,
		Summary: "nginx 403 on a folder URL (directory listing forbidden)",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "nginx-403.html",
	},
	{
		Name: "s3", Path: "/s3/bucket/reports/anual-report.pdf", Status: 403,
		Summary: "Amazon S3 AccessDenied XML (S3 answers 403 for a missing key without list rights)",
		headers: [][2]string{
			{"Server", "AmazonS3"},
			{"x-amz-request-id", "4Z1R9V8Q7YEXAMPLE"},
			{"x-amz-id-2", "b1Xk3o9Hq2nT5yYk1Z4m1w2JxQ0pC3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3h="},
		},
		page: "s3.xml", contentType: xmlType,
	},
	{
		Name: "ip-block", Path: "/admin/panel/settings", Status: 403,
		Summary: "403 because of the visitor's IP address",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "ip-block.html",
	},
	{
		Name: "country-block", Path: "/tv/live/channel-1", Status: 403,
		Summary: "403 because of the visitor's country",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "country-block.html",
	},
	{
		Name: "plain-403", Path: "/staff/handbook/leave.html", Status: 403,
		Summary: "a plain Apache 403 Forbidden",
		headers: [][2]string{{"Server", "Apache/2.4.62 (Debian)"}},
		page:    "apache-403.html",
	},
	{
		Name: "retry-after", Path: "/account/export/data.csv", Status: 403,
		Summary: "403 with Retry-After: 120 (temporarily locked after too many attempts)",
		headers: [][2]string{
			{"Server", "nginx/1.24.0"},
			{"Retry-After", "120"},
		},
		page: "locked.html",
	},

	// 407 from a proxy.
	{
		Name: "proxy", Path: "/intranet/", Host: ProxyHost, Status: 407,
		Summary: "407 from a proxy (Squid-like): needs the browser to use this site as proxy for " + ProxyHost,
		headers: [][2]string{
			{"Server", "squid/6.6"},
			{"Proxy-Authenticate", `Basic realm="Sesame demo proxy"`},
			{"X-Squid-Error", "ERR_CACHE_ACCESS_DENIED 0"},
		},
		page: "squid-407.html",
	},

	// The ways forward (issue 4): each case exercises one of them.
	{
		Name: "login-home", Path: "/billing/invoices/2026-11.pdf", Status: 401,
		Summary: "401 with a bare nginx page and no link: the login page is linked from the home page",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "nginx-401.html",
	},
	{
		Name: "login-probed", Path: "/account/orders/77", Host: ShopHost, Status: 401,
		Summary: "401 on a shop whose pages name no login page: /signin is found by checking common paths",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "nginx-401.html",
	},
	{
		Name: "login-sso", Path: "/workspace/board", Host: PortalHost, Status: 401,
		Summary: "401 whose login links lead to other sites: single sign-on at id.accounts-hub.example and a look-alike domain",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "portal-401.html",
	},
	{
		Name: "parent-works", Path: "/vault/team/secret/plans/q4.pdf", Status: 403,
		Summary: "403 whose nearest folders refuse too (403, 401); /vault/team/ works, /vault/ refuses",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "nginx-403.html",
	},
	{
		Name: "typo", Path: "/docs/getting-startd/", Status: 403, hidden: true,
		Summary: "a mistyped address (/docs/getting-started/ exists); the docs answer 403 for unknown paths, as storage buckets do",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "nginx-403.html",
	},
	{
		Name: "typo-none", Path: "/docs/quantum-flux-capacitor/", Status: 403, hidden: true,
		Summary: "an unknown docs address that resembles nothing on the site",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "nginx-403.html",
	},
	{
		Name: "contact-de", Path: "/intern/berichte/2026.pdf", Host: AltHost, Status: 403,
		Summary: "403 on a German site: Impressum and Kontakt pages, a mailto link and an expired security.txt",
		headers: [][2]string{{"Server", "Apache/2.4.62 (Debian)"}},
		page:    "alt-403.html",
	},
	{
		Name: "report-ids", Path: "/team/reports/export", Status: 403,
		Summary: "403 with request ids (X-Request-Id, X-Amzn-Trace-Id) for the report to the webmaster",
		headers: [][2]string{
			{"Server", "nginx/1.24.0"},
			{"X-Request-Id", "req-5f0c6a2e-4b1d-9e3a-7c2d1e0f9a88"},
			{"X-Amzn-Trace-Id", "Root=1-67a3c2f1-0123456789abcdef01234567"},
		},
		page: "nginx-403.html",
	},
	{
		Name: "flip", Path: "/_demo/flip/demo", Status: 401, hidden: true,
		Summary: "401 until /_demo/flip/demo?open=1 is requested, then 200 (for watch; ?close=1 closes it again)",
		serve:   serveFlip,
	},

	// Hostile pages: bounded work, nothing injected.
	{
		Name: "hostile-many-links", Path: "/lab/many/links", Status: 401,
		Summary: "401 whose page holds 50,000 links",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		serve:   serveManyLinks,
	},
	{
		Name: "hostile-huge", Path: "/lab/huge/page", Status: 401,
		Summary: "401 whose page is 10 MB of HTML",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		serve:   serveHuge,
	},
	{
		Name: "hostile-frames", Path: "/lab/frames/page", Status: 401,
		Summary: "401 with frames and javascript:, data: and vbscript: login links",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "lab-frames.html",
	},
	{
		Name: "hostile-site", Path: "/trap/frames/door", Host: HostileHost, Status: 401,
		Summary: "401 on a hostile site: markup in link text, a look-alike login domain, garbage security.txt, a recursive and a huge sitemap, 50,000 links on the home page, a 10 MB parent",
		headers: [][2]string{{"Server", "nginx/1.24.0"}},
		page:    "hostile-door.html",
	},

	// Pages that work.
	{
		Name: "ok", Path: "/docs/guide/intro", Status: 200,
		Summary: "a good page (200)",
		page:    "ok.html",
	},
}

// Cases returns the demonstration pages in index order. The returned
// values must not be modified.
func Cases() []*Case { return cases }

// Lookup returns the case with the given name, or nil.
func Lookup(name string) *Case {
	for _, c := range cases {
		if c.Name == name {
			return c
		}
	}
	return nil
}
