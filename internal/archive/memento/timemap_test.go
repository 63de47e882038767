package memento

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive"
)

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

var timeMapTests = []struct {
	file    string
	at      string // RFC 3339, "" for the newest
	count   int
	skipped int
	// malformed counts link-values skipped as unreadable.
	malformed int
	first     string // URI
	last      string
	closest   string
	err       error // errors.Is target; nil: no error
	errText   string
}{
	// Real formats.
	{file: "timemap-wayback.txt", count: 4,
		first:   "https://web.archive.org/web/20021220043212/http://example.com/",
		last:    "https://web.archive.org/web/20240117103015/https://example.com/",
		closest: "https://web.archive.org/web/20240117103015/https://example.com/"},
	{file: "timemap-wayback.txt", at: "2009-06-01T00:00:00Z", count: 4,
		first:   "https://web.archive.org/web/20021220043212/http://example.com/",
		last:    "https://web.archive.org/web/20240117103015/https://example.com/",
		closest: "https://web.archive.org/web/20100501000000/http://example.com/"},
	{file: "timemap-archivetoday.txt", at: "2013-01-01T00:00:00Z", count: 3,
		first:   "https://archive.ph/20130118061549/http://example.com/",
		last:    "https://archive.ph/ZxJ1g",
		closest: "https://archive.ph/20130118061549/http://example.com/"},
	{file: "timemap-pywb.txt", count: 2,
		first:   "https://arquivo.pt/wayback/20051115100000/http://example.com/",
		last:    "https://arquivo.pt/wayback/20151231235959/http://example.com/",
		closest: "https://arquivo.pt/wayback/20151231235959/http://example.com/"},
	// Multi-token and upper-case rel, commas inside <> and quotes, escaped
	// quotes, line breaks anywhere, no trailing comma, one bad datetime.
	{file: "timemap-tricky.txt", at: "2004-01-01T00:00:00Z", count: 3, skipped: 1,
		first:   "https://arch.example/web/20010101000000/http://example.com/a,b",
		last:    "https://arch.example/web/20200202020202/http://example.com/a,b",
		closest: "https://arch.example/web/20050606000000/http://example.com/a,b"},
	{file: "timemap-empty.txt", count: 0},
	// Not TimeMaps.
	{file: "challenge-cloudflare.html", err: archive.ErrChallenge},
	{file: "not-timemap.html", err: ErrNotTimeMap},
	// Answers the archives sent (see testdata/README.md).
	{file: "timemap-awa.txt", count: 2,
		first:   "https://web.archive.org.au/awa/20001206211500mp_/http://www.gov.au/",
		last:    "https://web.archive.org.au/awa/20010118203600mp_/http://www.gov.au/",
		closest: "https://web.archive.org.au/awa/20010118203600mp_/http://www.gov.au/"},
	{file: "timemap-ukwa.txt", at: "2001-11-01T00:00:00Z", count: 2,
		first:   "https://www.webarchive.org.uk/wayback/archive/20011030000019mp_/http://www.bl.uk/",
		last:    "https://www.webarchive.org.uk/wayback/archive/20011113000000mp_/http://www.bl.uk/",
		closest: "https://www.webarchive.org.uk/wayback/archive/20011030000019mp_/http://www.bl.uk/"},
	{file: "timemap-nzwa.txt", count: 2,
		first:   "https://ndhadeliver.natlib.govt.nz/webarchive/20040711213225mp_/http://www.natlib.govt.nz/",
		last:    "https://ndhadeliver.natlib.govt.nz/webarchive/20060704033135mp_/http://www.natlib.govt.nz/",
		closest: "https://ndhadeliver.natlib.govt.nz/webarchive/20060704033135mp_/http://www.natlib.govt.nz/"},
	{file: "timemap-ia.txt", count: 2,
		first:   "https://web.archive.org/web/19981206012233/http://www.discontents.com.au:80/",
		last:    "https://web.archive.org/web/19981212024410/http://www.discontents.com.au:80/",
		closest: "https://web.archive.org/web/19981212024410/http://www.discontents.com.au:80/"},
	{file: "timemap-bac-lac-port.txt", at: "2010-01-01T00:00:00Z", count: 4,
		first:   "http://webarchive.bac-lac.gc.ca:8080/wayback/20060114023625/http://www.cnn.com/",
		last:    "http://webarchive.bac-lac.gc.ca:8080/wayback/20131122104328/http://www.cnn.com/",
		closest: "http://webarchive.bac-lac.gc.ca:8080/wayback/20060215225732/http://www.cnn.com/"},
	// A stray '>' after a parameter costs that entry only.
	{file: "timemap-ia-stray.txt", count: 1, malformed: 1,
		first:   "https://web.archive.org/web/19981212024410/http://www.discontents.com.au:80/",
		last:    "https://web.archive.org/web/19981212024410/http://www.discontents.com.au:80/",
		closest: "https://web.archive.org/web/19981212024410/http://www.discontents.com.au:80/"},
	// Without a base, protocol-relative links are kept as written.
	{file: "timemap-ukwa-protocol-relative.txt", count: 2,
		first:   "//www.webarchive.org.uk/wayback/archive/20011030000019mp_/http://www.bl.uk/",
		last:    "//www.webarchive.org.uk/wayback/archive/20011113000000mp_/http://www.bl.uk/",
		closest: "//www.webarchive.org.uk/wayback/archive/20011113000000mp_/http://www.bl.uk/"},
	// An unterminated quote costs the entries up to the next line that
	// starts a link (here the broken line reads as two pieces, split at
	// the comma of its date); at the end of the answer, the last entry.
	{file: "malformed-unterminated.txt", count: 1, malformed: 1,
		first:   "https://web.archive.org/web/20021220043212/http://example.com/",
		last:    "https://web.archive.org/web/20021220043212/http://example.com/",
		closest: "https://web.archive.org/web/20021220043212/http://example.com/"},
	{file: "malformed-unterminated-middle.txt", count: 2, malformed: 2,
		first:   "https://web.archive.org/web/20021220043212/http://example.com/",
		last:    "https://web.archive.org/web/20050101000000/http://example.com/",
		closest: "https://web.archive.org/web/20050101000000/http://example.com/"},
	// Nothing readable at all is an error.
	{file: "malformed-no-brackets.txt", err: ErrMalformed, errText: "does not start with '<'"},
	{file: "malformed-no-semicolon.txt", err: ErrMalformed, errText: "expected ';'"},
	{file: "challenge-cloudflare-iuam.html", err: archive.ErrChallenge},
	{file: "challenge-cloudflare-managed-2025.html", err: archive.ErrChallenge},
	{file: "challenge-archiveit-session.html", err: archive.ErrChallenge},
}

