package diagnose

import (
	"strings"
	"testing"
)

// FuzzDiagnose drives Diagnose directly with a URL, a status, one header
// and a page, and checks the report's invariants (checkReport). The JSON
// of the report is held to encoding/json in package wasm.
func FuzzDiagnose(f *testing.F) {
	for _, s := range append(loadSamples(f, "testdata/*.http"), loadSamples(f, "testdata/servers/*.http")...) {
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
