package memento

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

func seedFiles(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// FuzzParseTimeMap checks that no input makes the TimeMap parser panic or
// loop, and that what it reports is consistent.
func FuzzParseTimeMap(f *testing.F) {
	seedFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // size limits are tested in TestParseTimeMapLimits
		}
		at := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
		res, err := ParseTimeMap(bytes.NewReader(data), at, Limits{MaxLink: 4096})
		if err == nil {
			checkSummary(t, res)
		}
		// With a base and the registry's check, whatever is kept is an
		// http(s) URL on the archive's hosts.
		res, err = ParseTimeMapWith(bytes.NewReader(data), at, Options{Limits: Limits{MaxLink: 4096}, MaxMementos: 1000, Base: fuzzBase, Check: fuzzArchive.CheckMemento})
		if err != nil {
			return
		}
		checkSummary(t, res)
		if res.Count > 1000 {
			t.Fatalf("count %d beyond MaxMementos", res.Count)
		}
		for _, m := range []*archive.Memento{res.First, res.Last, res.Closest} {
			if m == nil {
				continue
			}
			if _, err := fuzzArchive.CheckMemento(m.URI, nil); err != nil {
				t.Fatalf("kept %q, which the check refuses as it stands: %v", m.URI, err)
			}
		}
	})
}

var (
	fuzzBase, _ = url.Parse("https://www.webarchive.org.uk/wayback/archive/timemap/link/http://bl.uk/")
	fuzzArchive = func() *registry.Archive {
		for _, a := range registry.Default() {
			if a.ID == "ukwa" {
				return &a
			}
		}
		panic("no ukwa")
	}()
)

func checkSummary(t *testing.T, res *TimeMapResult) {
	t.Helper()
	if res.Count < 0 || (res.Count == 0) != (res.First == nil) || (res.First == nil) != (res.Closest == nil) {
		t.Fatalf("inconsistent summary: count %d first %v closest %v", res.Count, res.First, res.Closest)
	}
	if res.First != nil && res.Last.Datetime.Before(res.First.Datetime) {
		t.Fatalf("last %v before first %v", res.Last.Datetime, res.First.Datetime)
	}
}

// FuzzReader checks the link-format reader on its own, for Link headers.
func FuzzReader(f *testing.F) {
	seedFiles(f)
	f.Add([]byte(`<a>; rel="first last memento"; datetime="Wed, 11 Sep 2002 07:39:33 GMT"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), Limits{MaxLink: 4096})
		for i := 0; ; i++ {
			if i > len(data) {
				t.Fatal("more link-values than bytes")
			}
			l, err := r.Next()
			if errors.Is(err, ErrMalformed) {
				continue // the reader goes on after a malformed link-value
			}
			if err == io.EOF || err != nil {
				return
			}
			if i > len(data) {
				t.Fatal("more links than bytes")
			}
			_ = l.HasRel("memento")
		}
	})
}

// FuzzParseTimeGate feeds arbitrary Location and Link headers.
func FuzzParseTimeGate(f *testing.F) {
	f.Add("https://a.example/web/20010101000000/http://example.com/", `<https://a.example/web/20010101000000/http://example.com/>; rel="memento"; datetime="Mon, 01 Jan 2001 00:00:00 GMT"`)
	f.Add("/all/20110203040506mp_/x", "")
	f.Add("%zz", "<")
	f.Add("//www.webarchive.org.uk/wayback/archive/20010101000000/http://bl.uk/",
		`<https://www.webarchive.org.uk/wayback/archive/20010101000000/http://bl.uk/>; rel="first memento"; datetime="Mon, 01 Jan 2001 00:00:00 GMT", <javascript:alert(1)>; rel="last memento"; datetime="Tue, 01 Jan 2002 00:00:00 GMT"`)
	base, _ := url.Parse("https://a.example/web/http://example.com/")
	f.Fuzz(func(t *testing.T, loc, link string) {
		h := http.Header{"Location": {loc}, "Link": {link}}
		sum, err := ParseTimeGate(302, h, base)
		if err == nil && sum.Closest == nil {
			t.Fatal("no error and no memento")
		}
		sum, err = ParseTimeGateWith(302, h, fuzzBase, fuzzArchive.CheckMemento)
		if err == nil {
			for _, m := range []*archive.Memento{sum.First, sum.Last, sum.Closest} {
				if m == nil {
					continue
				}
				if _, err := fuzzArchive.CheckMemento(m.URI, nil); err != nil {
					t.Fatalf("kept %q, which the check refuses: %v", m.URI, err)
				}
			}
		}
	})
}

// FuzzParseHTTPDate compares the fast path with net/http.
func FuzzParseHTTPDate(f *testing.F) {
	f.Add("Wed, 11 Sep 2002 07:39:33 GMT")
	f.Add("Thu, 31 Feb 2024 00:00:00 GMT")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseRFC1123([]byte(s))
		if !ok {
			return
		}
		want, err := time.Parse(time.RFC1123, s)
		if err != nil {
			// Only lenient differences are allowed: the weekday, UTC, case.
			return
		}
		if !got.Equal(want) {
			t.Fatalf("%q: fast %v, time.Parse %v", s, got, want)
		}
	})
}
