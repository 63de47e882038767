package plan

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// A test case is a txtar-like file: a header of "name: value" lines (the
// response, the fake site's answers, and the expectations), then files
// introduced by "-- name --" lines: "page" is the error page, a name
// starting with "/" is the body the fake site serves at that path.
//
// Header lines:
//
//	url: URL                    the refused page
//	status: 401                 its status
//	method: POST
//	header: Name: value         a response header (repeatable)
//	env: Browser | OS
//	now: RFC 3339 time
//	site: PATH STATUS [-> PATH] [type=CT]   what the site answers at PATH
//	                            (after following the redirect, if any);
//	                            PATH "*" answers every path not listed;
//	                            STATUS "error" fails the request;
//	                            a redirect to a whole URL (another
//	                            site) answers the file of that name.
//	                            A path with a file and no site line answers
//	                            200; any other path answers 404.
//	want-…: …                   expectations, see check
//
// Text up to the first header line is a comment.
type testCase struct {
	name   string
	header [][2]string
	files  map[string]string
	site   map[string]siteAnswer
}

type siteAnswer struct {
	status int
	to     string // redirect target path
	ctype  string
}

func parseCase(t testing.TB, name, data string) *testCase {
	c := &testCase{name: name, files: map[string]string{}, site: map[string]siteAnswer{}}
	lines := strings.SplitAfter(data, "\n")
	i := 0
	for ; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") {
			break
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.ContainsAny(k, " \t") || k == "" {
			continue // comment
		}
		c.header = append(c.header, [2]string{k, strings.TrimSpace(v)})
	}
	var cur string
	var body strings.Builder
	flush := func() {
		if cur != "" {
			c.files[cur] = body.String()
		}
		body.Reset()
	}
	for ; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			flush()
			cur = strings.TrimSpace(l[3 : len(l)-3])
			continue
		}
		body.WriteString(lines[i])
	}
	flush()
	for _, h := range c.header {
		if h[0] != "site" {
			continue
		}
		f := strings.Fields(h[1])
		if len(f) < 2 {
			t.Fatalf("%s: bad site line %q", name, h[1])
		}
		st, err := strconv.Atoi(f[1])
		if f[1] == "error" {
			st, err = -1, nil
		}
		if err != nil {
			t.Fatalf("%s: bad status in %q", name, h[1])
		}
		a := siteAnswer{status: st}
		for j := 2; j < len(f); j++ {
			switch {
			case f[j] == "->" && j+1 < len(f):
				a.to = f[j+1]
				j++
			case strings.HasPrefix(f[j], "type="):
				a.ctype = strings.TrimPrefix(f[j], "type=")
			}
		}
		c.site[f[0]] = a
	}
	return c
}

func (c *testCase) get(k string) string {
	for _, h := range c.header {
		if h[0] == k {
			return h[1]
		}
	}
	return ""
}

func (c *testCase) all(k string) []string {
	var out []string
	for _, h := range c.header {
		if h[0] == k {
			out = append(out, h[1])
		}
	}
	return out
}

func contentType(path string) string {
	switch {
	case strings.HasSuffix(path, ".xml"):
		return "application/xml"
	case strings.HasSuffix(path, ".txt"):
		return "text/plain; charset=utf-8"
	}
	return "text/html; charset=utf-8"
}

// serve answers a probe as the fake site would, following redirects.
func (c *testCase) serve(p Probe) Result {
	u, err := url.Parse(p.URL)
	if err != nil {
		return Result{ID: p.ID, URL: p.URL, Error: "bad URL"}
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	final := ""
	for hop := 0; ; hop++ {
		a, ok := c.site[path]
		body, file := c.files[path]
		if !ok && !file {
			a, ok = c.site["*"]
		}
		switch {
		case ok && a.status < 0:
			return Result{ID: p.ID, URL: p.URL, Error: "timeout"}
		case ok && a.to != "" && hop == 5:
			return Result{ID: p.ID, URL: p.URL, Error: "too many redirects"}
		case ok && a.to != "" && strings.Contains(a.to, "://"):
			// Another site: it answers 200 with the file named by its
			// whole URL, else an empty page (as an extension that
			// followed the redirect would report it).
			body := c.files[a.to]
			if len(body) > p.MaxBytes {
				body = body[:p.MaxBytes]
			}
			return Result{ID: p.ID, URL: p.URL, Status: 200, FinalURL: a.to, ContentType: contentType(a.to), Body: body}
		case ok && a.to != "":
			path = a.to
			final = u.Scheme + "://" + u.Host + path
			continue
		case !ok && file:
			a = siteAnswer{status: 200}
		case !ok:
			a = siteAnswer{status: 404, ctype: "text/html"}
			body = "<html><body><h1>Not found</h1></body></html>"
		}
		if a.ctype == "" {
			a.ctype = contentType(path)
		}
		if p.MaxBytes == 0 {
			body = ""
		} else if len(body) > p.MaxBytes {
			body = body[:p.MaxBytes]
		}
		return Result{ID: p.ID, URL: p.URL, Status: a.status, FinalURL: final, ContentType: a.ctype, Body: body}
	}
}

// input builds the Input for a case: the diagnosis, then the probes
// answered by the fake site, phase by phase, as the extension does.
func (c *testCase) input(t testing.TB) (Input, [][]Probe) {
	din := c.response(t)
	now, _ := time.Parse(time.RFC3339, din.Now)
	in := Input{Report: diagnose.Diagnose(din), Page: din.Body, Now: now, Headers: din.Headers, Env: c.env()}
	var phases [][]Probe
	for round := 0; ; round++ {
		ps := Probes(in)
		if len(ps) == 0 {
			break
		}
		if round == MaxPhases {
			t.Fatalf("%s: Probes still returns %d probes after %d phases", c.name, len(ps), round)
		}
		phases = append(phases, ps)
		for _, p := range ps {
			in.Results = append(in.Results, c.serve(p))
		}
	}
	return in, phases
}

// response returns the refused response of a case, as the extension
// records it.
func (c *testCase) response(t testing.TB) diagnose.Input {
	now := "2026-11-28T12:00:00Z"
	if v := c.get("now"); v != "" {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Fatalf("%s: bad now: %v", c.name, err)
		}
		now = v
	}
	status, _ := strconv.Atoi(c.get("status"))
	din := diagnose.Input{URL: c.get("url"), Method: c.get("method"), Status: status, Body: c.files["page"], Now: now}
	for _, h := range c.all("header") {
		n, v, _ := strings.Cut(h, ":")
		din.Headers = append(din.Headers, diagnose.Header{Name: strings.TrimSpace(n), Value: strings.TrimSpace(v)})
	}
	return din
}

// env returns the browser and system a case names.
func (c *testCase) env() Env {
	b, o, _ := strings.Cut(c.get("env"), "|")
	return Env{Browser: strings.TrimSpace(b), OS: strings.TrimSpace(o)}
}

func loadCases(t testing.TB) []*testCase {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	var out []*testCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parseCase(t, filepath.Base(f), string(b)))
	}
	return out
}
