package weburl

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the note column of testdata/whatwg.tsv")

// special are the WHATWG "special" schemes, with their default ports.
var special = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443", "ftp": "21", "file": ""}

// resolveRow parses the row's input alone, or against its base, as the
// core would.
func resolveRow(r row) (*URL, error) {
	if r.base == "" {
		return Parse(r.input)
	}
	b, err := Parse(r.base)
	if err != nil {
		return nil, err
	}
	return b.Parse(r.input)
}

// features names what in a row a browser treats differently from
// net/url, for the notes of rows that no normalisation explains.
func features(r row) string {
	s := r.input
	scheme, rest, _ := splitScheme(s)
	scheme = strings.ToLower(scheme)
	authority := ""
	if a, ok := strings.CutPrefix(rest, "//"); ok && scheme != "" {
		authority = a
		if i := strings.IndexAny(authority, "/?#"); i >= 0 {
			authority = authority[:i]
		}
	}
	host := authority[strings.LastIndexByte(authority, '@')+1:]
	base, _ := Parse(r.base)
	var f []string
	for _, c := range []struct {
		name string
		has  bool
	}{
		{"control bytes", strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f })},
		{"leading or trailing space", s != strings.TrimSpace(s) && strings.TrimSpace(s) != ""},
		{"backslash", strings.Contains(s, `\`)},
		{"non-ASCII", strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 })},
		{"relative reference without a base", scheme == "" && r.base == ""},
		{"base cannot hold a relative path", scheme == "" && base != nil && base.Opaque != ""},
		{"malformed percent escape", malformedEscape(s)},
		{"percent-encoded dot segment", strings.Contains(strings.ToLower(s), "%2e")},
		{"special scheme without //", special[scheme] != "" && (!strings.HasPrefix(rest, "//") || strings.HasPrefix(rest, "///"))},
		{"empty port", strings.HasSuffix(host, ":")},
		{"numeric or IPv6 host", host != "" && strings.Trim(host, "0123456789abcdefABCDEFxX.:[]") == ""},
		{"host characters", strings.ContainsAny(host, "<>^{}|\"`' %*!$&()+,;=") || strings.Count(host, ":") > 1 && host[0] != '['},
		{"user-info characters", strings.ContainsAny(authority[:max(0, strings.LastIndexByte(authority, '@'))], "<>^{}|\"` @[]")},
		{"empty fragment", r.input == "#"},
		{"port above 65535", portAbove(host)},
		{"empty user-info", strings.HasPrefix(authority, "@") || strings.HasPrefix(authority, ":@")},
		{"empty host", scheme != "" && strings.HasPrefix(rest, "//") && host == ""},
		{"file URL host rules", scheme == "file" || base != nil && base.Scheme == "file" && strings.HasPrefix(s, "//")},
		{"reference beginning ///", scheme == "" && strings.HasPrefix(s, "///")},
		{"empty reference keeps the base's fragment", r.input == "" && base != nil && base.Fragment != ""},
		{"bracket in host", host != "" && host[0] != '[' && strings.ContainsAny(host, "[]")},
	} {
		if c.has {
			f = append(f, c.name)
		}
	}
	if len(f) == 0 {
		return "other"
	}
	return strings.Join(f, ", ")
}

func portAbove(host string) bool {
	i := strings.LastIndexByte(host, ':')
	if i < 0 || strings.HasSuffix(host[:i+1], "]:") && strings.Count(host, ":") > 1 && host[0] != '[' {
		return false
	}
	p := host[i+1:]
	return len(p) > 5 || len(p) == 5 && p > "65535"
}

func malformedEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || class[s[i+1]]&hex == 0 || class[s[i+2]]&hex == 0) {
			return true
		}
	}
	return false
}

