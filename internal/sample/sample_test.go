package sample

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// format writes r back in the form Parse reads.
func format(r *Response) string {
	var b strings.Builder
	for _, c := range r.Comments {
		b.WriteString("#" + c + "\n")
	}
	if r.Method != "" {
		b.WriteString(r.Method + " " + r.URL + "\n")
	}
	if r.Proto != "" {
		b.WriteString(r.Proto + " " + fmt.Sprintf("%03d", r.Status))
		if r.Reason != "" {
			b.WriteString(" " + r.Reason)
		}
		b.WriteString("\n")
	}
	for _, f := range r.Header {
		b.WriteString(f.Name + ": " + f.Value + "\n")
	}
	if r.Body != "" {
		b.WriteString("\n" + r.Body)
	}
	return b.String()
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     *Response // nil: an error containing err
		err      string
	}{
		// The forms of the module's fixtures.
		{
			name: "block sample",
			in:   "# Cloudflare WAF block\n# want vendor=cloudflare kind=waf reference=8a1b\nGET https://example.com/admin/\nHTTP/2 403\nServer: cloudflare\nCF-RAY: 8a1b-AMS\n\n<html>blocked</html>\n",
			want: &Response{
				Comments: []string{" Cloudflare WAF block", " want vendor=cloudflare kind=waf reference=8a1b"},
				Method:   "GET", URL: "https://example.com/admin/", Proto: "HTTP/2", Status: 403,
				Header: []Field{{"Server", "cloudflare"}, {"CF-RAY", "8a1b-AMS"}},
				Body:   "<html>blocked</html>\n",
			},
		},
		{
			name: "diagnose sample",
			in:   "# advice auth_basic\n# actions login reload\nPOST https://intranet.example.com/login\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"Intranet\"\nContent-Length: 0\n",
			want: &Response{
				Comments: []string{" advice auth_basic", " actions login reload"},
				Method:   "POST", URL: "https://intranet.example.com/login", Proto: "HTTP/1.1", Status: 401, Reason: "Unauthorized",
				Header: []Field{{"WWW-Authenticate", "Basic realm=\"Intranet\""}, {"Content-Length", "0"}},
			},
		},
		{
			name: "challenge header values",
			in:   "# RFC 7616\nWWW-Authenticate: Digest\n    realm=\"http-auth@example.org\",\n\tqop=\"auth\"\nWWW-Authenticate:\n",
			want: &Response{
				Comments: []string{" RFC 7616"},
				Header:   []Field{{"WWW-Authenticate", "Digest realm=\"http-auth@example.org\", qop=\"auth\""}, {"WWW-Authenticate", ""}},
			},
		},
		// Details.
		{name: "empty", in: "", want: &Response{}},
		{name: "comments only", in: "#a\n# b", want: &Response{Comments: []string{"a", " b"}}},
		{name: "body only", in: "\n<p>x</p>\n\nmore", want: &Response{Body: "<p>x</p>\n\nmore"}},
		{name: "CRLF head, body as written", in: "GET /x\r\nHTTP/1.0 200 OK\r\nA: b\r\n\r\nline\r\n", want: &Response{
			Method: "GET", URL: "/x", Proto: "HTTP/1.0", Status: 200, Reason: "OK", Header: []Field{{"A", "b"}}, Body: "line\r\n",
		}},
		{name: "status line without request line", in: "HTTP/1.1 503 Service Unavailable\nRetry-After: 120\n", want: &Response{
			Proto: "HTTP/1.1", Status: 503, Reason: "Service Unavailable", Header: []Field{{"Retry-After", "120"}},
		}},
		{name: "reason with spaces", in: "HTTP/1.1 407 Proxy Authentication Required\n", want: &Response{
			Proto: "HTTP/1.1", Status: 407, Reason: "Proxy Authentication Required",
		}},
		{name: "request target kept whole", in: "GET https://e.com/a b HTTP/1.1\n", want: &Response{Method: "GET", URL: "https://e.com/a b HTTP/1.1"}},
		{name: "value white space trimmed, name as written", in: "X-A :  v \nx-b:v\n", want: &Response{Header: []Field{{"X-A ", "v"}, {"x-b", "v"}}}},
		{name: "empty continuation adds nothing", in: "A: b\n \t\n", want: &Response{Header: []Field{{"A", "b"}}}},
		{name: "colon in value", in: "Location: https://e.com:8443/x\n", want: &Response{Header: []Field{{"Location", "https://e.com:8443/x"}}}},
		{name: "comment after the head is a header", in: "GET /\n#x: y\n", want: &Response{Method: "GET", URL: "/", Header: []Field{{"#x", "y"}}}},
		{name: "header that is not a method", in: "DNT: 1\n", want: &Response{Header: []Field{{"DNT", "1"}}}},
		// Errors.
		{name: "header without colon", in: "GET /\nHTTP/1.1 200\nnot a header\n", err: `sample: line 3: bad header line "not a header"`},
		{name: "bad status code", in: "GET /\nHTTP/1.1 20x\n", err: `sample: line 2: bad status line`},
		{name: "status without code", in: "HTTP/1.1\n", err: `sample: line 1: bad status line`},
		{name: "two spaces in status line", in: "HTTP/1.1  200\n", err: `bad status line`},
		{name: "continuation first", in: " x\n", err: `sample: line 1: continuation line before any header`},
		{name: "empty name", in: ":authority: x\n", err: `bad header line`},
		{name: "lower-case method", in: "get /x\n", err: `bad header line`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse([]byte(c.in))
			if c.want == nil {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Parse(%q) = %+v, %v; want error %q", c.in, got, err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.in, err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("Parse(%q)\n got %+v\nwant %+v", c.in, got, c.want)
			}
		})
	}
}

