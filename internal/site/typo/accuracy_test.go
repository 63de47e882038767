package typo_test

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/site/sitemap"
	"github.com/sesame-help/sesame/internal/site/typo"
)

// The accuracy of Suggest is measured on the real sitemaps in
// testdata/sitemaps (their sources are in testdata/SOURCES.md). From each
// site's URLs the test derives, with a fixed seed:
//
//   - misspelt URLs: one typing mistake of each kind in a URL the sitemap
//     lists; Suggest must give that URL first (top-1);
//   - absent URLs: plausible addresses the sitemap does not list (common
//     page names, and one URL's last segment under another URL's folder);
//     Suggest must suggest nothing.
//
// The floors below are what the test asserts; the figures it prints (go
// test -run TestAccuracy -v) are what it measured.
const (
	// minTop1 is the floor of top-1 over all misspellings.
	minTop1 = 0.90
	// minNone is the floor of "no suggestion" on absent pages.
	minNone = 0.95
	// minSure is the floor of sure fixes (Sure) that are right.
	minSure = 0.98
	// perSite is how many URLs of one site are misspelt in each way.
	perSite = 20
)

// mistakes are the kinds of misspelling, in the order printed.
var mistakes = []string{
	"deletion", "insertion", "substitution", "transposition", "case",
	"htm-html", "missing-slash", "doubled-slash", "missing-segment",
}

// siteMap is one site's sitemap URLs.
type siteMap struct {
	name string
	urls []string
}

func loadSitemaps(t testing.TB) []siteMap {
	files, err := filepath.Glob("testdata/sitemaps/*.xml")
	if err != nil || len(files) < 20 {
		t.Fatalf("want at least 20 sitemaps, have %d (%v)", len(files), err)
	}
	var out []siteMap
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := sitemap.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, siteMap{strings.TrimSuffix(filepath.Base(f), ".xml"), r.URLs})
	}
	return out
}

