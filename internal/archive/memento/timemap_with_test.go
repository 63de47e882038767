package memento

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

func defaultArchive(t testing.TB, id string) *registry.Archive {
	t.Helper()
	for _, a := range registry.Default() {
		if a.ID == id {
			return &a
		}
	}
	t.Fatalf("no archive %q", id)
	return nil
}

func TestParseTimeMapWith(t *testing.T) {
	ukwa := defaultArchive(t, "ukwa")
	wayback := defaultArchive(t, "wayback")
	ukwaBase, _ := url.Parse("https://www.webarchive.org.uk/wayback/archive/timemap/link/http://bl.uk/")
	iaBase, _ := url.Parse("https://web.archive.org/web/timemap/link/http://discontents.com.au/")
	// An archive that names bac-lac's host without its port 8080.
	noPort := registry.Archive{ID: "lac", Name: "LAC", Enabled: true,
		Endpoint: registry.Endpoint{Kind: registry.TimeMap, URL: "http://webarchive.bac-lac.gc.ca/wayback/timemap/link/"}}
	lacBase, _ := url.Parse("http://webarchive.bac-lac.gc.ca/wayback/timemap/link/http://www.cnn.com")
	hostile := "<https://web.archive.org/web/20010101000000/http://example.com/>; rel=\"memento\"; datetime=\"Mon, 01 Jan 2001 00:00:00 GMT\",\n" +
		"<javascript:alert(document.domain)//https://web.archive.org/web/>; rel=\"memento\"; datetime=\"Sat, 01 Jan 2022 00:00:00 GMT\",\n" +
		"<https://evil.example/web/20230101000000/http://example.com/>; rel=\"memento\"; datetime=\"Sun, 01 Jan 2023 00:00:00 GMT\",\n" +
		"<http://web.archive.org:80@evil.example/web/20240101000000/http://example.com/>; rel=\"memento\"; datetime=\"Mon, 01 Jan 2024 00:00:00 GMT\",\n" +
		"</web/20050101000000/http://example.com/>; rel=\"memento\"; datetime=\"Sat, 01 Jan 2005 00:00:00 GMT\""

	for _, tt := range []struct {
		name      string
		body      string // or file
		file      string
		o         Options
		count     int
		dropped   int
		reason    string
		first     string
		last      string
		errTarget error
	}{
		{name: "UKWA protocol-relative, resolved", file: "timemap-ukwa-protocol-relative.txt",
			o:     Options{Base: ukwaBase, Check: ukwa.CheckMemento},
			count: 2,
			first: "https://www.webarchive.org.uk/wayback/archive/20011030000019mp_/http://www.bl.uk/",
			last:  "https://www.webarchive.org.uk/wayback/archive/20011113000000mp_/http://www.bl.uk/"},
		{name: "UKWA protocol-relative, resolved without a check", file: "timemap-ukwa-protocol-relative.txt",
			o:     Options{Base: ukwaBase},
			count: 2,
			first: "https://www.webarchive.org.uk/wayback/archive/20011030000019mp_/http://www.bl.uk/",
			last:  "https://www.webarchive.org.uk/wayback/archive/20011113000000mp_/http://www.bl.uk/"},
		{name: "hostile links dropped, relative one resolved", body: hostile,
			o:       Options{Base: iaBase, Check: wayback.CheckMemento},
			count:   2,
			dropped: 3,
			reason:  "registry: memento dropped: javascript: scheme",
			first:   "https://web.archive.org/web/20010101000000/http://example.com/",
			last:    "https://web.archive.org/web/20050101000000/http://example.com/"},
		{name: "another port is not the archive's", file: "timemap-bac-lac-port.txt",
			o:       Options{Base: lacBase, Check: noPort.CheckMemento},
			count:   0,
			dropped: 4,
			reason:  "port not named"},
		{name: "too many mementos", file: "timemap-bac-lac-port.txt",
			o:         Options{MaxMementos: 3},
			errTarget: archive.ErrTooLarge},
		{name: "exactly as many mementos as allowed", file: "timemap-bac-lac-port.txt",
			o:     Options{MaxMementos: 4},
			count: 4,
			first: "http://webarchive.bac-lac.gc.ca:8080/wayback/20060114023625/http://www.cnn.com/",
			last:  "http://webarchive.bac-lac.gc.ca:8080/wayback/20131122104328/http://www.cnn.com/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if tt.file != "" {
				b, err := os.ReadFile("testdata/" + tt.file)
				if err != nil {
					t.Fatal(err)
				}
				body = string(b)
			}
			res, err := ParseTimeMapWith(strings.NewReader(body), time.Time{}, tt.o)
			if tt.errTarget != nil {
				if !errors.Is(err, tt.errTarget) {
					t.Fatalf("error %v, want %v", err, tt.errTarget)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Count != tt.count || res.Dropped != tt.dropped || !strings.Contains(res.DropReason, tt.reason) {
				t.Errorf("count %d dropped %d (%q), want %d, %d (%q)", res.Count, res.Dropped, res.DropReason, tt.count, tt.dropped, tt.reason)
			}
			if strings.Contains(res.DropReason, "evil") || strings.Contains(res.DropReason, "alert") {
				t.Errorf("drop reason %q shows the URL", res.DropReason)
			}
			uri := func(m *archive.Memento) string {
				if m == nil {
					return ""
				}
				return m.URI
			}
			if uri(res.First) != tt.first || uri(res.Last) != tt.last {
				t.Errorf("first %s last %s, want %s and %s", uri(res.First), uri(res.Last), tt.first, tt.last)
			}
		})
	}
}

