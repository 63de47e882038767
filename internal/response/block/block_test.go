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
