// Package typo suggests existing URLs for one that failed because of a
// likely typing mistake.
//
// Suggest compares the failed URL with candidate URLs of the same origin
// (the links of a working parent page, the URLs of a sitemap) segment by
// segment, using the Damerau–Levenshtein distance (optimal string
// alignment: insertions, deletions, substitutions and swaps of adjacent
// characters each cost 1). The rules, per path segment (and the query as
// one more segment):
//
//   - Differences of letter case cost 1 for the whole URL ("/Docs" for
//     "/docs", "/DOCS/API" typed with caps lock for "/docs/api"), on top
//     of the other differences.
//   - A different web-page extension of the last segment (.html, .htm,
//     .php, …) or one present in one URL only costs 1 ("/about.html" for
//     "/about", "/faq.htm" for "/faq.html").
//   - A trailing slash present in one URL and not the other costs 1.
//   - Other differing segments cost their edit distance, which must be at
//     most a third of the longer segment's length in characters, so that
//     "/a" never suggests "/b" but "/prices" suggests "/pricse".
//   - When the URLs have different numbers of segments, the whole paths
//     are compared as one string under the same rules ("/docsguide" for
//     "/docs/guide"); a folder left out costs 2 ("/blog/welcome" for
//     "/blog/2024/welcome").
//
// A candidate is suggested when the total is at most MaxDistance (2). The
// failed URL itself (ignoring the fragment) is never suggested.
package typo