func TestParseTimeMap(t *testing.T) {
	for _, tt := range timeMapTests {
		t.Run(tt.file+"@"+tt.at, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var at time.Time
			if tt.at != "" {
				at = date(tt.at)
			}
			res, err := ParseTimeMapWith(f, at, Options{})
			if tt.err != nil || tt.errText != "" {
				if err == nil {
					t.Fatalf("ParseTimeMap: no error, want %v %q", tt.err, tt.errText)
				}
				if tt.err != nil && !errors.Is(err, tt.err) {
					t.Errorf("error %v, want %v", err, tt.err)
				}
				if !strings.Contains(err.Error(), tt.errText) || !strings.HasPrefix(err.Error(), "memento: ") && tt.err == nil {
					t.Errorf("error %q, want it to contain %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTimeMap: %v", err)
			}
			if res.Count != tt.count || res.Skipped != tt.skipped || res.Malformed != tt.malformed || !res.CountKnown {
				t.Errorf("count %d skipped %d malformed %d (known %v), want %d, %d and %d", res.Count, res.Skipped, res.Malformed, res.CountKnown, tt.count, tt.skipped, tt.malformed)
			}
			check := func(name string, m *archive.Memento, want string) {
				t.Helper()
				switch {
				case want == "" && m != nil:
					t.Errorf("%s = %v, want none", name, m)
				case want != "" && m == nil:
					t.Errorf("%s missing, want %s", name, want)
				case m != nil && m.URI != want:
					t.Errorf("%s = %s, want %s", name, m.URI, want)
				}
			}
			check("first", res.First, tt.first)
			check("last", res.Last, tt.last)
			check("closest", res.Closest, tt.closest)
		})
	}
}

