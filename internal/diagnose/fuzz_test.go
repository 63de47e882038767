package diagnose

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/internal/site/discover"
)

// FuzzDiagnose drives Diagnose directly with a URL, a status, one header
// and a page, and checks the report's invariants (checkReport). The JSON
// of the report is held to encoding/json in package wasm.
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

// TestExamine checks that Examine gives Diagnose's report, and the links
// of the error page as discover.HTML reads them, whether Diagnose needed
// them or not.
func TestExamine(t *testing.T) {
	for _, s := range loadSamples(t, "testdata/*.http") {
		d := Examine(s.in)
		if r := Diagnose(s.in); !reflect.DeepEqual(d.Report, r) {
			t.Errorf("%s: Examine's report differs from Diagnose's", s.name)
		}
		p := d.ErrorPage()
		if d.Report.Kind == KindNotHTTP {
			if p != nil {
				t.Errorf("%s: not-http gives an error page", s.name)
			}
			continue
		}
		base, err := url.Parse(d.Report.URL)
		if err != nil {
			t.Fatal(err)
		}
		if want := discover.HTML(s.in.Body, base); p == nil || !reflect.DeepEqual(*p, want) {
			t.Errorf("%s: ErrorPage() = %+v, want %+v", s.name, p, want)
		}
	}
}