import (
	"strings"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/urls/redact"

	"github.com/sesame-help/sesame/internal/lite/stable"
	"github.com/sesame-help/sesame/internal/urls/origin"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Bounds of Suggest.
const (
	// MaxDistance is the largest total distance suggested.
	MaxDistance = 2
	// MaxCandidates is how many candidates Suggest looks at.
	MaxCandidates = 50000
	// MaxURLBytes skips longer candidates.
	MaxURLBytes = 2048
	// MaxSuggestions caps the max argument of Suggest.
	MaxSuggestions = 10
)

// Suggestion is an existing URL close to the failed one.
type Suggestion struct {
	URL      string `json:"url"`
	Distance int    `json:"distance"`
}

// Suggest returns up to max URLs among candidates that are closest to
// failed, nearest first (ties keep the order of candidates). Only absolute
// http(s) candidates of failed's origin (scheme, host, port) count; user-
// info and fragments are removed from the suggestions. It returns an empty,
// non-nil slice when failed is not an http(s) URL or nothing is close.
func Suggest(failed string, candidates []string, max int) []Suggestion {
	out := []Suggestion{}
	f, err := url.Parse(strings.TrimSpace(failed))
	if err != nil || !isHTTP(f) || max <= 0 {
		return out
	}
	max = min(max, MaxSuggestions)
	home := origin.Of(f)
	failedKey := key(f)
	ft := split(f)
	failedLen := len(cutFragment(failed))
	// prefix is the failed URL's scheme and authority as written; most
	// candidates (links found on a page of the same site) start with it
	// and are split without url.Parse.
	prefix := strings.TrimSpace(failed)
	if i := strings.Index(prefix, "://"); i >= 0 {
		if j := strings.IndexAny(prefix[i+3:], "/?#"); j >= 0 {
			prefix = prefix[:i+3+j]
		}
	}
	fastOK := !strings.Contains(prefix, "@")
	seen := map[string]bool{}
	type hit struct {
		Suggestion
		order int
	}
	var hits []hit
	for i, c := range candidates {
		if i >= MaxCandidates {
			break
		}
		if len(c) > MaxURLBytes {
			continue
		}
		c = strings.TrimSpace(c)
		// Cheap rejection before parsing: a candidate much longer or
		// shorter than the failed URL cannot be close (user-info is
		// removed later, so it skips the test).
		raw := cutFragment(c)
		diff := len(raw) - failedLen
		if !strings.Contains(raw, "@") && (diff < -lengthSlack || diff > lengthSlack+maxFolderBytes) {
			continue
		}
		// Much longer candidates can only be the failed URL with a
		// folder more.
		folderOnly := diff > lengthSlack && !strings.Contains(raw, "@")
		var p parts
		var k, clean string
		if rest, ok := strings.CutPrefix(raw, prefix); fastOK && ok && (rest == "" || rest[0] == '/' || rest[0] == '?') && plain(rest) {
			escPath, query, _ := strings.Cut(rest, "?")
			path := escPath
			if strings.Contains(path, "%") {
				var err error
				if path, err = url.PathUnescape(path); err != nil {
					continue
				}
			}
			p = splitPath(path, query)
			k = origKey(home, escPath, query)
			clean = raw
		} else {
			u, err := url.Parse(c)
			if err != nil || !isHTTP(u) || origin.Of(u) != home {
				continue
			}
			p = split(u)
			k = key(u)
			clean = ""
			if k != failedKey && !seen[k] {
				clean = redact.Credentials(u).String()
			}
		}
		if k == failedKey || seen[k] {
			continue
		}
		if folderOnly && !folderLeftOut(ft, p) && !((ft.upper || p.upper) && folderLeftOut(ft.lower(), p.lower())) {
			continue
		}
		seen[k] = true
		d := distance(ft, p)
		if d > MaxDistance {
			continue
		}
		hits = append(hits, hit{Suggestion{clean, d}, i})
	}
	stable.Sort(hits, func(a, b hit) int { return a.Distance - b.Distance })
	for _, h := range hits {
		if len(out) == max {
			break
		}
		out = append(out, h.Suggestion)
	}
	return out
}

// Sure reports whether the first of Suggest's suggestions is a
// near-certain fix: one edit away (distance 1) with no other suggestion as
// close. Measured on real sitemaps (TestAccuracy), such a fix is the
// intended URL in nearly every case.
func Sure(suggestions []Suggestion) bool {
	return len(suggestions) > 0 && suggestions[0].Distance == 1 && (len(suggestions) == 1 || suggestions[1].Distance > 1)
}

// lengthSlack is how much longer or shorter (in bytes, without fragment) a
// candidate may be: two edits of up to four-byte characters, a default port
// written out (":443") and a percent-encoded character (%C3%BC for ü). A
// candidate may be longer by up to maxFolderBytes more: a folder left out.
const (
	lengthSlack    = 2*4 + 4 + 6
	maxFolderBytes = 64
)

func cutFragment(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "#")
	return s
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func isHTTP(u *url.URL) bool {
	s := strings.ToLower(u.Scheme)
	return (s == "http" || s == "https") && u.Host != ""
}

// key identifies a URL for duplicates: origin, path and query.
func key(u *url.URL) string {
	return origKey(origin.Of(u), u.EscapedPath(), u.RawQuery)
}

// origKey builds a key from its parts; an empty path is "/".
func origKey(home, escPath, query string) string {
	if escPath == "" {
		escPath = "/"
	}
	return home + escPath + "?" + query
}

// parts is a URL reduced to what Suggest compares.
type parts struct {
	path  string // decoded path without the trailing slash
	nsegs int    // number of "/" in path
	slash bool   // path ends in "/" (and is not just "/")
	query string
	ext   string // web-page extension of the last segment, lower case ("" when none)
	upper bool   // path or query holds an upper-case letter
}

func split(u *url.URL) parts {
	return splitPath(u.Path, u.RawQuery)
}

func splitPath(p, query string) parts {
	if p == "" {
		p = "/"
	}
	var t parts
	if len(p) > 1 && strings.HasSuffix(p, "/") {
		t.slash = true
		p = strings.TrimSuffix(p, "/")
	}
	t.path = p
	t.nsegs = strings.Count(p, "/")
	t.query = query
	t.ext = pageExt(p)
	t.upper = hasUpper(p) || hasUpper(query)
	return t
}

// pageExts are the extensions of web pages that a link may carry or not
// for the same page.
var pageExts = []string{".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp"}

// pageExt returns the web-page extension of the last segment of path, in
// lower case, or "".
func pageExt(path string) string {
	last := path[strings.LastIndexByte(path, '/')+1:]
	dot := strings.LastIndexByte(last, '.')
	if dot <= 0 {
		return ""
	}
	ext := strings.ToLower(last[dot:])
	for _, e := range pageExts {
		if ext == e {
			return ext
		}
	}
	return ""
}

// stem returns t without its web-page extension.
func (t parts) stem() parts {
	if t.ext != "" {
		t.path = t.path[:len(t.path)-len(t.ext)]
		t.ext = ""
	}
	return t
}

// lower returns t in lower case.
func (t parts) lower() parts {
	t.path, t.query, t.ext = strings.ToLower(t.path), strings.ToLower(t.query), strings.ToLower(t.ext)
	t.upper = false
	return t
}

// hasUpper reports whether s holds a letter that lower case changes.
func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return true
		}
		if s[i] >= utf8.RuneSelf {
			return strings.ToLower(s[i:]) != s[i:]
		}
	}
	return false
}