// misspell applies one mistake of the given kind to the path of u, or
// returns "" when the kind does not apply to it.
func misspell(r *rand.Rand, kind string, u *url.URL) string {
	p := u.EscapedPath()
	if p == "" || p == "/" {
		return ""
	}
	// Positions of characters that belong to a path segment, outside
	// percent-escapes (people type letters, not escapes).
	var pos []int
	for i := 0; i < len(p); i++ {
		if p[i] == '%' {
			i += 2
			continue
		}
		if p[i] != '/' && p[i] < utf8.RuneSelf {
			pos = append(pos, i)
		}
	}
	if len(pos) == 0 {
		return ""
	}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	var q string
	switch kind {
	case "deletion":
		i := pos[r.IntN(len(pos))]
		q = p[:i] + p[i+1:]
	case "insertion":
		i := pos[r.IntN(len(pos))]
		q = p[:i] + string(letters[r.IntN(len(letters))]) + p[i:]
	case "substitution":
		i := pos[r.IntN(len(pos))]
		c := letters[r.IntN(len(letters))]
		for c == p[i] {
			c = letters[r.IntN(len(letters))]
		}
		q = p[:i] + string(c) + p[i+1:]
	case "transposition":
		var pairs []int
		for _, i := range pos {
			if i+1 < len(p) && p[i+1] != '/' && p[i+1] != '%' && p[i+1] != p[i] {
				pairs = append(pairs, i)
			}
		}
		if len(pairs) == 0 {
			return ""
		}
		i := pairs[r.IntN(len(pairs))]
		q = p[:i] + string(p[i+1]) + string(p[i]) + p[i+2:]
	case "case":
		// Capitalise one segment, or the whole path (caps lock).
		segs := strings.Split(p, "/")
		var idx []int
		for i, s := range segs {
			if s != "" && unicode.IsLower(rune(s[0])) {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			return ""
		}
		if r.IntN(4) == 0 {
			q = strings.ToUpper(p)
		} else {
			i := idx[r.IntN(len(idx))]
			segs[i] = strings.ToUpper(segs[i][:1]) + segs[i][1:]
			q = strings.Join(segs, "/")
		}
	case "htm-html":
		switch {
		case strings.HasSuffix(p, ".html"):
			q = strings.TrimSuffix(p, "l")
		case strings.HasSuffix(p, ".htm"):
			q = p + "l"
		case !strings.HasSuffix(p, "/") && !strings.Contains(p[strings.LastIndex(p, "/"):], "."):
			q = p + ".html"
		default:
			return ""
		}
	case "missing-slash":
		// The trailing slash, or one between two segments.
		var slashes []int
		for i := 1; i < len(p); i++ {
			if p[i] == '/' {
				slashes = append(slashes, i)
			}
		}
		if len(slashes) == 0 {
			return ""
		}
		i := slashes[r.IntN(len(slashes))]
		q = p[:i] + p[i+1:]
	case "doubled-slash":
		var slashes []int
		for i := 0; i < len(p); i++ {
			if p[i] == '/' {
				slashes = append(slashes, i)
			}
		}
		i := slashes[r.IntN(len(slashes))]
		q = p[:i] + "/" + p[i:]
	case "missing-segment":
		// Leave out one folder (not the last segment).
		segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
		if strings.HasSuffix(p, "/") {
			segs = segs[:len(segs)-1]
		}
		if len(segs) < 2 {
			return ""
		}
		i := r.IntN(len(segs) - 1)
		rest := append(append([]string{}, segs[:i]...), segs[i+1:]...)
		q = "/" + strings.Join(rest, "/")
		if strings.HasSuffix(p, "/") {
			q += "/"
		}
	}
	if q == p || q == "" {
		return ""
	}
	v := *u
	v.RawPath, v.Path = "", ""
	s := v.String()
	return strings.TrimSuffix(s, "/") + q
}

// commonPages are page names many sites have, for absent pages.
var commonPages = []string{
	"pricing", "careers", "jobs", "press", "newsroom", "partners", "investors",
	"team", "our-story", "testimonials", "gallery", "downloads", "events",
	"webinars", "support", "help-center", "status", "security", "legal",
	"terms-of-service", "cookie-policy", "accessibility", "sitemap.html",
	"shop", "cart", "checkout", "wishlist", "dashboard", "settings",
	"profile", "members", "forum", "community", "donate", "volunteer",
	"newsletter", "subscribe", "resources", "case-studies", "whitepapers",
	"roadmap", "changelog", "api", "developers", "integrations", "affiliates",
	"locations", "store-locator", "returns", "shipping", "warranty",
}

// absent returns plausible URLs of the site that its sitemap does not
// list, at most n.
func absent(r *rand.Rand, urls []string, have map[string]bool, n int) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		k := strings.TrimSuffix(s, "/")
		if len(out) < n && !have[k] && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	parsed := make([]*url.URL, 0, len(urls))
	for _, s := range urls {
		if u, err := url.Parse(s); err == nil {
			parsed = append(parsed, u)
		}
	}
	if len(parsed) == 0 {
		return nil
	}
	base := parsed[0]
	root := base.Scheme + "://" + base.Host
	for tries := 0; len(out) < n && tries < 20*n; tries++ {
		a := parsed[r.IntN(len(parsed))]
		dir := strings.TrimSuffix(a.EscapedPath(), "/")
		if i := strings.LastIndex(dir, "/"); i >= 0 {
			dir = dir[:i]
		}
		if tries%2 == 0 {
			// A common page, at the root or in a folder of the site.
			page := commonPages[r.IntN(len(commonPages))]
			if r.IntN(2) == 0 {
				dir = ""
			}
			add(root + dir + "/" + page)
			continue
		}
		// One URL's last segment in another URL's folder (not a folder
		// above it: that is the URL with a folder left out, a
		// misspelling).
		b := parsed[r.IntN(len(parsed))]
		last := strings.TrimSuffix(b.EscapedPath(), "/")
		if dir == "" || strings.HasPrefix(last, dir+"/") {
			continue
		}
		last = last[strings.LastIndex(last, "/")+1:]
		if last == "" {
			continue
		}
		add(root + dir + "/" + last)
	}
	return out
}

// accuracy is what one run measured.
type accuracy struct {
	top1, total map[string]int // by kind of mistake
	none, nAbs  int
	sure        int      // misspellings whose first suggestion is sure (Sure)
	sureRight   int      // … and right
	sureAbsent  int      // absent pages with a sure suggestion
	wrong       []string // examples of failures
}