// TestParseTimeMapStrict: ParseTimeMap keeps its callers' behaviour, a
// malformed link-value is an error.
func TestParseTimeMapStrict(t *testing.T) {
	for _, f := range []string{"timemap-ia-stray.txt", "malformed-unterminated.txt", "malformed-unterminated-middle.txt"} {
		b, _ := os.ReadFile("testdata/" + f)
		if _, err := ParseTimeMap(bytes.NewReader(b), time.Time{}, Limits{}); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: error %v, want ErrMalformed", f, err)
		}
	}
}

func TestParseTimeMapDatetimes(t *testing.T) {
	f, _ := os.ReadFile("testdata/timemap-wayback.txt")
	res, err := ParseTimeMap(bytes.NewReader(f), time.Time{}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.First.Datetime, date("2002-12-20T04:32:12Z"); !got.Equal(want) {
		t.Errorf("first datetime %v, want %v", got, want)
	}
	if got, want := res.Last.Datetime, date("2024-01-17T10:30:15Z"); !got.Equal(want) {
		t.Errorf("last datetime %v, want %v", got, want)
	}
}

func TestParseTimeMapLimits(t *testing.T) {
	f, _ := os.ReadFile("testdata/timemap-wayback.txt")
	if _, err := ParseTimeMap(bytes.NewReader(f), time.Time{}, Limits{MaxBytes: 100}); !errors.Is(err, archive.ErrTooLarge) {
		t.Errorf("MaxBytes 100: error %v, want ErrTooLarge", err)
	}
	if _, err := ParseTimeMap(bytes.NewReader(f), time.Time{}, Limits{MaxBytes: int64(len(f))}); err != nil {
		t.Errorf("MaxBytes = size: %v", err)
	}
	long := "<https://a.example/" + strings.Repeat("x", 2000) + `>; rel="memento"; datetime="Fri, 20 Dec 2002 04:32:12 GMT"`
	if _, err := ParseTimeMap(strings.NewReader(long), time.Time{}, Limits{MaxLink: 1024}); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("long link: error %v, want too long", err)
	}
}

// TestParseTimeMapHuge streams a TimeMap of 200,000 mementos through the
// parser without holding it: the generator writes into a pipe.
func TestParseTimeMapHuge(t *testing.T) {
	const n = 200000
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriter(pw)
		fakearchive.WriteTimeMap(bw, "https://arch.example", "http://example.com/", n)
		bw.Flush()
		pw.Close()
	}()
	at := fakearchive.CopyTime(12345).Add(10 * time.Minute)
	res, err := ParseTimeMap(pr, at, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count != n {
		t.Errorf("count %d, want %d", res.Count, n)
	}
	if !res.First.Datetime.Equal(fakearchive.CopyTime(0)) || !res.Last.Datetime.Equal(fakearchive.CopyTime(n-1)) {
		t.Errorf("first %v last %v", res.First.Datetime, res.Last.Datetime)
	}
	if !res.Closest.Datetime.Equal(fakearchive.CopyTime(12345)) {
		t.Errorf("closest %v, want %v", res.Closest.Datetime, fakearchive.CopyTime(12345))
	}
	if !strings.Contains(res.Closest.URI, archive.FormatTimestamp(fakearchive.CopyTime(12345))) {
		t.Errorf("closest URI %s", res.Closest.URI)
	}
}

func TestParseHTTPDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string // RFC 3339, "" for invalid
	}{
		{"Wed, 11 Sep 2002 07:39:33 GMT", "2002-09-11T07:39:33Z"},
		{"wed, 11 sep 2002 07:39:33 GMT", "2002-09-11T07:39:33Z"},
		{"Thu, 29 Feb 2024 23:59:59 GMT", "2024-02-29T23:59:59Z"},
		{"Wednesday, 11-Sep-02 07:39:33 GMT", "2002-09-11T07:39:33Z"}, // RFC 850
		{"Wed Sep 11 07:39:33 2002", "2002-09-11T07:39:33Z"},          // asctime
		{"Thu, 31 Feb 2024 00:00:00 GMT", ""},
		{"Thu, 01 Foo 2024 00:00:00 GMT", ""},
		{"Thu, 01 Jan 2024 24:00:00 GMT", ""},
		{"2024-01-01T00:00:00Z", ""},
		{"", ""},
	} {
		got, ok := ParseHTTPDate([]byte(tt.in))
		if tt.want == "" {
			if ok {
				t.Errorf("ParseHTTPDate(%q) = %v, want invalid", tt.in, got)
			}
			continue
		}
		if !ok || !got.Equal(date(tt.want)) {
			t.Errorf("ParseHTTPDate(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
}

func TestIsChallenge(t *testing.T) {
	page, _ := os.ReadFile("testdata/challenge-cloudflare.html")
	tm, _ := os.ReadFile("testdata/timemap-wayback.txt")
	other, _ := os.ReadFile("testdata/not-timemap.html")
	if !IsChallenge(nil, page) {
		t.Error("Cloudflare page not recognised")
	}
	if IsChallenge(nil, tm) || IsChallenge(nil, other) {
		t.Error("TimeMap or plain HTML taken for a challenge")
	}
	h := http.Header{"Cf-Mitigated": {"challenge"}}
	if !IsChallenge(h, nil) {
		t.Error("cf-mitigated header not recognised")
	}
}

func TestParseTimeGate(t *testing.T) {
	base, _ := url.Parse("https://webarchive.loc.gov/all/http://example.com/")
	link := `<http://example.com/>; rel="original", <https://webarchive.loc.gov/all/timemap/link/http://example.com/>; rel="timemap"; type="application/link-format", ` +
		`<https://webarchive.loc.gov/all/20010101000000/http://example.com/>; rel="first memento"; datetime="Mon, 01 Jan 2001 00:00:00 GMT", ` +
		`<https://webarchive.loc.gov/all/20150101000000/http://example.com/>; rel="memento"; datetime="Thu, 01 Jan 2015 00:00:00 GMT", ` +
		`<https://webarchive.loc.gov/all/20230101000000/http://example.com/>; rel="last memento"; datetime="Sun, 01 Jan 2023 00:00:00 GMT"`
	for _, tt := range []struct {
		name    string
		status  int
		h       http.Header
		closest string
		when    string
		first   bool
		err     bool
	}{
		{"redirect with Link", 302, http.Header{"Location": {"https://webarchive.loc.gov/all/20150101000000/http://example.com/"}, "Link": {link}},
			"https://webarchive.loc.gov/all/20150101000000/http://example.com/", "2015-01-01T00:00:00Z", true, false},
		{"relative Location, no Link", 302, http.Header{"Location": {"/all/20110203040506mp_/http://example.com/"}},
			"https://webarchive.loc.gov/all/20110203040506mp_/http://example.com/", "2011-02-03T04:05:06Z", false, false},
		{"200 memento", 200, http.Header{"Memento-Datetime": {"Sat, 01 May 2010 00:00:00 GMT"}, "Content-Location": {"/m/abc"}},
			"https://webarchive.loc.gov/m/abc", "2010-05-01T00:00:00Z", false, false},
		{"no datetime", 302, http.Header{"Location": {"https://webarchive.loc.gov/m/abc"}}, "", "", false, true},
		{"no Location", 302, http.Header{}, "", "", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := ParseTimeGate(tt.status, tt.h, base)
			if tt.err {
				if err == nil {
					t.Fatalf("no error, got %+v", sum.Closest)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Closest.URI != tt.closest || !sum.Closest.Datetime.Equal(date(tt.when)) {
				t.Errorf("closest %+v, want %s at %s", sum.Closest, tt.closest, tt.when)
			}
			if (sum.First != nil) != tt.first || sum.CountKnown {
				t.Errorf("first %v, count known %v", sum.First, sum.CountKnown)
			}
		})
	}
}
