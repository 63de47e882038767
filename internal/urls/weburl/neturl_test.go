package weburl

import (
	"encoding/json"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// row is one line of testdata/whatwg.tsv.
type row struct {
	input, base, whatwg, note string
	line                      int
}

func readTable(t testing.TB) []row {
	t.Helper()
	data, err := os.ReadFile("testdata/whatwg.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var rows []row
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("whatwg.tsv:%d: %d columns, want 4", i+1, len(cols))
		}
		var s [4]string
		for j, c := range cols {
			if err := json.Unmarshal([]byte(c), &s[j]); err != nil {
				t.Fatalf("whatwg.tsv:%d column %d: %v", i+1, j+1, err)
			}
		}
		rows = append(rows, row{s[0], s[1], s[2], s[3], i + 1})
	}
	if len(rows) < 300 {
		t.Fatalf("whatwg.tsv has %d rows, want hundreds", len(rows))
	}
	return rows
}

// dumpNet and dumpOurs print every observable part of a URL the same
// way for net/url and for weburl.
func dumpNet(u *url.URL) string {
	pw, hasPW := u.User.Password()
	return strings.Join([]string{
		"scheme=" + u.Scheme, "opaque=" + u.Opaque, "user=" + strconv.FormatBool(u.User != nil),
		"username=" + u.User.Username(), "password=" + pw, "pwset=" + strconv.FormatBool(hasPW),
		"userstring=" + u.User.String(), "host=" + u.Host, "path=" + u.Path, "rawpath=" + u.RawPath,
		"query=" + u.RawQuery, "force=" + strconv.FormatBool(u.ForceQuery), "frag=" + u.Fragment,
		"rawfrag=" + u.RawFragment, "omit=" + strconv.FormatBool(u.OmitHost), "string=" + u.String(),
		"redacted=" + u.Redacted(), "epath=" + u.EscapedPath(), "efrag=" + u.EscapedFragment(),
		"hostname=" + u.Hostname(), "port=" + u.Port(), "abs=" + strconv.FormatBool(u.IsAbs()),
		"requri=" + u.RequestURI(), "qenc=" + u.Query().Encode(),
	}, "\n")
}

func dumpOurs(u *URL) string {
	pw, hasPW := u.User.Password()
	return strings.Join([]string{
		"scheme=" + u.Scheme, "opaque=" + u.Opaque, "user=" + strconv.FormatBool(u.User != nil),
		"username=" + u.User.Username(), "password=" + pw, "pwset=" + strconv.FormatBool(hasPW),
		"userstring=" + u.User.String(), "host=" + u.Host, "path=" + u.Path, "rawpath=" + u.RawPath,
		"query=" + u.RawQuery, "force=" + strconv.FormatBool(u.ForceQuery), "frag=" + u.Fragment,
		"rawfrag=" + u.RawFragment, "omit=" + strconv.FormatBool(u.OmitHost), "string=" + u.String(),
		"redacted=" + u.Redacted(), "epath=" + u.EscapedPath(), "efrag=" + u.EscapedFragment(),
		"hostname=" + u.Hostname(), "port=" + u.Port(), "abs=" + strconv.FormatBool(u.IsAbs()),
		"requri=" + u.RequestURI(), "qenc=" + u.Query().Encode(),
	}, "\n")
}

// sameError compares two errors' texts, allowing the one documented
// difference: the explanation of a malformed IPv6 literal.
func sameError(ours, theirs error) bool {
	if ours == nil || theirs == nil {
		return ours == nil && theirs == nil
	}
	o, n := ours.Error(), theirs.Error()
	if i := strings.Index(n, "invalid host: "); i >= 0 {
		return strings.HasPrefix(o, n[:i]) && strings.Contains(o[i:], "invalid host: bad IPv6 literal")
	}
	return o == n
}

// resolveBases are the bases every input is also resolved against.
var resolveBases = []string{"http://a/b/c/d;p?q", "https://u:p@Example.com:8443/dir/x%2Fy/?k=v#f", "mailto:a@b", "/rel/only", ""}