func measure(t testing.TB, sites []siteMap) accuracy {
	a := accuracy{top1: map[string]int{}, total: map[string]int{}}
	for si, s := range sites {
		r := rand.New(rand.NewPCG(uint64(si)+1, 10))
		have := map[string]bool{}
		for _, u := range s.urls {
			have[strings.TrimSuffix(u, "/")] = true
		}
		// The sitemap's URLs in a shuffled order, the same each run.
		order := r.Perm(len(s.urls))
		for _, kind := range mistakes {
			n := 0
			for _, i := range order {
				if n == perSite {
					break
				}
				target := s.urls[i]
				u, err := url.Parse(target)
				if err != nil {
					continue
				}
				bad := misspell(r, kind, u)
				if bad == "" || have[strings.TrimSuffix(bad, "/")] {
					continue
				}
				n++
				a.total[kind]++
				got := typo.Suggest(bad, s.urls, 3)
				if typo.Sure(got) {
					a.sure++
					if got[0].URL == target {
						a.sureRight++
					}
				}
				if len(got) > 0 && got[0].URL == target {
					a.top1[kind]++
				} else if len(a.wrong) < 400 {
					first := "none"
					if len(got) > 0 {
						first = fmt.Sprintf("%s (%d)", got[0].URL, got[0].Distance)
					}
					a.wrong = append(a.wrong, fmt.Sprintf("%s %s: %s → %s, want %s", s.name, kind, bad, first, target))
				}
			}
		}
		for _, u := range absent(r, s.urls, have, 2*perSite) {
			a.nAbs++
			got := typo.Suggest(u, s.urls, 3)
			if typo.Sure(got) {
				a.sureAbsent++
			}
			if len(got) == 0 {
				a.none++
			} else if len(a.wrong) < 400 {
				a.wrong = append(a.wrong, fmt.Sprintf("%s absent: %s → %s (%d)", s.name, u, got[0].URL, got[0].Distance))
			}
		}
	}
	return a
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// TestAccuracy asserts the floors of top-1 on misspellings and of "no
// suggestion" on absent pages; with -v it prints the figures per kind.
func TestAccuracy(t *testing.T) {
	sites := loadSitemaps(t)
	a := measure(t, sites)
	top1, total := 0, 0
	for _, k := range mistakes {
		top1 += a.top1[k]
		total += a.total[k]
	}
	if testing.Verbose() {
		nurls := 0
		for _, s := range sites {
			nurls += len(s.urls)
		}
		fmt.Printf("typo suggestions on %d real sitemaps (%d URLs)\n", len(sites), nurls)
		fmt.Printf("  %-16s %5s %6s\n", "misspelling", "cases", "top-1")
		for _, k := range mistakes {
			fmt.Printf("  %-16s %5d %5.1f%%\n", k, a.total[k], 100*ratio(a.top1[k], a.total[k]))
		}
		fmt.Printf("  %-16s %5d %5.1f%%  (floor %.0f%%)\n", "all", total, 100*ratio(top1, total), 100*minTop1)
		fmt.Printf("  %-16s %5d %5.1f%% no suggestion  (floor %.0f%%)\n", "absent pages", a.nAbs, 100*ratio(a.none, a.nAbs), 100*minNone)
		fmt.Printf("  sure fixes (lead the plan): %.1f%% of misspellings, right in %.1f%% of them; on %.1f%% of absent pages\n",
			100*ratio(a.sure, total), 100*ratio(a.sureRight, a.sure), 100*ratio(a.sureAbsent, a.nAbs))
		if os.Getenv("TYPO_FAILURES") != "" {
			sort.Strings(a.wrong)
			for _, w := range a.wrong {
				fmt.Println("   ", w)
			}
		}
	}
	if total < 1000 || a.nAbs < 400 {
		t.Errorf("too few cases: %d misspellings, %d absent pages", total, a.nAbs)
	}
	if got := ratio(top1, total); got < minTop1 {
		t.Errorf("top-1 on misspellings %.1f%%, floor %.0f%%", 100*got, 100*minTop1)
	}
	if got := ratio(a.sureRight, a.sure); got < minSure {
		t.Errorf("sure fixes right in %.1f%%, floor %.0f%%", 100*got, 100*minSure)
	}
	if got := ratio(a.none, a.nAbs); got < minNone {
		t.Errorf("no suggestion on absent pages %.1f%%, floor %.0f%%", 100*got, 100*minNone)
	}
}
