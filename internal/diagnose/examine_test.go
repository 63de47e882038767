package diagnose

import (
	"reflect"
	"testing"

	"github.com/sesame-help/sesame/internal/site/discover"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

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