// TestParseTimeMapWithChecksOnce: a TimeMap on one host asks the check
// once, not once per memento.
func TestParseTimeMapWithChecksOnce(t *testing.T) {
	a := defaultArchive(t, "wayback")
	calls := 0
	check := func(ref string, base *url.URL) (*url.URL, error) {
		calls++
		return a.CheckMemento(ref, base)
	}
	res, err := ParseTimeMapWith(strings.NewReader(string(timeMap(1000))), time.Time{}, Options{Check: check})
	if err != nil || res.Count != 1000 {
		t.Fatalf("count %v err %v", res, err)
	}
	if calls != 1 {
		t.Errorf("check called %d times", calls)
	}
	// A link on the same host with a character a parser could read
	// differently is checked again, and dropped.
	body := "<https://web.archive.org/web/20010101000000/http://example.com/>; rel=\"memento\"; datetime=\"Mon, 01 Jan 2001 00:00:00 GMT\",\n" +
		"<https://web.archive.org/web/2002\\evil/>; rel=\"memento\"; datetime=\"Tue, 01 Jan 2002 00:00:00 GMT\""
	calls = 0
	res, err = ParseTimeMapWith(strings.NewReader(body), time.Time{}, Options{Check: check})
	if err != nil || res.Count != 1 || res.Dropped != 1 || calls != 2 {
		t.Errorf("count %d dropped %d calls %d err %v", res.Count, res.Dropped, calls, err)
	}
}

