package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestCall(t *testing.T) {
	basic, err := os.ReadFile("testdata/basic-401.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		fn      string
		in      string
		errWant string // substring of the error; "" means success
		outWant string // substring of the output on success
	}{
		// Unknown function and size limit.
		{"unknown", "nope", `{}`, `sesame: no function "nope"`, ""},
		{"too large", "redactURL", `{"url":"` + strings.Repeat("x", MaxInput) + `"}`, "larger than 8388608 bytes", ""},

		// analyze: bad JSON is an error carrying the function's name.
		{"analyze empty", "analyze", ``, "sesame: analyze: ", ""},
		{"analyze not json", "analyze", `not json`, "sesame: analyze: ", ""},
		{"analyze array", "analyze", `[1,2]`, "sesame: analyze: ", ""},
		{"analyze truncated", "analyze", `{"response":{"url":"https://e.com/","status":40`, "sesame: analyze: bad JSON", ""},
		{"analyze no response", "analyze", `{}`, `sesame: analyze: missing field "response"`, ""},
		{"analyze bad now", "analyze", `{"response":{"url":"https://e.com/","status":401,"now":"today"}}`, `sesame: analyze: field "response.now" is not an RFC 3339 time`, ""},
		// analyze: a real Apache Basic 401 gives a report without the credentials.
		{"analyze basic", "analyze", string(basic), "", `"status":401`},
		// analyze: the first phase lists probes, a URL that is not http(s) none.
		{"analyze probes", "analyze", `{"response":{"url":"https://e.com/a/b","status":403}}`, "", `"probes":[{"id":"parent-1","url":"https://e.com/a/","method":"GET"`},
		{"analyze no probes", "analyze", `{"response":{"url":"about:blank","status":403}}`, "", `"probes":[]}`},
		{"analyze archive", "analyze", `{"response":{"url":"https://e.com/a/b","status":403,"now":"2026-11-28T12:00:00Z"}}`, "", `"archiveURL":"https://e.com/a/b"`},
		{"analyze 10 MiB", "analyze", `{"response":{"url":"https://e.com/","status":401,"body":"` + strings.Repeat("x", MaxInput+1) + `"}}`, "", `{"report":{`},
		{"analyze too large", "analyze", `{"response":{"body":"` + strings.Repeat("x", maxAnalyzeInput) + `"}}`, "larger than 16777216 bytes", ""},

		// redactURL.
		{"redact", "redactURL", `{"url":"https://u:p@e.com/a?token=1&q=2#f"}`, "", `{"url":"https://e.com/a?q=2","removed":["token"]}`},
		{"redact nothing removed", "redactURL", `{"url":"https://e.com/"}`, "", `"removed":[]`},
		{"redact drop query", "redactURL", `{"url":"https://e.com/?q=1","dropQuery":true}`, "", `{"url":"https://e.com/","removed":["?"]}`},
		{"redact relative", "redactURL", `{"url":"/a"}`, "sesame: redactURL: redact: not an absolute URL", ""},
		{"redact unknown field", "redactURL", `{"uri":"https://e.com/"}`, "bad JSON", ""},
		{"redact trailing data", "redactURL", `{"url":"https://e.com/"}}`, "data after the object", ""},
		{"redact string", "redactURL", `"https://e.com/"`, "not a JSON object", ""},
		{"redact wrong type", "redactURL", `{"url":1}`, "bad JSON", ""},

		// watchNext.
		{"watch first", "watchNext", `{"attempt":1}`, "", `{"delay":60,"giveUp":false}`},
		{"watch retry-after", "watchNext", `{"attempt":2,"retryAfter":"3600"}`, "", `{"delay":3600,"giveUp":false}`},
		{"watch retry-after date", "watchNext", `{"attempt":2,"retryAfter":"Sat, 28 Nov 2026 14:00:00 GMT","now":"2026-11-28T12:00:00Z"}`, "", `{"delay":7200,"giveUp":false}`},
		{"watch retry-after past", "watchNext", `{"attempt":2,"retryAfter":"Sat, 28 Nov 2026 10:00:00 GMT","now":"2026-11-28T12:00:00Z"}`, "", `{"delay":120,"giveUp":false}`},
		{"watch retry-after garbage", "watchNext", `{"attempt":2,"retryAfter":"later"}`, "", `{"delay":120,"giveUp":false}`},
		{"watch retry-after number", "watchNext", `{"attempt":2,"retryAfter":3600}`, "bad JSON", ""},
		{"watch huge retry-after", "watchNext", `{"attempt":2,"retryAfter":"9223372036854775807"}`, "", `{"delay":86400,"giveUp":false}`},
		{"watch negative retry-after", "watchNext", `{"attempt":3,"retryAfter":"-9223372036854775808"}`, "", `{"delay":300,"giveUp":false}`},
		{"watch bad now", "watchNext", `{"attempt":2,"retryAfter":"60","now":"noon"}`, `field "now" is not an RFC 3339 time`, ""},
		{"watch give up", "watchNext", `{"attempt":31}`, "", `{"delay":0,"giveUp":true}`},
		{"watch no attempt", "watchNext", `{"retryAfter":"5"}`, `sesame: watchNext: missing field "attempt"`, ""},
		{"watch null attempt", "watchNext", `{"attempt":null}`, `missing field "attempt"`, ""},
		{"watch unknown field", "watchNext", `{"attempt":1,"delay":5}`, `unknown field "delay"`, ""},
		{"watch fraction", "watchNext", `{"attempt":1.5}`, "bad JSON", ""},
		{"watch not object", "watchNext", `3`, "not a JSON object", ""},

		// siteOf.
		{"site", "siteOf", `{"url":"https://WWW.Shop.Example.co.uk:8443/a?b#c"}`, "", `{"host":"www.shop.example.co.uk","site":"example.co.uk","address":false}`},
		{"site subdomain", "siteOf", `{"url":"http://portal.sesame.test/x"}`, "", `{"host":"portal.sesame.test","site":"sesame.test","address":false}`},
		{"site hosting suffix", "siteOf", `{"url":"https://acme.github.io/"}`, "", `{"host":"acme.github.io","site":"acme.github.io","address":false}`},
		{"site IPv4", "siteOf", `{"url":"http://127.0.0.1:8080/"}`, "", `{"host":"127.0.0.1","site":"127.0.0.1","address":true}`},
		{"site IPv6", "siteOf", `{"url":"http://[::1]:8080/"}`, "", `{"host":"::1","site":"::1","address":true}`},
		{"site credentials", "siteOf", `{"url":"https://u:p@a.example.com/"}`, "", `{"host":"a.example.com","site":"example.com","address":false}`},
		{"site relative", "siteOf", `{"url":"/a"}`, "sesame: siteOf: not an absolute http(s) URL", ""},
		{"site file", "siteOf", `{"url":"file:///etc/passwd"}`, "not an absolute http(s) URL", ""},
		{"site unknown field", "siteOf", `{"uri":"https://e.com/"}`, "bad JSON", ""},

		// parseAvailability takes the text of the answer.
		{"availability", "parseAvailability", `{"url":"e.com","archived_snapshots":{"closest":{"available":true,"url":"http://web.archive.org/web/20240117103015/https://e.com/","timestamp":"20240117103015","status":"200"}}}`,
			"", `{"found":true,"uri":"http://web.archive.org/web/20240117103015/https://e.com/","datetime":"2024-01-17T10:30:15Z"}`},
		{"availability none", "parseAvailability", `{"url":"e.com","archived_snapshots":{}}`, "", `{"found":false,"uri":"","datetime":""}`},
		{"availability bad timestamp", "parseAvailability", `{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"2024011"}}}`, "sesame: parseAvailability: availability: bad timestamp", ""},
		{"availability html", "parseAvailability", `<html>Too many requests</html>`, "sesame: parseAvailability: availability: malformed answer", ""},
		{"availability empty", "parseAvailability", ``, "availability: empty answer", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := call(tt.fn, []byte(tt.in))
			if tt.errWant != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errWant) {
					t.Fatalf("call(%q) error = %v, want one containing %q", tt.fn, err, tt.errWant)
				}
				if !strings.HasPrefix(err.Error(), "sesame: ") {
					t.Errorf("error %q does not begin with \"sesame: \"", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("call(%q) error = %v", tt.fn, err)
			}
			if !json.Valid(out) {
				t.Fatalf("call(%q) output is not JSON: %.200s", tt.fn, out)
			}
			if !bytes.Contains(out, []byte(tt.outWant)) {
				t.Errorf("call(%q) = %.300s, want it to contain %s", tt.fn, out, tt.outWant)
			}
		})
	}
}

