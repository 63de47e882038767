// Package sample reads the test fixtures of the module: recorded HTTP
// responses in ".http" files, stanza files of one case per block of lines,
// and any file found by a path from the module root. Only tests import it.
//
// A recorded response is text in this form:
//
//	# Comment lines come first. "# want key=value …" lines hold
//	# expectations (see Response.Want); what the other comments mean is
//	# up to the test reading them.
//	GET https://example.com/private/
//	HTTP/1.1 403 Forbidden
//	Server: nginx
//	WWW-Authenticate: Basic
//	  realm="continued on an indented line"
//
//	<html>The body runs to the end of the file, as written.</html>
//
// Every part is optional: the request line ("METHOD target", the method in
// upper-case letters), the status line ("HTTP/version code [reason]", the
// code three digits), the header lines ("Name: value"; a line starting
// with a space or a tab continues the previous value), and the empty line
// and body. A file of comments and header lines alone holds the values of
// a header, as package challenge's test cases do. Lines may end in "\r\n"
// before the body; the body is kept byte for byte.
//
// Glob, Read and Load find files by a slash-separated path relative to the
// module root (the directory of go.mod, found by walking up from the
// test's working directory), so that a test reaching into another
// package's testdata names it in full, and each fails the test when
// nothing is there instead of silently testing nothing.
//
// Test files that have a type of their own named sample import this
// package as fixture.
package sample

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Response is one recorded response.
type Response struct {
	// Name is the file's path from the module root, set by Load; Parse
	// leaves it empty.
	Name string
	// Comments are the leading comment lines, each without its '#'
	// ("# want kind=waf" gives " want kind=waf").
	Comments []string
	// Method and URL are the request line's method and target; both are
	// empty when there is no request line.
	Method, URL string
	// Proto, Status and Reason are the status line's parts ("HTTP/1.1",
	// 403, "Forbidden"); Proto is empty and Status 0 when there is no
	// status line.
	Proto  string
	Status int
	Reason string
	// Header holds the header fields in order, names as written, values
	// without the white space around them, continuation lines joined to
	// their value with one space.
	Header []Field
	// Body is everything after the empty line that ends the header.
	Body string
}

// A Field is one header field.
type Field struct {
	Name, Value string
}

// Parse reads a recorded response. Its errors name the line at fault.
func Parse(data []byte) (*Response, error) {
	r := &Response{}
	text := string(data)
	const (
		comments = iota
		request
		status
		headers
	)
	stage := comments
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line = strings.TrimRight(line, "\r")
		if line == "" {
			r.Body = text
			break
		}
		if stage == comments && line[0] == '#' {
			r.Comments = append(r.Comments, line[1:])
			continue
		}
		if stage <= comments {
			if method, target, ok := strings.Cut(line, " "); ok && isMethod(method) {
				r.Method, r.URL = method, target
				stage = request
				continue
			}
		}
		if stage <= request && strings.HasPrefix(line, "HTTP/") {
			parts := strings.SplitN(line, " ", 3)
			if len(parts) < 2 || !isCode(parts[1]) {
				return nil, lineError(n, "bad status line "+strconv.Quote(line))
			}
			r.Proto = parts[0]
			r.Status, _ = strconv.Atoi(parts[1])
			if len(parts) == 3 {
				r.Reason = parts[2]
			}
			stage = status
			continue
		}
		stage = headers
		if line[0] == ' ' || line[0] == '\t' {
			if len(r.Header) == 0 {
				return nil, lineError(n, "continuation line before any header")
			}
			if more := strings.TrimSpace(line); more != "" {
				f := &r.Header[len(r.Header)-1]
				if f.Value == "" {
					f.Value = more
				} else {
					f.Value += " " + more
				}
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" {
			return nil, lineError(n, "bad header line "+strconv.Quote(line))
		}
		r.Header = append(r.Header, Field{Name: name, Value: strings.TrimSpace(value)})
	}
	return r, nil
}

func lineError(n int, msg string) error {
	return errors.New("sample: line " + strconv.Itoa(n) + ": " + msg)
}

// isMethod reports whether s can be a request method: upper-case letters.
func isMethod(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// isCode reports whether s is a status code: three digits.
func isCode(s string) bool {
	return len(s) == 3 && '0' <= s[0] && s[0] <= '9' && '0' <= s[1] && s[1] <= '9' && '0' <= s[2] && s[2] <= '9'
}

// Want returns the expectations of the "# want key=value …" comment lines,
// key by key; a word without "=" is a key with an empty value ("# want
// none"). It returns an empty map when there are none.
func (r *Response) Want() map[string]string {
	want := map[string]string{}
	for _, c := range r.Comments {
		rest, ok := strings.CutPrefix(c, " want ")
		if !ok {
			continue
		}
		for _, kv := range strings.Fields(rest) {
			k, v, _ := strings.Cut(kv, "=")
			want[k] = v
		}
	}
	return want
}

// Stanzas splits a text fixture into its cases: runs of lines separated
// by blank lines (lines of white space only). Comment lines, which start
// with '#', are left out without ending a case; the other lines are kept
// as written, white space and all.
func Stanzas(text string) [][]string {
	var out [][]string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
		case strings.TrimSpace(line) == "":
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
		default:
			cur = append(cur, line)
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

// root finds the module root once: the nearest directory holding go.mod,
// from the working directory up.
var root = sync.OnceValues(func() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("sample: no go.mod above the working directory")
		}
		dir = up
	}
})

// Root returns the module root's directory, failing t when there is none.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := root()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// Glob returns the regular files matching pattern, a slash-separated
// pattern relative to the module root ("internal/response/block/testdata/*.http"),
// as sorted paths of the same form. Directories, such as testdata/fuzz,
// are left out. It fails t when the pattern is malformed or matches no
// file.
func Glob(t testing.TB, pattern string) []string {
	t.Helper()
	dir := Root(t)
	matches, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
	if err != nil {
		t.Fatalf("sample: pattern %q: %v", pattern, err)
		return nil
	}
	var out []string
	for _, m := range matches {
		if fi, err := os.Stat(m); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		rel, err := filepath.Rel(dir, m)
		if err != nil {
			t.Fatal(err)
			return nil
		}
		out = append(out, filepath.ToSlash(rel))
	}
	if len(out) == 0 {
		t.Fatalf("sample: no file matches %s (from the module root %s)", pattern, dir)
		return nil
	}
	sort.Strings(out)
	return out
}

// Read returns the content of the file at name, a slash-separated path
// relative to the module root, failing t when it cannot be read.
func Read(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(Root(t), filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("sample: %v", err)
	}
	return string(b)
}

// Load parses the recorded responses in the files Glob(t, pattern)
// returns, setting each one's Name. It fails t on a file that does not
// parse.
func Load(t testing.TB, pattern string) []*Response {
	t.Helper()
	var out []*Response
	for _, name := range Glob(t, pattern) {
		r, err := Parse([]byte(Read(t, name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
			return nil
		}
		r.Name = name
		out = append(out, r)
	}
	return out
}
