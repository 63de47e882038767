package wayback

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
)

const replay = "https://web.archive.org/web/"

func read(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseAvailability(t *testing.T) {
	for _, tt := range []struct {
		file    string
		closest string
		when    string
		err     bool
	}{
		{file: "availability-found.json", closest: "http://web.archive.org/web/20240117103015/https://example.com/", when: "20240117103015"},
		// The empty answer the API sometimes gives for heavily captured pages.
		{file: "availability-empty.json"},
		{file: "availability-unavailable.json"},
		{file: "availability-badtimestamp.json", err: true},
		{file: "cdx-blocked-403.txt", err: true},
		{file: "cdx-emptybody.json", err: true},
	} {
		t.Run(tt.file, func(t *testing.T) {
			sum, err := ParseAvailability(bytes.NewReader(read(t, tt.file)))
			if tt.err {
				if err == nil || !strings.HasPrefix(err.Error(), "wayback: ") {
					t.Fatalf("error %v, want a wayback error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.CountKnown {
				t.Error("availability cannot know the count")
			}
			if tt.closest == "" {
				if sum.Closest != nil {
					t.Errorf("closest %v, want none", sum.Closest)
				}
				return
			}
			want, _ := archive.ParseTimestamp(tt.when)
			if sum.Closest == nil || sum.Closest.URI != tt.closest || !sum.Closest.Datetime.Equal(want) {
				t.Errorf("closest %+v, want %s at %v", sum.Closest, tt.closest, want)
			}
		})
	}
}

func TestParseCDX(t *testing.T) {
	for _, tt := range []struct {
		file                 string
		at                   string
		count                int
		first, last, closest string
		err                  bool
	}{
		{file: "cdx-found.json", count: 4,
			first:   replay + "20020120142510/http://example.com:80/",
			last:    replay + "20240117103015/https://example.com/",
			closest: replay + "20240117103015/https://example.com/"},
		{file: "cdx-found.json", at: "20090101", count: 4,
			first:   replay + "20020120142510/http://example.com:80/",
			last:    replay + "20240117103015/https://example.com/",
			closest: replay + "20080515010101/http://www.example.com/"},
		{file: "cdx-newest.json", count: 1,
			first: replay + "20240117103015/https://example.com/", last: replay + "20240117103015/https://example.com/",
			closest: replay + "20240117103015/https://example.com/"},
		// All seven default fields; the 404 capture is left out.
		{file: "cdx-fullfields.json", count: 1,
			first: replay + "19970126045828/http://www.example.com:80/", last: replay + "19970126045828/http://www.example.com:80/",
			closest: replay + "19970126045828/http://www.example.com:80/"},
		{file: "cdx-empty.json"},
		{file: "cdx-emptybody.json"},
		{file: "cdx-truncated.json", err: true},
		{file: "cdx-noheader.json", err: true},
		{file: "cdx-blocked-403.txt", err: true},
		{file: "availability-found.json", err: true},
		// Real answers (see testdata/README.md): the Internet Archive's
		// array, and pywb's one object per line.
		{file: "cdx-ia-discontents.json", at: "19990101", count: 4,
			first:   replay + "19981206012233/http://www.discontents.com.au:80/",
			last:    replay + "19990208004052/http://discontents.com.au:80/",
			closest: replay + "19981212024410/http://www.discontents.com.au:80/"},
		{file: "cdx-pywb-ukwa.jsonl", count: 1,
			first: replay + "20011030000019/http://www.bl.uk/", last: replay + "20011030000019/http://www.bl.uk/",
			closest: replay + "20011030000019/http://www.bl.uk/"},
		{file: "cdx-pywb-awa.jsonl", count: 1,
			first:   replay + "20031122074837/http://www.aph.gov.au/senate/committee/EET_CTTE/uni_finances/report/index.htm",
			last:    replay + "20031122074837/http://www.aph.gov.au/senate/committee/EET_CTTE/uni_finances/report/index.htm",
			closest: replay + "20031122074837/http://www.aph.gov.au/senate/committee/EET_CTTE/uni_finances/report/index.htm"},
		{file: "cdx-pywb-nzwa.jsonl", count: 1,
			first: replay + "20040711213225/http://www.natlib.govt.nz/", last: replay + "20040711213225/http://www.natlib.govt.nz/",
			closest: replay + "20040711213225/http://www.natlib.govt.nz/"},
		{file: "cdx-pywb-ukgwa.jsonl", count: 1,
			first: replay + "20031020010412/http://www.nationalarchives.gov.uk:80/", last: replay + "20031020010412/http://www.nationalarchives.gov.uk:80/",
			closest: replay + "20031020010412/http://www.nationalarchives.gov.uk:80/"},
		// Several lines, a revisit ("-") kept, a 404 left out, IA's field
		// names, blank lines between.
		{file: "cdx-pywb-lines.jsonl", at: "20050101", count: 3,
			first:   replay + "20011030000019/http://www.bl.uk/",
			last:    replay + "20100101000000/http://www.bl.uk/",
			closest: replay + "20040504230000/http://www.bl.uk/"},
		{file: "cdx-pywb-nested.jsonl", err: true},
	} {
		t.Run(tt.file+"@"+tt.at, func(t *testing.T) {
			var at time.Time
			if tt.at != "" {
				at, _ = archive.ParseTimestamp(tt.at)
			}
			sum, err := ParseCDX(bytes.NewReader(read(t, tt.file)), at, replay, CDXLimits{})
			if tt.err {
				if err == nil || !strings.HasPrefix(err.Error(), "wayback: ") {
					t.Fatalf("error %v, want a wayback error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Count != tt.count || !sum.CountKnown {
				t.Errorf("count %d, want %d", sum.Count, tt.count)
			}
			uri := func(m *archive.Memento) string {
				if m == nil {
					return ""
				}
				return m.URI
			}
			if uri(sum.First) != tt.first || uri(sum.Last) != tt.last || uri(sum.Closest) != tt.closest {
				t.Errorf("first %s last %s closest %s\nwant  %s      %s         %s", uri(sum.First), uri(sum.Last), uri(sum.Closest), tt.first, tt.last, tt.closest)
			}
		})
	}
}

func TestParseCDXLimit(t *testing.T) {
	_, err := ParseCDX(bytes.NewReader(read(t, "cdx-found.json")), time.Time{}, replay, CDXLimits{MaxBytes: 64})
	if !errors.Is(err, archive.ErrTooLarge) {
		t.Errorf("error %v, want ErrTooLarge", err)
	}
}

// TestParseCDXBounds: every field, the rows and the bytes are bounded.
func TestParseCDXBounds(t *testing.T) {
	long := `{"timestamp": "20011030000019", "url": "http://www.bl.uk/` + strings.Repeat("a", MaxCDXField) + `", "status": "200"}`
	if _, err := ParseCDX(strings.NewReader(long), time.Time{}, replay, CDXLimits{}); err == nil || !strings.Contains(err.Error(), "field longer") {
		t.Errorf("long pywb field: error %v", err)
	}
	longRow := `[["timestamp","original"],["20011030000019","http://www.bl.uk/` + strings.Repeat("a", MaxCDXField) + `"]]`
	if _, err := ParseCDX(strings.NewReader(longRow), time.Time{}, replay, CDXLimits{}); err == nil || !strings.Contains(err.Error(), "field longer") {
		t.Errorf("long array field: error %v", err)
	}
	var lines strings.Builder
	for i := 0; i < 11; i++ {
		lines.WriteString(`{"timestamp": "20011030000019", "url": "http://www.bl.uk/", "status": "200"}` + "\n")
	}
	if _, err := ParseCDX(strings.NewReader(lines.String()), time.Time{}, replay, CDXLimits{MaxRows: 10}); !errors.Is(err, archive.ErrTooLarge) {
		t.Errorf("11 rows with MaxRows 10: error %v", err)
	}
	if sum, err := ParseCDX(strings.NewReader(lines.String()), time.Time{}, replay, CDXLimits{MaxRows: 11}); err != nil || sum.Count != 11 {
		t.Errorf("11 rows with MaxRows 11: %v", err)
	}
	if _, err := ParseCDX(strings.NewReader(lines.String()), time.Time{}, replay, CDXLimits{MaxBytes: 100}); !errors.Is(err, archive.ErrTooLarge) {
		t.Errorf("MaxBytes 100: error %v", err)
	}
}

func TestIsBlocked(t *testing.T) {
	for _, f := range []string{"cdx-blocked-403.txt", "cdx-blocked-403-ia.txt"} {
		if !IsBlocked(read(t, f)) {
			t.Errorf("blocked-site answer %s not recognised", f)
		}
	}
	if IsBlocked(read(t, "cdx-found.json")) {
		t.Error("CDX rows taken for a block")
	}
}

func TestQueries(t *testing.T) {
	at := time.Date(2010, 5, 1, 0, 0, 0, 0, time.UTC)
	if got := AvailabilityQuery("http://example.com/?a=1&b=2", at).Encode(); got != "timestamp=20100501000000&url=http%3A%2F%2Fexample.com%2F%3Fa%3D1%26b%3D2" {
		t.Errorf("availability query %s", got)
	}
	if got := CDXQuery("example.com", time.Time{}).Encode(); !strings.Contains(got, "limit=-1") || !strings.Contains(got, "output=json") || !strings.Contains(got, "filter=statuscode%3A200") {
		t.Errorf("cdx query %s", got)
	}
	if got := CDXQuery("example.com", at).Encode(); !strings.Contains(got, "closest=20100501000000") || !strings.Contains(got, "sort=closest") {
		t.Errorf("cdx query with at %s", got)
	}
}

func seeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		b, _ := os.ReadFile(name)
		f.Add(b)
	}
}

func FuzzParseAvailability(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		sum, err := ParseAvailability(bytes.NewReader(data))
		if err == nil && sum.Closest != nil && sum.Closest.URI == "" {
			t.Fatal("closest without URI")
		}
	})
}

func FuzzParseCDX(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxField = 64
		sum, err := ParseCDX(bytes.NewReader(data), time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), replay, CDXLimits{MaxBytes: 1 << 20, MaxRows: 100, MaxField: maxField})
		if err != nil {
			return
		}
		if (sum.Count == 0) != (sum.Closest == nil) || sum.Count > 100 {
			t.Fatalf("count %d closest %v", sum.Count, sum.Closest)
		}
		for _, m := range []*archive.Memento{sum.First, sum.Last, sum.Closest} {
			if m != nil && (len(m.URI) > len(replay)+2*maxField+1 || !strings.HasPrefix(m.URI, replay)) {
				t.Fatalf("memento URI %q beyond the bounds", m.URI)
			}
		}
	})
}
