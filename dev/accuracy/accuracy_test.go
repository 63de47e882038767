package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// floor holds the figures measured after the discovery fixes of issue 10
// (the corpus's first figures were 85/88/56/89 % top-1), rounded down (top-1, top-3) or up (pages without one offered
// a link), in percent. A change to discovery or to the plan that lowers
// accuracy on the real pages fails TestAccuracyFloor; when a change raises
// it, raise the floor with it.
var floor = [numKinds]struct{ top1, topN, falsePos float64 }{
	SignIn:   {top1: 95, topN: 96, falsePos: 2},
	Register: {top1: 94, topN: 95, falsePos: 5},
	Reset:    {top1: 93, topN: 93, falsePos: 1},
	Contact:  {top1: 93, topN: 95, falsePos: 8},
}

func testDir(t *testing.T) string {
	t.Helper()
	return filepath.Join("..", "..", filepath.FromSlash(corpusDir))
}

func TestAccuracyFloor(t *testing.T) {
	dir := testDir(t)
	pages, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Measure(dir, pages)
	if err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		var b strings.Builder
		r.WriteTable(&b)
		t.Log("\n" + b.String())
	}
	for k := Kind(0); k < numKinds; k++ {
		f, min := r.All[k], floor[k]
		if p := f.Top1.Percent(); p < min.top1 {
			t.Errorf("%s top-1 = %s, below the floor of %.0f%%", k, f.Top1, min.top1)
		}
		if p := f.TopN.Percent(); p < min.topN {
			t.Errorf("%s top-%d = %s, below the floor of %.0f%%", k, Topn, f.TopN, min.topN)
		}
		if p := f.FalsePos.Percent(); p > min.falsePos {
			t.Errorf("%s offered on %s of the pages without one, above the ceiling of %.0f%%", k, f.FalsePos, min.falsePos)
		}
	}
}

// TestCorpus checks what the issue asks of the corpus: at least 150
// pages from 100 sites in 10 languages, every page readable, every label
// well formed (Load checks the columns and URLs).
func TestCorpus(t *testing.T) {
	dir := testDir(t)
	pages, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	sites, langs := map[string]bool{}, map[string]bool{}
	files := map[string]bool{}
	for i := range pages {
		p := &pages[i]
		sites[p.Site()] = true
		langs[p.Lang] = true
		files[p.File] = true
		body, err := p.Body(dir)
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.Contains(strings.ToLower(body), "<") {
			t.Errorf("%s: no HTML", p.File)
		}
	}
	if len(pages) < 150 || len(sites) < 100 || len(langs) < 10 {
		t.Errorf("corpus has %d pages, %d sites, %d languages; want at least 150, 100, 10", len(pages), len(sites), len(langs))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".html.gz") && !files[e.Name()] {
			t.Errorf("%s has no label", e.Name())
		}
	}
}

// parseCases are label files, good and bad; they also seed FuzzParseLabels.
var parseCases = []struct {
	name, in string
	ok       bool
}{
	{"good", "001\t001-a.html.gz\thttps://a.example/\t200\ten\thome\thttps://a.example/login https://a.example/signin\tnone\tnone\tmailto:x@a.example\n", true},
	{"comment", "# id\tfile\n\n", true},
	{"none among URLs", "001\t001-a.html.gz\thttps://a.example/\t200\ten\thome\thttps://a.example/login none\tnone\tnone\tnone\n", false},
	{"columns", "001\t001-a.html.gz\thttps://a.example/\t200\ten\thome\tnone\tnone\tnone\n", false},
	{"repeated id", "001\t001-a.html.gz\thttps://a.example/\t200\ten\thome\tnone\tnone\tnone\tnone\n001\t001-b.html.gz\thttps://b.example/\t200\ten\thome\tnone\tnone\tnone\tnone\n", false},
	{"path in file", "001\t../a.html.gz\thttps://a.example/\t200\ten\thome\tnone\tnone\tnone\tnone\n", false},
	{"relative page URL", "001\t001-a.html.gz\t/a\t200\ten\thome\tnone\tnone\tnone\tnone\n", false},
	{"bad status", "001\t001-a.html.gz\thttps://a.example/\t2000\ten\thome\tnone\tnone\tnone\tnone\n", false},
	{"relative label", "001\t001-a.html.gz\thttps://a.example/\t200\ten\thome\t/login\tnone\tnone\tnone\n", false},
	{"empty label", "001\t001-a.html.gz\thttps://a.example/\t200\ten\thome\t \tnone\tnone\tnone\n", false},
	{"no language", "001\t001-a.html.gz\thttps://a.example/\t200\t\thome\tnone\tnone\tnone\tnone\n", false},
}

func TestParseLabels(t *testing.T) {
	for _, tc := range parseCases {
		_, err := parseLabels(strings.NewReader(tc.in))
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		want []string
		got  string
		ok   bool
	}{
		{[]string{"https://a.example/login"}, "https://a.example/login", true},
		{[]string{"https://a.example/login"}, "https://A.example:443/login#top", true},
		{[]string{"https://a.example"}, "https://a.example/", true},
		{[]string{"https://a.example/login"}, "https://a.example/login/", false},
		{[]string{"https://a.example/login"}, "http://a.example/login", false},
		{[]string{"https://a.example/x", "https://a.example/login"}, "https://a.example/login", true},
		{[]string{"https://a.example/log-in?redirect_to=*"}, "https://a.example/log-in?redirect_to=https%3A%2F%2Fb", true},
		{[]string{"https://a.example/log-in?redirect_to=*"}, "https://a.example/log-in", false},
		{[]string{"mailto:Info@a.example"}, "mailto:info@a.example", true},
		{[]string{"https://a.example/login"}, "", false},
	} {
		if got := Match(tc.want, tc.got); got != tc.ok {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.want, tc.got, got, tc.ok)
		}
	}
}

// FuzzParseLabels checks that any label file either fails with an error or
// gives pages whose every label is well formed.
func FuzzParseLabels(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		pages, err := parseLabels(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, p := range pages {
			if p.ID == "" || p.Lang == "" || p.Kind == "" || !strings.HasSuffix(p.File, ".html.gz") || strings.ContainsAny(p.File, `/\\`) {
				t.Fatalf("accepted a bad page %+v", p)
			}
			for k := Kind(0); k < numKinds; k++ {
				for _, w := range p.Want[k] {
					if w == "" || w == "none" {
						t.Fatalf("accepted an empty %s label in %+v", k, p)
					}
				}
			}
		}
	})
}
