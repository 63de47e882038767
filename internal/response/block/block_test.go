package block

import (
	"path"
	"strings"
	"testing"

	fixture "github.com/sesame-help/sesame/internal/sample"
)

// sample is one recorded response from testdata/*.http (the form package
// sample reads), with the expected result of its "# want key=value …"
// comment line.
type sample struct {
	name   string
	url    string
	status int
	header Header
	body   string
	want   map[string]string // vendor, kind, reference, code; "none" → no block
}

func loadSamples(t testing.TB) []sample {
	t.Helper()
	var out []sample
	for _, r := range fixture.Load(t, "internal/response/block/testdata/*.http") {
		s := sample{name: path.Base(r.Name), url: r.URL, status: r.Status, header: Header{}, body: r.Body, want: r.Want()}
		if r.Proto == "" {
			t.Fatalf("%s: no status line", s.name)
		}
		for _, f := range r.Header {
			k := strings.ToLower(f.Name)
			s.header[k] = append(s.header[k], f.Value)
		}
		if len(s.want) == 0 {
			t.Fatalf("%s: no # want line", s.name)
		}
		out = append(out, s)
	}
	if len(out) < 40 {
		t.Fatalf("only %d samples", len(out))
	}
	return out
}

func TestDetectSamples(t *testing.T) {
	for _, s := range loadSamples(t) {
		got, ok := Detect(Input{URL: s.url, Status: s.status, Header: s.header, Body: s.body})
		if _, none := s.want["none"]; none {
			if ok {
				t.Errorf("%s: Detect = %+v, want none", s.name, got)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: no block found, want %v", s.name, s.want)
			continue
		}
		fields := map[string]string{"vendor": got.Vendor, "kind": got.Kind, "reference": got.Reference, "code": got.Code}
		for k, g := range fields {
			if g != s.want[k] {
				t.Errorf("%s: %s = %q, want %q", s.name, k, g, s.want[k])
			}
		}
		if got.Vendor != "" && VendorName(got.Vendor) == "" {
			t.Errorf("%s: vendor %q has no name", s.name, got.Vendor)
		}
	}
}

func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		"reference&#32;&#35;18&#46;6f": "reference #18.6f",
		"a&#x2F;b&amp;c&lt;&gt;&quot;": `a/b&c<>"`,
		"&#99999999999;&":              "&#99999999999;&",
		"&unknown; &#;":                "&unknown; &#;",
		"&#0;":                         "\x00",
	} {
		if got := unescape(in); got != want {
			t.Errorf("unescape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFolderURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://example.com":          true,
		"https://example.com/":         true,
		"https://example.com/a/?x=1":   true,
		"https://example.com/a/#frag":  true,
		"https://example.com/a":        false,
		"https://example.com/a.html":   false,
		"https://example.com/a?next=/": false,
	} {
		if got := folderURL(u); got != want {
			t.Errorf("folderURL(%q) = %v", u, got)
		}
	}
}

// TestLargeBody checks a 10 MB page is only read up to MaxScan.
func TestLargeBody(t *testing.T) {
	body := strings.Repeat("<p>filler text &#35; &amp; reference</p>", 10<<20/40) + "Incapsula incident ID: 1-2"
	if r, ok := Detect(Input{Status: 403, Body: body}); ok {
		t.Errorf("found %+v beyond MaxScan", r)
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range loadSamples(f) {
		var h strings.Builder
		for k, vs := range s.header {
			for _, v := range vs {
				h.WriteString(k + ": " + v + "\n")
			}
		}
		f.Add(s.url, s.status, h.String(), s.body)
	}
	f.Fuzz(func(t *testing.T, url string, status int, headers, body string) {
		h := Header{}
		for _, line := range strings.Split(headers, "\n") {
			k, v, _ := strings.Cut(line, ":")
			k = strings.ToLower(strings.TrimSpace(k))
			h[k] = append(h[k], v)
		}
		r, ok := Detect(Input{URL: url, Status: status, Header: h, Body: body})
		if !ok {
			if r != (Result{}) {
				t.Fatalf("not found but %+v", r)
			}
			return
		}
		switch r.Kind {
		case KindWAF, KindChallenge, KindBot, KindIP, KindCountry, KindRateLimit,
			KindDirectoryListing, KindAccessDenied, KindExpiredLink, KindProxy:
		default:
			t.Fatalf("unknown kind %q", r.Kind)
		}
		if r.Vendor != "" && VendorName(r.Vendor) == "" {
			t.Fatalf("unknown vendor %q", r.Vendor)
		}
		if len(r.Reference) > 200 || len(r.Code) > 200 {
			t.Fatalf("long reference %d / code %d", len(r.Reference), len(r.Code))
		}
	})
}

// TestAdversarial feeds pages built to make a careless scanner quadratic.
func TestAdversarial(t *testing.T) {
	for _, unit := range []string{"error ", "error code", "ray id:", "block id:<", "&#", "reference #", "<Error><Code>",
		"your ip ", "ip地址", "<script>", "<style>x</style>", "<!--", "<a"} {
		body := strings.Repeat(unit, MaxScan/len(unit)+1)
		Detect(Input{URL: "https://x/", Status: 403, Body: body, Header: Header{"server": {"nginx"}}})
	}
}

// TestDirectoryListingServers checks folder refusals by servers known by
// their Server header or their words, and 403s of applications that are
// no refused listing.
func TestDirectoryListingServers(t *testing.T) {
	const short = "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>"
	for _, c := range []struct {
		name, url, server string
		status            int
		body, want        string // want: vendor, "-" for no block
	}{
		{"mini_httpd default page", "http://192.168.1.1/files/", "mini_httpd/1.30 26Oct2018", 403, short, ""},
		{"thttpd default page", "http://nas.local/share/", "thttpd/2.29 23May2018", 403, short, ""},
		{"caddy by header", "https://example.com/files/", "Caddy", 403, "", "caddy"},
		{"jetty by header", "http://127.0.0.1:8080/static/", "Jetty(10.0.20)", 403, short, "jetty"},
		{"tomcat page", "http://127.0.0.1:8080/docs/", "", 403, "<h1>HTTP Status 403 – Forbidden</h1><h3>Apache Tomcat/9.0.83</h3>", "tomcat"},
		{"IIS 6 words", "http://intranet/share/", "Microsoft-IIS/6.0", 403, "<h1>Directory Listing Denied</h1>This Virtual Directory does not allow contents to be listed.", "iis"},
		{"python 404 words", "http://127.0.0.1:8000/secret/", "SimpleHTTP/0.6 Python/3.12.3", 404, "<p>Message: No permission to list directory.</p>", "python"},
		{"unknown server words", "http://example.com/pub/", "", 403, "<p>Directory listing is disabled on this server.</p>", ""},
		{"a file, not a folder", "http://example.com/files/a.txt", "lighttpd/1.4.69", 403, short, "-"},
		{"a 404 without words", "http://example.com/files/", "lighttpd/1.4.69", 404, "<h1>404 Not Found</h1>", "-"},
		{"flask app", "https://app.example.com/admin/", "Werkzeug/3.0.1 Python/3.12.3", 403, "<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n<h1>Forbidden</h1>\n<p>You don&#39;t have the permission to access the requested resource.</p>", "-"},
		{"django runserver", "http://127.0.0.1:8000/admin/", "WSGIServer/0.2 CPython/3.12.3", 403, "<h1>403 Forbidden</h1>", "-"},
		{"express sendStatus", "https://api.example.com/users/", "", 403, "Forbidden", "-"},
		{"app behind a known server name", "https://app.example.com/admin/", "gunicorn", 403, short, "-"},
		{"no server name", "https://example.com/files/", "", 403, short, "-"},
		{"powered by an application", "https://example.com/files/", "mini_httpd", 403, short, "-"},
	} {
		h := Header{}
		if c.server != "" {
			h["server"] = []string{c.server}
		}
		if c.name == "powered by an application" {
			h["x-powered-by"] = []string{"PHP/8.2"}
		}
		r, ok := Detect(Input{URL: c.url, Status: c.status, Header: h, Body: c.body})
		got := "-"
		if ok {
			if r.Kind != KindDirectoryListing {
				t.Errorf("%s: kind %q", c.name, r.Kind)
			}
			got = r.Vendor
		}
		if got != c.want {
			t.Errorf("%s: vendor %q, want %q", c.name, got, c.want)
		}
	}
}