// compareWithNetURL fails t wherever weburl and net/url disagree about s
// (parsed alone, resolved against base and against resolveBases, and
// given to the escaping and query functions).
func compareWithNetURL(t *testing.T, s, base string) {
	t.Helper()
	ours, oursErr := Parse(s)
	theirs, theirsErr := url.Parse(s)
	if !sameError(oursErr, theirsErr) {
		t.Fatalf("Parse(%q): error %v, net/url %v", s, oursErr, theirsErr)
	}
	if oursErr == nil {
		if o, n := dumpOurs(ours), dumpNet(theirs); o != n {
			t.Fatalf("Parse(%q):\n%s\nnet/url:\n%s", s, o, n)
		}
	}
	ro, roErr := ParseRequestURI(s)
	rn, rnErr := url.ParseRequestURI(s)
	if !sameError(roErr, rnErr) {
		t.Fatalf("ParseRequestURI(%q): error %v, net/url %v", s, roErr, rnErr)
	}
	if roErr == nil && dumpOurs(ro) != dumpNet(rn) {
		t.Fatalf("ParseRequestURI(%q):\n%s\nnet/url:\n%s", s, dumpOurs(ro), dumpNet(rn))
	}
	for _, b := range append([]string{base}, resolveBases...) {
		bo, err1 := Parse(b)
		bn, err2 := url.Parse(b)
		if err1 != nil || err2 != nil {
			if !sameError(err1, err2) {
				t.Fatalf("Parse(%q) as a base: error %v, net/url %v", b, err1, err2)
			}
			continue
		}
		o, oErr := bo.Parse(s)
		n, nErr := bn.Parse(s)
		if !sameError(oErr, nErr) {
			t.Fatalf("base %q .Parse(%q): error %v, net/url %v", b, s, oErr, nErr)
		}
		if oErr == nil && dumpOurs(o) != dumpNet(n) {
			t.Fatalf("base %q .Parse(%q):\n%s\nnet/url:\n%s", b, s, dumpOurs(o), dumpNet(n))
		}
	}
	if o, n := QueryEscape(s), url.QueryEscape(s); o != n {
		t.Fatalf("QueryEscape(%q) = %q, net/url %q", s, o, n)
	}
	if o, n := PathEscape(s), url.PathEscape(s); o != n {
		t.Fatalf("PathEscape(%q) = %q, net/url %q", s, o, n)
	}
	if o, oErr := QueryUnescape(s); true {
		n, nErr := url.QueryUnescape(s)
		if o != n || !sameError(oErr, nErr) {
			t.Fatalf("QueryUnescape(%q) = %q, %v; net/url %q, %v", s, o, oErr, n, nErr)
		}
	}
	if o, oErr := PathUnescape(s); true {
		n, nErr := url.PathUnescape(s)
		if o != n || !sameError(oErr, nErr) {
			t.Fatalf("PathUnescape(%q) = %q, %v; net/url %q, %v", s, o, oErr, n, nErr)
		}
	}
	qo, qoErr := ParseQuery(s)
	qn, qnErr := url.ParseQuery(s)
	if !sameError(qoErr, qnErr) || Values(qn).Encode() != qo.Encode() || len(qo) != len(qn) {
		t.Fatalf("ParseQuery(%q) = %v, %v; net/url %v, %v", s, qo, qoErr, qn, qnErr)
	}
	for _, h := range []string{s, strings.Trim(s, "[]")} {
		_, err := netip.ParseAddr(h)
		if IsIP(h) != (err == nil) {
			t.Fatalf("IsIP(%q) = %v, netip.ParseAddr error %v", h, IsIP(h), err)
		}
	}
}

// TestNetURL runs every input of testdata/whatwg.tsv, and a list of
// hand-picked edge cases, through weburl and net/url.
func TestNetURL(t *testing.T) {
	for _, r := range readTable(t) {
		compareWithNetURL(t, r.input, r.base)
	}
	for _, s := range netEdgeCases {
		compareWithNetURL(t, s, "")
	}
}

// netEdgeCases reach corners of net/url the browser table does not.
var netEdgeCases = []string{
	"http://[fe80::1%25%65n0]/", "http://[fe80::1%25en%200]/", "http://[fe80::1%25en%2F0]/", "http://[fe80::1%25%C3%A4]/",
	"http://ho%C3%A4st/", "http://ho%41st/", "http://[::1]:/", "http://[::1]]/", "http://[[::1]/", "foo://a:b:c/", "foo://[::1]:2:3/",
	"http://a%25b/", "http://%25/", "http://x/%2A", "http://x/a%2Fb%2f", "http://x/*", "*", "http://x/#%2A", "http://x/#a%20b",
	"a=1&b=2&&c", "a=%zz&b;c", "a;b&c=%zz", "=x", "x=", "a+b=c+d", "%", "%2", "%g0", "%0g", "+", "a%2Bb",
	"http://u%3Ap:w%40@h/", "http://u:p%zz@h/", "http://%@h/", "http://u;v@h/", "http://u/v@h/", "1.2.3.4", "01.2.3.4", "1.2.3", "::", "::%", "::%x",
	"1::", "1:", ":1", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::ffff:1.2.3.4%x", "1:2:3:4:5:6:7:1.2.3.4",
	"%25x", "fe80::1%", "0.0.0.0", "255.255.255.255", "1.2.3.-1", "1.2..3", ".1.2.3", "1.2.3.4.", "::1.2.3", "00::", "12345::",
	"?", "&&&", strings.Repeat("&", 10001), strings.Repeat("a&", 9999) + "a", strings.Repeat("a&", 10000) + "a",
}

// FuzzNetURL compares weburl with net/url on arbitrary input (parsed,
// resolved against base and the fixed bases, escaped, as a query).
func FuzzNetURL(f *testing.F) {
	for _, r := range readTable(f) {
		f.Add(r.input, r.base)
	}
	for _, s := range netEdgeCases {
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, s, base string) {
		compareWithNetURL(t, s, base)
	})
}

// TestClassTable checks the static escaping table against net/url's
// escaping of each byte in each component.
func TestClassTable(t *testing.T) {
	for c := 0; c < 256; c++ {
		s := string([]byte{byte(c)})
		got := []string{escape(s, mPath), escape(s, mSegment), escape(s, mQuery), escape(s, mFragment), escape(s, mUserinfo), escape(s, mHost)}
		want := []string{(&url.URL{Path: s}).EscapedPath(), url.PathEscape(s), url.QueryEscape(s), (&url.URL{Fragment: s}).EscapedFragment(),
			url.User(s).String(), strings.TrimPrefix((&url.URL{Host: s}).String(), "//")}
		if s == "*" {
			want[0] = "%2A" // net/url special-cases a Path of exactly "*"
			got[0] = escape(s, mPath)
		}
		if !slices.Equal(got, want) {
			t.Errorf("byte %#x: escaped %q, net/url %q", c, got, want)
		}
		isHex := strings.IndexByte("0123456789abcdefABCDEF", byte(c)) >= 0
		if (class[c]&hex != 0) != isHex {
			t.Errorf("byte %#x: hex bit %v", c, !isHex)
		}
	}
}