// TestAnalyzeReport checks the parts of the answer the popup relies on.
func TestAnalyzeReport(t *testing.T) {
	in, err := os.ReadFile("testdata/basic-401.json")
	if err != nil {
		t.Fatal(err)
	}
	out, err := call("analyze", in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("secret")) {
		t.Errorf("answer leaks the URL's password: %s", out)
	}
	var a struct {
		Report map[string]any `json:"report"`
		Plan   map[string]any `json:"plan"`
		Probes []any          `json:"probes"`
	}
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"challenges", "advice", "actions", "ancestors", "notes"} {
		if _, ok := a.Report[k].([]any); !ok {
			t.Errorf("report[%q] = %v, want a JSON array", k, a.Report[k])
		}
	}
	for _, k := range []string{"actions", "login", "register", "reset", "contacts", "details"} {
		if _, ok := a.Plan[k].([]any); !ok {
			t.Errorf("plan[%q] = %v, want a JSON array", k, a.Plan[k])
		}
	}
	if len(a.Probes) == 0 {
		t.Errorf("no probes for a Basic 401 below the root: %s", out)
	}
}

func TestCallRecoversPanic(t *testing.T) {
	handlers["panics"] = handler{func([]byte) ([]byte, error) { panic("boom") }, MaxInput}
	defer delete(handlers, "panics")
	_, err := call("panics", []byte(`{}`))
	if err == nil || err.Error() != "sesame: panics: internal error: boom" {
		t.Fatalf("call(panics) error = %v", err)
	}
	if _, err := call("redactURL", []byte(`{"url":"https://e.com/"}`)); err != nil {
		t.Fatalf("call after a panic: %v", err)
	}
}