// lenientDecode decodes every well-formed %XX of s.
func lenientDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && class[s[i+1]]&hex != 0 && class[s[i+2]]&hex != 0 {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// note explains why weburl's result for r differs from the browsers',
// or is "" when they agree. It tries, in order, the normalisations a
// WHATWG parser makes and net/url does not; the note lists those that
// were needed. What none explains is named by the input's features.
func note(r row) string {
	u, err := resolveRow(r)
	switch {
	case err != nil && r.whatwg == "!error":
		return ""
	case err != nil:
		return "weburl refuses (net/url is stricter): " + features(r)
	case r.whatwg == "!error":
		return "browsers refuse (net/url is more lenient): " + features(r)
	case u.String() == r.whatwg:
		return ""
	}
	c := *u
	var steps []string
	try := func(name string, f func(*URL)) bool {
		before := c.String()
		f(&c)
		if c.String() != before {
			steps = append(steps, name)
		}
		return c.String() == r.whatwg
	}
	done := try("host lower-cased", func(c *URL) { c.Host = strings.ToLower(c.Host) }) ||
		try("default port dropped", func(c *URL) {
			if p, ok := special[c.Scheme]; ok && p != "" && c.Port() == p {
				c.Host = strings.TrimSuffix(c.Host, ":"+p)
			}
		}) ||
		try("empty path becomes /", func(c *URL) {
			if _, ok := special[c.Scheme]; ok && c.Opaque == "" && c.Path == "" {
				c.Path = "/"
			}
		}) ||
		try("dot segments removed", func(c *URL) {
			if c.Opaque == "" && strings.HasPrefix(c.EscapedPath(), "/") {
				c.setPath(removeDots("", c.EscapedPath()))
			}
		})
	if !done && strings.HasSuffix(r.input, "#") && c.String()+"#" == r.whatwg {
		steps = append(steps, "empty fragment kept")
		done = true
	}
	if !done && lenientDecode(strings.TrimSuffix(c.String(), "#")) == lenientDecode(strings.TrimSuffix(r.whatwg, "#")) {
		steps = append(steps, "percent-encoding differs")
		done = true
	}
	if done {
		return "browsers normalise: " + strings.Join(steps, "; ")
	}
	return "differs: " + features(r)
}

// TestWHATWG checks the note column of testdata/whatwg.tsv: empty
// exactly where weburl gives the browsers' href (or both refuse), and
// otherwise the documented reason. With -update it rewrites the column.
func TestWHATWG(t *testing.T) {
	rows := readTable(t)
	counts := map[string]int{}
	var out []string
	for _, r := range rows {
		want := note(r)
		kind, _, _ := strings.Cut(want, ":")
		counts[kind]++
		if *update {
			r.note = want
		} else if r.note != want {
			t.Errorf("whatwg.tsv:%d: %q (base %q): note %q, want %q", r.line, r.input, r.base, r.note, want)
		}
		var cols []string
		for _, c := range []string{r.input, r.base, r.whatwg, r.note} {
			b, _ := json.Marshal(c)
			cols = append(cols, string(b))
		}
		out = append(out, strings.Join(cols, "\t"))
	}
	var kinds []string
	for k, n := range counts {
		kinds = append(kinds, k+"="+itoa(n))
	}
	sort.Strings(kinds)
	t.Logf("%d rows: %s", len(rows), strings.Join(kinds, ", "))
	if *update {
		data, err := os.ReadFile("testdata/whatwg.tsv")
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(data), "\n")
		if err := os.WriteFile("testdata/whatwg.tsv", []byte(head+"\n"+strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestWHATWGColumnFresh asks Node's URL again for every row, when node is
// installed: the "whatwg" column must be what it answers.
func TestWHATWGColumnFresh(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	out, err := exec.Command(node, "../../../dev/scripts/whatwg-table.mjs", "--check", "testdata/whatwg.tsv").CombinedOutput()
	if err != nil {
		t.Fatalf("whatwg column is stale (node dev/scripts/whatwg-table.mjs rewrites it):\n%s", out)
	}
}
