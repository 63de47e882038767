package iis

import (
	"path"
	"strings"
	"testing"

	fixture "github.com/sesame-help/sesame/internal/sample"
)

type sample struct {
	name, page, want string // want "" means no sub-status
}

// loadSamples reads testdata: the file name starts with the expected code
// ("401.2-…") or with "none-".
func loadSamples(t testing.TB) []sample {
	t.Helper()
	var out []sample
	for _, name := range fixture.Glob(t, "internal/response/iis/testdata/*") {
		base := path.Base(name)
		want, _, _ := strings.Cut(base, "-")
		if want == "none" {
			want = ""
		}
		out = append(out, sample{base, fixture.Read(t, name), want})
	}
	if len(out) < 20 {
		t.Fatalf("only %d samples", len(out))
	}
	return out
}

func TestFindSamples(t *testing.T) {
	for _, s := range loadSamples(t) {
		got, ok := Find(s.page)
		if got.Code != s.want || ok != (s.want != "") {
			t.Errorf("%s: Find = %q %v, want %q", s.name, got.Code, ok, s.want)
			continue
		}
		if ok && !got.Known() {
			t.Errorf("%s: %s not known", s.name, got.Code)
		}
	}
}

func TestFind(t *testing.T) {
	for _, c := range []struct{ page, want string }{
		// Forms seen on real pages.
		{"HTTP Error 401.2 - Unauthorized", "401.2"},
		{"<h3>HTTP Error 403.14 - Forbidden</h3>", "403.14"},
		{"HTTP&nbsp;Error&nbsp;403.6&nbsp;- Forbidden", "403.6"},
		{"HTTP Error 403.6 - Forbidden: IP address rejected.", "403.6"},
		{"<title>IIS 10.0 Detailed Error - 401.3 - Unauthorized</title>", "401.3"},
		{"HTTP 401.1 - Unauthorized: Logon Failed", "401.1"},
		{"Error 403.4 – Forbidden", "403.4"},
		{"401.5 - Unauthorized: Authorization failed by ISAPI/CGI application.", "401.5"},
		{"403.9: Access Forbidden: Too many users are connected", "403.9"},
		{"Fehler 403.503", "403.503"},
		{"x IIS70Error=403,14,0x00000000,17763", "403.14"},
		{"x IIS70Error=401,1,0x8007052e,9200 y", "401.1"},
		{"HTTP Error 404.0 - Not Found", ""}, // not 401/403
		{"HTTP Error 401.", ""},
		{"HTTP Error 401.1234 - Unauthorized", ""},
		{"HTTP Error401.2 - Unauthorized", "401.2"}, // no space before, but the status word follows
		{"Terror 401.2", ""},
		{"version 1.401.2 - Unauthorized", ""},
		{"401.2", ""},
		{"IIS70Error=404,0,0x80070002,17763", ""},
		{"IIS70Error=401,,0x0", ""},
		{"IIS70Error=401,2", ""},
		{"", ""},
	} {
		got, ok := Find(c.page)
		if got.Code != c.want || ok != (c.want != "") {
			t.Errorf("Find(%q) = %q %v, want %q", c.page, got.Code, ok, c.want)
		}
	}
}

func TestStatusFields(t *testing.T) {
	s, ok := Find("HTTP Error 403.14 - Forbidden")
	if !ok || s.Status != 403 || s.Sub != 14 || s.Name() != "Directory listing denied" {
		t.Errorf("got %+v %q", s, s.Name())
	}
	if u := (Status{Code: "403.99"}); u.Known() || u.Name() != "" {
		t.Errorf("403.99 known")
	}
}

// TestLargePage checks a 10 MB page full of near misses finishes and finds
// the code at its end.
func TestLargePage(t *testing.T) {
	page := strings.Repeat("40 401. 403.x 1.401.2 ", 500000) + "HTTP Error 401.3 - Unauthorized"
	if got, ok := Find(page); !ok || got.Code != "401.3" {
		t.Errorf("got %q %v", got.Code, ok)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range loadSamples(f) {
		f.Add(s.page)
	}
	f.Add("HTTP Error 401.2 - Unauthorized")
	f.Fuzz(func(t *testing.T, page string) {
		got, ok := Find(page)
		if !ok {
			if got != (Status{}) {
				t.Fatalf("not found but %+v", got)
			}
			return
		}
		if got.Status != 401 && got.Status != 403 || got.Sub < 0 || got.Sub > 999 {
			t.Fatalf("bad status %+v", got)
		}
		if !strings.HasPrefix(got.Code, map[int]string{401: "401.", 403: "403."}[got.Status]) {
			t.Fatalf("code %q for %d", got.Code, got.Status)
		}
	})
}