func TestNames(t *testing.T) {
	got := strings.Join(names(), ",")
	if got != "analyze,parseAvailability,redactURL,siteOf,watchNext" {
		t.Errorf("names() = %s", got)
	}
}

// FuzzHandlers calls every handler directly (without call's recover, so
// a panic in the core fails the fuzz run) and checks that a result is JSON.
func FuzzHandlers(f *testing.F) {
	basic, err := os.ReadFile("testdata/basic-401.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		string(basic), ``, `{}`, `null`, `[]`, `{"url":"https://u:p@e.com/a?token=1#f"}`,
		`{"url":"http://[::1]:80/%zz","status":403,"headers":[{"name":"cf-mitigated","value":"challenge"}]}`,
		`{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Digest realm=\"a\\\"b\", qop=\"auth,auth-int\""}]}`,
		`{"url":"https://e.com/","dropQuery":true}`, `{"url":"https://e.com/"}}`,
		`{"response":{"url":"https://e.com/a/b","status":401},"results":[{"id":"home","url":"https://e.com/","status":200,"body":"<a href=/login>Sign in</a>"}]}`,
		`{"attempt":7,"retryAfter":"100000"}`, `{"attempt":2,"retryAfter":"Sat, 28 Nov 2026 14:00:00 GMT","now":"2026-11-28T12:00:00Z"}`, `{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"2024"}}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, name := range names() {
			out, err := handlers[name].fn([]byte(in))
			if err == nil && !json.Valid(out) {
				t.Fatalf("%s(%q) returned invalid JSON %q", name, in, out)
			}
		}
	})
}