// Real TimeGate answers (headers as recorded; see testdata/README.md).
func TestParseTimeGateReal(t *testing.T) {
	awa := defaultArchive(t, "awa")
	wayback := defaultArchive(t, "wayback")
	awaBase, _ := url.Parse("https://web.archive.org.au/awa/http://nla.gov.au/")
	iaBase, _ := url.Parse("https://web.archive.org/web/20171101000000id_/https://www.fws.gov/birds/")
	for _, tt := range []struct {
		name    string
		a       *registry.Archive
		base    *url.URL
		status  int
		h       http.Header
		closest string
		when    string
		errText string
	}{
		{"AWA redirect", awa, awaBase, 302, http.Header{
			"Location": {"https://web.archive.org.au/awa/20100205144751/http://www.nla.gov.au/"},
			"Link":     {`<http://www.nla.gov.au/>; rel="original", <https://web.archive.org.au/awa/http://www.nla.gov.au/>; rel="timegate", <https://web.archive.org.au/awa/timemap/link/http://www.nla.gov.au/>; rel="timemap"; type="application/link-format", <https://web.archive.org.au/awa/20100205144751mp_/http://www.nla.gov.au/>; rel="memento"; datetime="Fri, 05 Feb 2010 14:47:51 GMT"`},
			"Vary":     {"accept-datetime"}},
			"https://web.archive.org.au/awa/20100205144751/http://www.nla.gov.au/", "2010-02-05T14:47:51Z", ""},
		{"Wayback redirect without Link", wayback, iaBase, 302, http.Header{
			"Location": {"https://web.archive.org/web/20171124151315id_/https://www.fws.gov/birds/"}},
			"https://web.archive.org/web/20171124151315id_/https://www.fws.gov/birds/", "2017-11-24T15:13:15Z", ""},
		{"Location on another host", wayback, iaBase, 302, http.Header{
			"Location": {"https://evil.example/web/20171124151315id_/https://www.fws.gov/birds/"}},
			"", "", "host not named"},
		{"javascript Location", wayback, iaBase, 302, http.Header{
			"Location": {"javascript:alert(document.domain)//web.archive.org/web/20171124151315/"}},
			"", "", "javascript: scheme"},
		{"user-info Location", wayback, iaBase, 302, http.Header{
			"Location": {"http://web.archive.org:80@evil.example/web/20171124151315/x"}},
			"", "", "user-info"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sum, err := ParseTimeGateWith(tt.status, tt.h, tt.base, tt.a.CheckMemento)
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) || !errors.Is(err, registry.ErrMementoDropped) {
					t.Fatalf("error %v, want %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sum.Closest.URI != tt.closest || !sum.Closest.Datetime.Equal(date(tt.when)) {
				t.Errorf("closest %+v, want %s at %s", sum.Closest, tt.closest, tt.when)
			}
		})
	}
	// A first memento on another host is left out, the answer kept.
	h := http.Header{"Location": {"https://web.archive.org/web/20171124151315id_/https://www.fws.gov/birds/"},
		"Link": {`<https://evil.example/web/20050323155300/http://www.fws.gov:80/birds>; rel="first memento"; datetime="Wed, 23 Mar 2005 15:53:00 GMT", <https://web.archive.org/web/20050323155300/x>; rel="memento" datetime="x">, <https://web.archive.org/web/20171124151315id_/https://www.fws.gov/birds/>; rel="last memento"; datetime="Fri, 24 Nov 2017 15:13:15 GMT"`}}
	sum, err := ParseTimeGateWith(302, h, iaBase, wayback.CheckMemento)
	if err != nil || sum.First != nil || sum.Last == nil || sum.Closest.URI != sum.Last.URI {
		t.Errorf("first %v last %v err %v", sum.First, sum.Last, err)
	}
}

func TestIsChallengeSamples(t *testing.T) {
	for _, tt := range []struct {
		file string
		want bool
	}{
		{"challenge-cloudflare.html", true},
		{"challenge-cloudflare-iuam.html", true},         // 503 "I'm Under Attack" page
		{"challenge-cloudflare-managed-2025.html", true}, // managed challenge (403)
		{"challenge-archiveit-session.html", true},       // proof-of-work page
		{"not-challenge-memento.html", false},
		{"not-timemap.html", false},
		{"timemap-ukwa.txt", false},
		{"timemap-tricky.txt", false},
	} {
		b, err := os.ReadFile("testdata/" + tt.file)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 2048 {
			b = b[:2048] // what the callers peek
		}
		if got := IsChallenge(nil, b); got != tt.want {
			t.Errorf("IsChallenge(%s) = %v, want %v", tt.file, got, tt.want)
		}
	}
	// Titles written with an ellipsis or odd white space.
	for _, page := range []string{
		"<!DOCTYPE html><html><head><title>Just a moment…</title></head></html>",
		"<html><head><title>\n  Session   Verification\n</title>",
		"<html><head><title>Making sure you&#39;re not a bot!</title>",
		// Archive-It's page as another project's test models it (status 200).
		"<html>\n  <title>Session Verification</title>\n  <form action=\"https://archive-it.org/_challenge\"></form>\n</html>",
		"<html><head><title>Verifying</title></head><body><form action=\"https://archive-it.org/_challenge\"></form>",
	} {
		if !IsChallenge(nil, []byte(page)) {
			t.Errorf("IsChallenge(%q) = false", page)
		}
	}
}