// plain reports whether rest (path and query of a candidate, fragment cut)
// is written the way url.URL.EscapedPath and RawQuery would give it back:
// in the path only unreserved characters, '%', '/' and the sub-delimiters
// url.Parse keeps as written; in the query no control, space or
// non-ASCII byte. Other candidates take the slow path through url.Parse.
func plain(rest string) bool {
	path, query, _ := strings.Cut(rest, "?")
	for i := 0; i < len(path); i++ {
		c := path[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~%/!$&'()*+,;=:@", c) >= 0:
		default:
			return false
		}
	}
	for i := 0; i < len(query); i++ {
		if c := query[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// distance returns the distance from the failed URL a to the candidate b
// under the package rules, or MaxDistance+1 when it is larger: the
// cheapest of comparing them as written, ignoring letter case (for 1 more)
// and without their web-page extensions (for 1 more).
func distance(a, b parts) int {
	best := rawDistance(a, b, 0)
	if best <= 1 {
		return best
	}
	upper := a.upper || b.upper
	if upper {
		best = min(best, rawDistance(a.lower(), b.lower(), 1))
	}
	if a.ext != b.ext {
		as, bs := a.stem(), b.stem()
		best = min(best, rawDistance(as, bs, 1))
		if upper && best > 2 {
			best = min(best, rawDistance(as.lower(), bs.lower(), 2))
		}
	}
	return best
}

// rawDistance returns base plus the distance from the failed URL a to the
// candidate b compared as written (letter case and extensions included),
// or MaxDistance+1 when that is larger.
func rawDistance(a, b parts, base int) int {
	total := base
	if total > MaxDistance {
		return MaxDistance + 1
	}
	if a.slash != b.slash {
		total++
	}
	if a.nsegs == b.nsegs {
		pa, pb := a.path, b.path
		for pa != "" || pb != "" {
			var sa, sb string
			sa, pa, _ = strings.Cut(pa, "/")
			sb, pb, _ = strings.Cut(pb, "/")
			total += segDistance(sa, sb, MaxDistance-total)
			if total > MaxDistance {
				return MaxDistance + 1
			}
		}
	} else {
		d := segDistance(a.path, b.path, MaxDistance-total)
		if total+folderCost <= MaxDistance && folderLeftOut(a, b) {
			d = min(d, folderCost)
		}
		total += d
	}
	if total <= MaxDistance {
		total += segDistance(a.query, b.query, MaxDistance-total)
	}
	return min(total, MaxDistance+1)
}

// folderCost is the cost of a folder left out of a path.
const folderCost = 2

// folderLeftOut reports whether short is long with one folder (a segment
// other than the last) left out.
func folderLeftOut(short, long parts) bool {
	if long.nsegs != short.nsegs+1 || short.nsegs < 1 {
		return false
	}
	// long is "/" seg1 "/" … "/" last; drop each folder in turn.
	last := strings.LastIndexByte(long.path, '/')
	for i := 0; i < last; {
		j := i + 1 + strings.IndexByte(long.path[i+1:], '/')
		// long.path[i:j] is "/folder"; j <= last.
		if j > i+1 && len(long.path)-(j-i) == len(short.path) && short.path[:i] == long.path[:i] && short.path[i:] == long.path[j:] {
			return true
		}
		i = j
	}
	return false
}

// segDistance returns the cost of turning segment a into b (see the
// package rules), or limit+1 when it is larger than limit.
func segDistance(a, b string, limit int) int {
	if a == b {
		return 0
	}
	if limit < 1 {
		return limit + 1
	}
	if strings.EqualFold(a, b) {
		return 1
	}
	// An edit may cost at most a third of the longer segment.
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	allowed := min(limit, n/3)
	if allowed == 0 {
		return limit + 1
	}
	d := Distance(a, b, allowed)
	// Case changes count once, on top of the edit.
	if d > 1 && (a != strings.ToLower(a) || b != strings.ToLower(b)) {
		if dl := Distance(strings.ToLower(a), strings.ToLower(b), allowed); dl+1 < d {
			d = dl + 1
		}
	}
	if d > allowed {
		return limit + 1
	}
	return d
}

// Distance returns the optimal-string-alignment (restricted
// Damerau–Levenshtein) distance between a and b in runes, or limit+1 when
// it is larger. It only fills the band of width
// 2·limit+1 around the diagonal, so it costs O(len·limit).
func Distance(a, b string, limit int) int {
	if abs(len(a)-len(b)) > utf8.UTFMax*limit {
		return limit + 1
	}
	var bufA, bufB [64]rune
	ra, rb := runes(a, &bufA), runes(b, &bufB)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	n, m := len(ra), len(rb)
	if m-n > limit {
		return limit + 1
	}
	inf := limit + 1
	// Rows of the dynamic-programming table, indexed by j in [0, m].
	var rows [3][65]int
	var prev2, prev, cur []int
	if m < len(rows[0]) {
		prev2, prev, cur = rows[0][:m+1], rows[1][:m+1], rows[2][:m+1]
	} else {
		prev2, prev, cur = make([]int, m+1), make([]int, m+1), make([]int, m+1)
	}
	for j := 0; j <= m; j++ {
		prev[j] = min(j, inf)
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-limit), min(m, i+limit)
		// Cells just outside the band must read as too far.
		cur[lo-1] = inf
		if lo == 1 && i <= limit {
			cur[0] = i
		}
		if hi < m {
			cur[hi+1] = inf
		}
		best := inf
		for j := lo; j <= hi; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			v = min(v, inf)
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return inf
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[m], inf)
}

// runes decodes s into buf when it fits, else into a new slice.
func runes(s string, buf *[64]rune) []rune {
	out := buf[:0]
	for _, r := range s {
		if len(out) == len(buf) {
			return []rune(s)
		}
		out = append(out, r)
	}
	return out
}
