package diagnose

import (
	"encoding/json"
	"path"
	"slices"
	"strings"
	"testing"

	fixture "github.com/sesame-help/sesame/internal/sample"
)

const testNow = "2026-11-28T12:00:00Z"

// sample is one recorded response from a testdata/*.http file (the form
// package sample reads) with its expectations: a comment "# key value…"
// expects value for key, "# want key=value …" gives "want-key".
type sample struct {
	name   string
	in     Input
	expect map[string]string
}

// loadSamples reads the recorded responses matching pattern, relative to
// this package's directory ("testdata/*.http"); it fails t when none
// matches.
func loadSamples(t testing.TB, pattern string) []sample {
	t.Helper()
	return toSamples(fixture.Load(t, path.Join("internal/diagnose", pattern)))
}

// toSamples turns recorded responses into samples.
func toSamples(rs []*fixture.Response) []sample {
	var out []sample
	for _, r := range rs {
		s := sample{
			name:   r.Name,
			in:     Input{Method: r.Method, URL: r.URL, Status: r.Status, Headers: []Header{}, Body: r.Body, Now: testNow},
			expect: map[string]string{},
		}
		for _, c := range r.Comments {
			if c, ok := strings.CutPrefix(c, " "); ok {
				if k, v, _ := strings.Cut(c, " "); k != "want" {
					s.expect[k] = v
				}
			} else {
				s.expect[c] = ""
			}
		}
		for k, v := range r.Want() {
			s.expect["want-"+k] = v
		}
		for _, f := range r.Header {
			s.in.Headers = append(s.in.Headers, Header{Name: f.Name, Value: f.Value})
		}
		out = append(out, s)
	}
	return out
}

func kinds[T any](xs []T, f func(T) string) string {
	var out []string
	for _, x := range xs {
		out = append(out, f(x))
	}
	return strings.Join(out, " ")
}

func TestDiagnoseSamples(t *testing.T) {
	samples := loadSamples(t, "testdata/*.http")
	if len(samples) < 40 {
		t.Fatalf("only %d samples", len(samples))
	}
	for _, s := range samples {
		t.Run(path.Base(s.name), func(t *testing.T) { checkSample(t, s) })
	}
}

