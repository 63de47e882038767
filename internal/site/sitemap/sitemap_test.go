package sitemap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseFiles(t *testing.T) {
	tests := []struct {
		file     string
		err      error
		urls     []string
		sitemaps []string
	}{
		{file: "urlset.xml", urls: []string{
			"https://www.example.com/",
			"https://www.example.com/docs/installation.html",
			"https://www.example.com/search?q=a&page=2",
			"https://www.example.com/cdata?x=1&y=2",
			"https://www.example.com/caf%C3%A9",
			"https://www.example.com/private",
			"https://other.example.net/partner",
		}},
		{file: "sitemapindex.xml", sitemaps: []string{
			"https://www.example.com/sitemap-posts.xml",
			"https://www.example.com/sitemap-pages.xml.gz",
			"https://www.example.com/sitemapindex.xml",
		}},
		{file: "prefixed.xml", urls: []string{"https://prefixed.example/a"}},
		{file: "text.txt", urls: []string{"https://www.example.com/", "https://www.example.com/about", "https://www.example.com/contact"}},
		// Entities are never expanded: the bomb's and the external
		// entity's references are dropped.
		{file: "bomb.xml", urls: []string{"https://bomb.example/", "https://bomb.example/ok"}},
		{file: "rss.xml", err: ErrNotXML},
		{file: "not-found.html", err: ErrNotXML},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Parse(data)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if tc.urls == nil {
				tc.urls = []string{}
			}
			if tc.sitemaps == nil {
				tc.sitemaps = []string{}
			}
			if fmt.Sprint(r.URLs) != fmt.Sprint(tc.urls) {
				t.Errorf("urls\n got %q\nwant %q", r.URLs, tc.urls)
			}
			if fmt.Sprint(r.Sitemaps) != fmt.Sprint(tc.sitemaps) {
				t.Errorf("sitemaps\n got %q\nwant %q", r.Sitemaps, tc.sitemaps)
			}
			if r.Truncated {
				t.Error("truncated")
			}
		})
	}
}

func TestParseInputs(t *testing.T) {
	tests := []struct {
		name, in  string
		err       error
		n         int
		truncated bool
	}{
		{"empty", "", ErrNoURLs, 0, false},
		{"gzip", "\x1f\x8b\x08\x00", ErrGzip, 0, false},
		{"binary", "https://a.example/\x00", ErrBadInput, 0, false},
		{"empty urlset", `<urlset></urlset>`, ErrNoURLs, 0, false},
		{"unclosed loc", `<urlset><url><loc>https://a.example/`, ErrNoURLs, 0, false},
		{"unclosed comment", `<urlset><url><loc>https://a.example/</loc></url><!-- x`, nil, 1, false},
		{"closing root first", `</urlset>`, ErrNotXML, 0, false},
		{"loc outside url", `<urlset><loc>https://a.example/</loc></urlset>`, ErrNoURLs, 0, false},
		{"deep nesting", `<urlset>` + strings.Repeat("<x>", 100000) + `<url><loc>https://a.example/</loc></url></urlset>`, nil, 1, false},
		{"too many urls", func() string {
			var b strings.Builder
			b.WriteString("<urlset>")
			for i := 0; i < MaxURLs+10; i++ {
				fmt.Fprintf(&b, "<url><loc>https://a.example/%d</loc></url>", i)
			}
			return b.String() + "</urlset>"
		}(), nil, MaxURLs, true},
		{"too many text urls", strings.Repeat("https://a.example/x\n", 10) + func() string {
			var b strings.Builder
			for i := 0; i < MaxURLs+10; i++ {
				fmt.Fprintf(&b, "https://a.example/%d\n", i)
			}
			return b.String()
		}(), nil, MaxURLs, true},
		{"too large", "https://a.example/first\n" + strings.Repeat(" ", MaxBytes) + "https://a.example/after\n", nil, 1, true},
		{"long url", "https://a.example/" + strings.Repeat("a", MaxURLBytes) + "\nhttps://a.example/b", nil, 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse([]byte(tc.in))
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if len(r.URLs) != tc.n || r.Truncated != tc.truncated {
				t.Errorf("%d urls, truncated %v; want %d, %v", len(r.URLs), r.Truncated, tc.n, tc.truncated)
			}
			b, _ := json.Marshal(r)
			if bytes.Contains(b, []byte("null")) {
				t.Errorf("null in %s", b)
			}
		})
	}
}

func TestSameOrigin(t *testing.T) {
	urls := []string{"https://www.example.com/a", "https://WWW.example.com:443/b", "http://www.example.com/c",
		"https://www.example.com:8443/d", "https://other.example/e", "not a url"}
	got := SameOrigin("https://www.example.com/some/page", urls)
	want := []string{"https://www.example.com/a", "https://WWW.example.com:443/b"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SameOrigin = %q, want %q", got, want)
	}
	if got := SameOrigin("::", urls); got == nil || len(got) != 0 {
		t.Errorf("bad origin: %q", got)
	}
}

func ExampleParse() {
	r, err := Parse([]byte(`<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.com/sitemap-1.xml</loc></sitemap>
</sitemapindex>`))
	fmt.Println(r.Sitemaps, r.URLs, err)
	// Output: [https://example.com/sitemap-1.xml] [] <nil>
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if r.URLs == nil || r.Sitemaps == nil {
			t.Fatal("nil slice")
		}
		if err != nil {
			return
		}
		if len(r.URLs) > MaxURLs || len(r.Sitemaps) > MaxSitemaps {
			t.Fatal("unbounded")
		}
		for _, u := range append(r.URLs, r.Sitemaps...) {
			if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
				t.Fatalf("bad URL %q", u)
			}
		}
	})
}
