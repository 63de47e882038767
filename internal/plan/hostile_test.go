package plan

import (
	"strconv"
	"strings"
	"testing"
)

// hugeLinks returns about size bytes of HTML with n links of every kind of
// trouble: javascript: and data: URLs, script in link text, frames,
// look-alike login domains, and same-origin links.
func hugeLinks(size, n int) string {
	var b strings.Builder
	b.WriteString(`<html><body><iframe src="javascript:alert(1)"></iframe><frameset><frame src="data:text/html,x"></frameset>`)
	for i := 0; i < n; i++ {
		switch i % 5 {
		case 0:
			b.WriteString(`<a href="javascript:alert(` + strconv.Itoa(i) + `)">Log in</a>`)
		case 1:
			b.WriteString(`<a href="data:text/html,<script>alert(1)</script>">Sign in</a>`)
		case 2:
			b.WriteString(`<a href="https://examp1e.com/login` + strconv.Itoa(i) + `">Sign in <script>alert(1)</script></a>`)
		case 3:
			b.WriteString(`<a href="/page/` + strconv.Itoa(i) + `">Page <b>` + strconv.Itoa(i) + `</b></a>`)
		default:
			b.WriteString(`<a href="mailto:user` + strconv.Itoa(i) + `@example.com">mail</a>`)
		}
	}
	for b.Len() < size {
		b.WriteString(`<p>` + strings.Repeat("filler text ", 80) + `</p>`)
	}
	return b.String()
}

// hugeSitemap returns a urlset of n URLs.
func hugeSitemap(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := 0; i < n; i++ {
		b.WriteString(`<url><loc>https://example.com/page/` + strconv.Itoa(i) + `</loc></url>`)
	}
	b.WriteString(`</urlset>`)
	return b.String()
}

func TestHostile(t *testing.T) {
	page := hugeLinks(10<<20, 50000)
	binary := strings.Repeat("\x00\xff\xfe garbage \x01", 10000)
	cases := []struct {
		name  string
		files map[string]string
		site  map[string]siteAnswer
	}{
		{"10 MB pages with 50,000 links", map[string]string{"page": page, "/": page, "/a/": page}, nil},
		{"garbage security.txt and sitemap", map[string]string{
			"page": "<html>", "/.well-known/security.txt": binary, "/security.txt": "<html><body>Not found</body></html>",
			"/sitemap.xml": binary, "/humans.txt": binary,
		}, map[string]siteAnswer{"/security.txt": {status: 200, ctype: "text/plain"}}},
		{"huge sitemap", map[string]string{"page": "x", "/sitemap.xml": hugeSitemap(120000)}, nil},
		{"recursive sitemap index", map[string]string{"page": "x", "/sitemap.xml": `<sitemapindex><sitemap><loc>https://example.com/sitemap.xml</loc></sitemap></sitemapindex>`}, nil},
		{"security.txt flood", map[string]string{"page": "x", "/.well-known/security.txt": strings.Repeat("Contact: mailto:a@example.com\n", 5000)}, nil},
		{"everything redirects elsewhere", map[string]string{"page": page}, map[string]siteAnswer{"*": {status: 302, to: "https://evil.example/"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &testCase{name: tc.name, files: tc.files, site: map[string]siteAnswer{}}
			for k, v := range tc.site {
				c.site[k] = v
			}
			c.header = [][2]string{{"url", "https://example.com/a/b/c?token=s3cret&x=1"}, {"status", "401"}}
			in, phases := c.input(t)
			p := Decide(in)
			checkInvariants(t, in, phases, p)
			for _, a := range p.Actions {
				if strings.Contains(a.URL, "examp1e") || strings.Contains(a.Label, "<") {
					t.Errorf("unsafe action %+v", a)
				}
			}
			if strings.Contains(p.ArchiveURL, "s3cret") {
				t.Errorf("archive URL keeps the secret: %s", p.ArchiveURL)
			}
		})
	}
}

// TestResultsChecked checks that results for other URLs, unknown IDs,
// huge bodies and floods of results are ignored or cut.
func TestResultsChecked(t *testing.T) {
	c := parseCase(t, "x", "url: https://site.example/a/b\nstatus: 401\n")
	in, _ := c.input(t)
	base := in
	base.Results = nil
	// A result claiming to be the home page but for another site.
	bad := Result{ID: "home", URL: "https://evil.example/", Status: 200, ContentType: "text/html",
		Body: `<a href="https://evil.example/login">Log in</a>`}
	in2 := base
	in2.Results = append([]Result{bad}, in.Results...)
	for _, l := range Decide(in2).Login {
		if strings.Contains(l.URL, "evil") {
			t.Errorf("result for another URL was used: %v", l)
		}
	}
	// The first result for an ID wins; a flood of results is bounded.
	in3 := base
	for i := 0; i < 100000; i++ {
		in3.Results = append(in3.Results, Result{ID: "parent-1", URL: "https://site.example/a/", Status: 500})
	}
	in3.Results = append(in3.Results, in.Results...)
	if ps := Probes(in3); len(ps) == 0 || ps[0].ID == "parent-1" {
		t.Errorf("probes after a flood: %+v", ps)
	}
	Decide(in3)
}

// TestProbesPhases checks that Probes returns only what is missing, a
// phase at a time, and stays within MaxProbes for a deep URL.
func TestProbesPhases(t *testing.T) {
	c := parseCase(t, "deep", "url: https://deep.example/"+strings.Repeat("d/", 40)+"x\nstatus: 401\n")
	in, phases := c.input(t)
	parents := 0
	for _, p := range phases[0] {
		if p.Purpose == PurposeParent {
			parents++
		}
	}
	if parents != MaxParents {
		t.Errorf("%d parents probed, want %d", parents, MaxParents)
	}
	// Half the first phase answered: the other half is what remains.
	half := in
	half.Results = append([]Result(nil), in.Results[:3]...)
	ps := Probes(half)
	if len(ps) != len(phases[0])-3 || ps[0].ID != phases[0][3].ID {
		t.Errorf("after 3 results: %+v", ps)
	}
	if ps := Probes(in); len(ps) != 0 {
		t.Errorf("after all results: %+v", ps)
	}
	// Nothing to probe for a page that is fine or not http.
	for _, u := range []string{"url: https://ok.example/\nstatus: 200\n", "url: data:text/html,x\nstatus: 401\n", "url: ftp://x/\nstatus: 401\n"} {
		c := parseCase(t, "none", u)
		in, phases := c.input(t)
		if len(phases) != 0 || len(Decide(in).Actions) != 0 {
			t.Errorf("%q: phases %v", u, phases)
		}
	}
}

func TestPlainAddress(t *testing.T) {
	for a, want := range map[string]bool{
		"webmaster@example.com": true, "first.last+tag@sub.example.org": true, "a_b@x.io": true,
		"no-at.example.com": false, "two@@example.com": false, "a@b@example.com": false, "a@localhost": false,
		"a b@example.com": false, "a@example.com?subject=x": false, "a@exa_mple.com": false, "ä@example.com": false,
		"a@.example.com": false, "a@example..com": false, ".a@example.com": false, "": false,
		"a@example.com\r\nBcc: x@y.z": false,
	} {
		if got := plainAddress(a); got != want {
			t.Errorf("plainAddress(%q) = %v", a, got)
		}
	}
}