// checkSample diagnoses s and checks the report against its expectations.
func checkSample(t *testing.T, s sample) {
	t.Helper()
	r := Diagnose(s.in)
	checkReport(t, r)
	for k, want := range s.expect {
		var got string
		switch k {
		case "want-kind":
			got = r.Kind
		case "advice":
			got = kinds(r.Advice, func(m Message) string { return m.Key })
		case "notes":
			got = kinds(r.Notes, func(m Message) string { return m.Key })
		case "actions":
			got = kinds(r.Actions, func(a Action) string { return a.Kind })
		case "action":
			kind, _, _ := strings.Cut(want, " ")
			got = kind + " (none)"
			for _, a := range r.Actions {
				if a.Kind == kind {
					got = kind + " " + a.URL
					break
				}
			}
		case "schemes":
			got = kinds(r.Challenges, func(c Challenge) string { return c.Scheme })
		case "substatus":
			if r.Substatus != nil {
				got = r.Substatus.Code
			}
		case "block":
			if r.Block != nil {
				got = r.Block.Vendor + " " + r.Block.Kind
			}
		case "retry":
			got = r.RetryAfter
		case "url":
			got = r.URL
		case "home-param":
			for _, a := range r.Actions {
				if a.Kind == ActionHome {
					got = a.Params[0]
				}
			}
		default:
			continue // comments
		}
		if got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

// TestOtherPackagesSamples runs the block and IIS samples through Diagnose:
// nothing may panic, every report must be well formed, and blocks found
// by package block on a 403 must reach the report.
func TestOtherPackagesSamples(t *testing.T) {
	for _, s := range toSamples(fixture.Load(t, "internal/response/block/testdata/*.http")) {
		r := Diagnose(s.in)
		checkReport(t, r)
		if _, none := s.expect["want-none"]; none || s.in.Status != 403 {
			continue
		}
		if r.Block == nil || r.Block.Vendor != s.expect["want-vendor"] || r.Block.Kind != s.expect["want-kind"] {
			t.Errorf("%s: block %+v, want %s %s", s.name, r.Block, s.expect["want-vendor"], s.expect["want-kind"])
		}
	}
	for _, p := range fixture.Glob(t, "internal/response/iis/testdata/*") {
		b := fixture.Read(t, p)
		code, _, _ := strings.Cut(path.Base(p), "-")
		status := 403
		if strings.HasPrefix(code, "401") {
			status = 401
		}
		r := Diagnose(Input{URL: "https://intranet.example.com/a/b/", Status: status, Body: b, Now: testNow})
		checkReport(t, r)
		if code != "none" && (r.Substatus == nil || r.Substatus.Code != code) {
			t.Errorf("%s: substatus %+v, want %s", p, r.Substatus, code)
		}
	}
}

func TestNotHTTP(t *testing.T) {
	for _, c := range []struct{ url, key, param string }{
		{"data:text/html,<h1>401</h1>", "kind_not_http", "data"},
		{"file:///etc/passwd", "kind_not_http", "file"},
		{"about:blank", "kind_not_http", "about"},
		{"chrome://settings/passwords", "kind_not_http", "chrome"},
		{"chrome-extension://abcdefghijklmnop/popup.html", "kind_not_http", "chrome-extension"},
		{"moz-extension://1234-5678/popup.html", "kind_not_http", "moz-extension"},
		{"javascript:alert(1)", "kind_not_http", "javascript"},
		{"view-source:https://example.com/", "kind_not_http", "view-source"},
		{"/relative/path", "kind_not_url", ""},
		{"example.com/a", "kind_not_url", ""},
		{"", "kind_not_url", ""},
		{"\x00\xff garbage", "kind_not_url", ""},
		{"http://", "kind_not_url", ""},
		{"https://exa mple.com/", "kind_not_url", ""},
		{"https://example.com/" + strings.Repeat("a", 70<<10), "kind_not_url", ""},
	} {
		r := Diagnose(Input{URL: c.url, Status: 401, Headers: []Header{{"WWW-Authenticate", "Basic"}}})
		checkReport(t, r)
		if r.Kind != KindNotHTTP || r.URL != "" || len(r.Advice) != 1 || r.Advice[0].Key != c.key ||
			(c.param != "" && r.Advice[0].Params[0] != c.param) || len(r.Actions) != 0 {
			t.Errorf("Diagnose(%.40q) = %+v", c.url, r)
		}
	}
}

func TestLimits(t *testing.T) {
	// A 10 MB page ending in a multi-byte character at the cut.
	body := strings.Repeat("é", MaxBody) // 2 bytes each
	r := Diagnose(Input{URL: "https://example.com/", Status: 403, Body: body, Now: testNow})
	checkReport(t, r)
	if kinds(r.Notes, func(m Message) string { return m.Key }) != "note_body_truncated" {
		t.Errorf("notes %v", r.Notes)
	}
	// 300 KiB of headers, the challenge last: dropped, with a note.
	var hs []Header
	for i := 0; i < 300; i++ {
		hs = append(hs, Header{"X-Filler", strings.Repeat("x", 1024)})
	}
	hs = append(hs, Header{"WWW-Authenticate", "Basic realm=late"})
	r = Diagnose(Input{URL: "https://example.com/", Status: 401, Headers: hs, Now: testNow})
	checkReport(t, r)
	if r.Kind != KindLoginRequired || !slices.ContainsFunc(r.Notes, func(m Message) bool { return m.Key == "note_headers_truncated" }) {
		t.Errorf("kind %s notes %v", r.Kind, r.Notes)
	}
	// A 64 KiB malformed challenge.
	r = Diagnose(Input{URL: "https://example.com/", Status: 401, Headers: []Header{{"WWW-Authenticate", "Basic realm=\"" + strings.Repeat("\\\"", 32<<10)}}})
	checkReport(t, r)
	if r.Kind != KindBasic || len(r.Advice) < 2 || len(r.Advice[1].Params[0]) > maxParam+len("…") {
		t.Errorf("long realm: %+v", r.Advice)
	}
	// Invalid status codes.
	for _, st := range []int{0, -1, 1000, 99} {
		r = Diagnose(Input{URL: "https://example.com/", Status: st})
		checkReport(t, r)
		if r.Kind != KindOther || len(r.Notes) != 1 || r.Notes[0].Key != "note_status_invalid" {
			t.Errorf("status %d: %+v", st, r)
		}
	}
}

func TestRedirects(t *testing.T) {
	r := Diagnose(Input{URL: "https://example.com/b", Status: 403, Now: testNow,
		Redirects: []string{"http://user:pw@example.com/a#x", "javascript:x", "https://example.com/a2"}})
	checkReport(t, r)
	if strings.Join(r.Redirects, " ") != "http://example.com/a https://example.com/a2" {
		t.Errorf("redirects %v", r.Redirects)
	}
	if r.Notes[0].Key != "note_redirected" || r.Notes[0].Params[0] != "3" {
		t.Errorf("notes %v", r.Notes)
	}
}

// checkReport checks what every report must satisfy.
func checkReport(t *testing.T, r Report) {
	t.Helper()
	keys := Keys()
	checkMsg := func(where string, key string, params []string) {
		n, ok := keys[key]
		if !ok {
			t.Errorf("%s: key %q not registered", where, key)
		}
		if params == nil || len(params) != n {
			t.Errorf("%s: key %q has params %v, want %d", where, key, params, n)
		}
	}
	if !slices.Contains(Kinds, r.Kind) {
		t.Errorf("unknown kind %q", r.Kind)
	}
	if r.Challenges == nil || r.Advice == nil || r.Actions == nil || r.Ancestors == nil || r.Notes == nil || r.Redirects == nil {
		t.Errorf("nil slice in %+v", r)
	}
	if len(r.Advice) == 0 || !strings.HasPrefix(r.Advice[0].Key, "kind_") {
		t.Errorf("advice does not start with a kind: %v", r.Advice)
	}
	for _, m := range r.Advice {
		checkMsg("advice", m.Key, m.Params)
	}
	for _, m := range r.Notes {
		checkMsg("notes", m.Key, m.Params)
	}
	for _, c := range r.Challenges {
		if c.Params == nil || c.Scheme == "" {
			t.Errorf("challenge %+v", c)
		}
	}
	if r.Substatus != nil {
		checkMsg("substatus", r.Substatus.Key, r.Substatus.Params)
	}
	if r.Block != nil {
		checkMsg("block", r.Block.Key, []string{})
	}
	for _, a := range r.Actions {
		if !slices.Contains(ActionKinds, a.Kind) {
			t.Errorf("unknown action kind %q", a.Kind)
		}
		checkMsg("action "+a.Kind, a.Key, a.Params)
		if a.URL != "" && !strings.HasPrefix(a.URL, "https://") && !strings.HasPrefix(a.URL, "http://") {
			t.Errorf("action URL %q", a.URL)
		}
		if strings.Contains(a.URL, "@") && strings.Contains(a.URL, "://") && strings.Index(a.URL, "@") < strings.Index(a.URL[8:], "/")+8 {
			t.Errorf("action URL with user-info %q", a.URL)
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(strings.ReplaceAll(string(b), `"substatus":null`, ""), `"block":null`, "")
	if strings.Contains(s, "null") {
		t.Errorf("null in JSON: %s", b)
	}
}

// TestActionKinds keeps ActionKinds, the kinds Diagnose emits, in step
// with the Action constants.
func TestActionKinds(t *testing.T) {
	want := []string{ActionLogin, ActionReset, ActionHTTPS, ActionParent, ActionHome, ActionReload}
	if !slices.Equal(ActionKinds, want) {
		t.Errorf("ActionKinds = %q, want %q", ActionKinds, want)
	}
}
