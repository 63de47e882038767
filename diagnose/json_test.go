package diagnose

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestDiagnoseJSONErrors(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{``, "empty input"},
		{`   `, "empty input"},
		{`null`, `missing field "url"`},
		{`[]`, "expected an object"},
		{`"x"`, "expected an object"},
		{`{`, "bad input JSON"},
		{`{"status":401}`, `missing field "url"`},
		{`{"url":"https://e.com/"}`, `missing field "status"`},
		{`{"url":null,"status":401}`, `missing field "url"`},
		{`{"url":1,"status":401}`, `field "url" must be a string`},
		{`{"url":"https://e.com/","status":"401"}`, `field "status" must be a number`},
		{`{"url":"https://e.com/","status":401.5}`, `field "status"`},
		{`{"url":"https://e.com/","status":401,"headers":{}}`, `field "headers" must be an array`},
		{`{"url":"https://e.com/","status":401,"now":"yesterday"}`, `field "now"`},
		{`{"url":"https://e.com/","status":401} {}`, "data after the object"},
		{`{"url":"https://e.com/","status":401} x`, "data after the object"},
		{"\xff\xfe", "bad input JSON"},
	} {
		out, err := DiagnoseJSON([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "diagnose: ") || out != nil {
			t.Errorf("DiagnoseJSON(%q) = %s, %v; want error with %q", c.in, out, err, c.err)
		}
	}
	big := make([]byte, MaxInputJSON+1)
	if _, err := DiagnoseJSON(big); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("big input: %v", err)
	}
}

func TestDiagnoseJSONOK(t *testing.T) {
	for _, in := range []string{
		`{"url":"data:text/html,x","status":200}`,
		`{"url":"about:blank","status":0}`,
		`{"url":"https://e.com/a/","status":403,"unknown":[1,2],"tabId":7}`,
		`{"url":"https://e.com/","status":401,"headers":[{"name":"www-authenticate","value":"Negotiate"}],"method":"get"}`,
	} {
		out, err := DiagnoseJSON([]byte(in))
		if err != nil {
			t.Errorf("DiagnoseJSON(%s): %v", in, err)
			continue
		}
		var r Report
		if err := json.Unmarshal(out, &r); err != nil {
			t.Errorf("output does not decode: %v", err)
		}
		checkReport(t, r)
	}
}

// TestDiagnoseJSONLargeBody sends a 10 MB page through JSON.
func TestDiagnoseJSONLargeBody(t *testing.T) {
	in, _ := json.Marshal(Input{URL: "https://e.com/x/", Status: 403, Body: strings.Repeat("page é\xff", 1<<20)}) // 10 MiB
	out, err := DiagnoseJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "note_body_truncated") {
		t.Errorf("no truncation note: %.300s", out)
	}
}

func FuzzDiagnoseJSON(f *testing.F) {
	for _, s := range loadSamples(f, "testdata/*.http") {
		b, err := json.Marshal(s.in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{`{"url":"data:x","status":200}`, `{"url":"https://e.com/","status":401,"headers":[{"name":"WWW-Authenticate","value":"Basic realm=\"x"}]}`} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("testdata/iis-403-6.http"); err == nil {
		in, _ := json.Marshal(Input{URL: "https://e.com/", Status: 403, Body: string(b)})
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := DiagnoseJSON(in)
		if err != nil {
			if out != nil || !strings.HasPrefix(err.Error(), "diagnose: ") {
				t.Fatalf("error %v with output %q", err, out)
			}
			return
		}
		var r Report
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("output does not decode: %v", err)
		}
		checkReport(t, r)
	})
}

// FuzzDiagnose drives Diagnose directly with a URL, a status, one header
// and a page, which reaches deeper than random JSON.
func FuzzDiagnose(f *testing.F) {
	for _, s := range loadSamples(f, "testdata/*.http") {
		h := ""
		for _, x := range s.in.Headers {
			if strings.EqualFold(x.Name, "WWW-Authenticate") || strings.EqualFold(x.Name, "Proxy-Authenticate") || strings.EqualFold(x.Name, "Retry-After") {
				h = x.Name + ":" + x.Value
			}
		}
		f.Add(s.in.URL, s.in.Method, s.in.Status, h, s.in.Body)
	}
	f.Fuzz(func(t *testing.T, url, method string, status int, header, body string) {
		name, value, _ := strings.Cut(header, ":")
		r := Diagnose(Input{URL: url, Method: method, Status: status, Headers: []Header{{name, value}}, Body: body, Now: testNow})
		checkReport(t, r)
	})
}