func TestWant(t *testing.T) {
	r := &Response{Comments: []string{" want vendor=aws kind=waf", " other", " want none", "want x=y", " wanted a=b", " want  code=AccessDenied reference=a=b"}}
	want := map[string]string{"vendor": "aws", "kind": "waf", "none": "", "code": "AccessDenied", "reference": "a=b"}
	if got := r.Want(); !reflect.DeepEqual(got, want) {
		t.Errorf("Want() = %v, want %v", got, want)
	}
	if got := (&Response{}).Want(); got == nil || len(got) != 0 {
		t.Errorf("Want() without want lines = %#v", got)
	}
}

func TestStanzas(t *testing.T) {
	for _, c := range []struct {
		in   string
		want [][]string
	}{
		{"", nil},
		{"# only a comment\n", nil},
		{"a\nb\n", [][]string{{"a", "b"}}},
		{"# head\n\na\nkey v\n\n\n# between\nb\n# inside\nc\n", [][]string{{"a", "key v"}, {"b", "c"}}},
		{"  3600  \tx\n\terror\n", [][]string{{"  3600  \tx", "\terror"}}}, // kept as written
		{"a\n \t \nb", [][]string{{"a"}, {"b"}}},                           // white space only separates
	} {
		if got := Stanzas(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Stanzas(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestEveryHTTPFile parses every .http file of the module and writes each
// back: all of them are in the form Parse reads.
func TestEveryHTTPFile(t *testing.T) {
	root := Root(t)
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".http") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		for _, r := range Load(t, filepath.ToSlash(rel)) {
			n++
			if r.Proto == "" || r.Method == "" {
				t.Errorf("%s: no request or status line", r.Name)
			}
			roundTrip(t, r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 80 {
		t.Errorf("only %d .http files", n)
	}
}

// roundTrip checks that r, written back, parses to r.
func roundTrip(t *testing.T, r *Response) {
	t.Helper()
	name := r.Name
	r.Name = ""
	defer func() { r.Name = name }()
	again, err := Parse([]byte(format(r)))
	if err != nil {
		t.Fatalf("%s: written back %q: %v", name, format(r), err)
	}
	if !reflect.DeepEqual(again, r) {
		t.Fatalf("%s: written back and read again\n got %+v\nwant %+v", name, again, r)
	}
}

// fatalTB records the failure of a helper run in its own goroutine.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatal(args ...any) {
	f.msg = fmt.Sprint(args...)
	runtime.Goexit()
}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// failure runs fn with a fatalTB and returns its failure message.
func failure(t *testing.T, fn func(tb testing.TB)) string {
	f := &fatalTB{TB: t}
	done := make(chan bool)
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f.msg
}

func TestGlob(t *testing.T) {
	got := Glob(t, "internal/sample/sample*.go")
	want := []string{"internal/sample/sample.go", "internal/sample/sample_test.go"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Glob = %q, want %q", got, want)
	}
	// Directories are left out: the pattern matches "testdata/fuzz"
	// elsewhere, never here.
	for _, p := range Glob(t, "internal/response/block/testdata/*") {
		if !strings.HasSuffix(p, ".http") {
			t.Errorf("Glob returned %q", p)
		}
	}
	for _, pattern := range []string{
		"internal/sample/*.nothing",
		"../response/block/testdata/*.http", // relative to a package: wrong
		"internal/response/block/testdata",  // a directory
		"internal/[",                        // malformed
	} {
		if msg := failure(t, func(tb testing.TB) { Glob(tb, pattern) }); !strings.HasPrefix(msg, "sample: ") {
			t.Errorf("Glob(%q) failure %q", pattern, msg)
		}
	}
	if msg := failure(t, func(tb testing.TB) { Read(tb, "internal/sample/missing.txt") }); !strings.Contains(msg, "missing.txt") {
		t.Errorf("Read of a missing file: failure %q", msg)
	}
}

func TestLoad(t *testing.T) {
	rs := Load(t, "internal/diagnose/testdata/apache-basic.http")
	if len(rs) != 1 || rs[0].Name != "internal/diagnose/testdata/apache-basic.http" || rs[0].Status != 401 {
		t.Fatalf("Load = %+v", rs)
	}
	// A file that does not parse fails the test, naming the file.
	msg := failure(t, func(tb testing.TB) { Load(tb, "internal/response/challenge/testdata/apache-basic.txt") })
	if !strings.Contains(msg, "apache-basic.txt: sample: line 3: bad header line") {
		t.Errorf("Load of a file that does not parse: failure %q", msg)
	}
}

// FuzzParse checks that Parse never panics, that what it reads writes
// back to the same response, and that the body is the end of the input.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{
		"internal/diagnose/testdata/*.http",
		"internal/response/block/testdata/*.http",
		"internal/response/challenge/testdata/*.txt",
	} {
		for _, name := range Glob(f, pattern) {
			f.Add([]byte(Read(f, name)))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			if r != nil || !strings.HasPrefix(err.Error(), "sample: line ") {
				t.Fatalf("Parse(%q) = %+v, %v", data, r, err)
			}
			return
		}
		if !strings.HasSuffix(string(data), r.Body) {
			t.Fatalf("Parse(%q): body %q is not the end of the input", data, r.Body)
		}
		roundTrip(t, r)
	})
}
