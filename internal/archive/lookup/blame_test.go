package lookup

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// TestBlame checks which failures are held against an archive: its own
// (slow, 5xx, 429, challenge, unreachable) and never those caused by the
// looked-up URL, the answer's content or the lookup's own deadline.
func TestBlame(t *testing.T) {
	challenge := string(fakearchive.ChallengePage())
	for _, tt := range []struct {
		name    string
		kind    registry.Kind
		delay   time.Duration
		answer  func(*http.Request) *http.Response
		outcome archive.Outcome
		detail  string
		blame   bool
	}{
		// The URL's fault: anyone can send an absurd URL.
		{"400", registry.TimeMap, 0, status(400, "bad request"), archive.Error, "http 400", false},
		{"414", registry.TimeMap, 0, status(414, "uri too long"), archive.Error, "http 414", false},
		{"405", registry.CDX, 0, status(405, ""), archive.Error, "http 405", false},
		{"403", registry.TimeMap, 0, status(403, "forbidden"), archive.Error, "http 403", false},
		{"404", registry.TimeMap, 0, status(404, "not found"), archive.None, "", false},
		{"blocked", registry.CDX, 0, status(403, fakearchive.BlockedBody), archive.Blocked, "", false},
		{"451", registry.TimeMap, 0, status(451, ""), archive.Blocked, "http 451", false},
		// The answer's content.
		{"malformed", registry.TimeMap, 0, status(200, "<http://x/>; rel=\"memento; datetime=\"Thu"), archive.Error, "malformed answer", false},
		{"too large availability", registry.Availability, 0, func(*http.Request) *http.Response {
			return &http.Response{StatusCode: 200, Body: io.NopCloser(endless{' '})}
		}, archive.Error, "answer too large", false},
		{"too large cdx", registry.CDX, 0, func(*http.Request) *http.Response {
			return &http.Response{StatusCode: 200, Body: io.NopCloser(io.MultiReader(strings.NewReader(`[["timestamp","original"],["2002","`), endless{'a'}))}
		}, archive.Error, "answer too large", false},
		{"too large timemap without timegate", registry.TimeMap, 0, timeMap(100000, ""), archive.Error, "answer too large", false},
		// The archive's own failures.
		{"500", registry.TimeMap, 0, status(500, "oops"), archive.Error, "http 500", true},
		{"503", registry.Availability, 0, status(503, "down"), archive.Error, "http 503", true},
		{"429", registry.TimeMap, 0, status(429, "slow down", "Retry-After", "30"), archive.RateLimited, "http 429", true},
		{"challenge 200", registry.TimeMap, 0, status(200, challenge), archive.RateLimited, "challenge", true},
		{"challenge 403", registry.CDX, 0, status(403, challenge), archive.RateLimited, "challenge", true},
		{"cf-mitigated", registry.TimeGate, 0, status(403, "", "Cf-Mitigated", "challenge"), archive.RateLimited, "challenge", true},
		{"no headers in time", registry.TimeMap, time.Hour, status(200, ""), archive.Timeout, "", true},
		{"bytes late", registry.TimeMap, 0, func(r *http.Request) *http.Response {
			return &http.Response{StatusCode: 200, Body: slowBody(r.Context(), 0, "")}
		}, archive.Timeout, "", true},
		// Fine answers.
		{"found", registry.TimeMap, 0, timeMap(3, ""), archive.Found, "", false},
		{"timegate", registry.TimeGate, 0, timeGate(1, 3), archive.Found, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := newMemDoer()
			a := d.add("a", tt.kind, tt.delay, tt.answer)
			target, _ := url.Parse(page)
			// Only the slow cases wait for the archive's time to be up:
			// 3 s, noticed late by at most 300 ms to blame the archive
			// (room enough for a busy machine). The others have all the
			// time they need, whatever the machine.
			timeout := 3 * time.Second
			if tt.outcome != archive.Timeout {
				timeout = time.Minute
			}
			o := Options{Client: d, Deadline: timeout, ArchiveTimeout: timeout}.withDefaults()
			r, v := ask(context.Background(), a, target, registry.Hosts([]registry.Archive{a}), o)
			if r.Outcome != tt.outcome || r.Detail != tt.detail || v.blame != tt.blame {
				t.Errorf("outcome %s (%q), blamed %v; want %s (%q), blamed %v", r.Outcome, r.Detail, v.blame, tt.outcome, tt.detail, tt.blame)
			}
		})
	}
}

// TestURLFailuresNeverCoolDown: a flood of absurd URLs that an archive
// answers with 400 or 414 does not switch the archive off for anybody,
// while 5xx answers do.
func TestURLFailuresNeverCoolDown(t *testing.T) {
	d := newMemDoer()
	picky := d.add("picky", registry.TimeMap, 0, func(r *http.Request) *http.Response {
		if len(r.URL.String()) > 200 {
			return status(414, "")(r)
		}
		if strings.Contains(r.URL.Path, "/bad") {
			return status(400, "")(r)
		}
		return timeMap(2, "")(r)
	})
	broken := d.add("broken", registry.TimeMap, 0, status(502, "bad gateway"))
	h := NewHealth()
	o := Options{Client: d, Archives: []registry.Archive{picky, broken}, Health: h, Deadline: time.Minute}
	for i := 0; i < 10; i++ {
		for _, u := range []string{"http://example.com/" + strings.Repeat("x", 300), "http://example.com/bad"} {
			if _, err := Lookup(context.Background(), u, o); err != nil {
				t.Fatal(err)
			}
		}
	}
	res, err := Lookup(context.Background(), page, o)
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(res)
	if got["picky"].Outcome != archive.Found || got["picky"].Cooldown {
		t.Errorf("picky: %+v", got["picky"])
	}
	if !got["broken"].Cooldown {
		t.Errorf("broken: %+v, want a cool-down", got["broken"])
	}
}

// TestTimeMapTooLargeAsksTimeGate: a TimeMap over its cap is replaced by
// the TimeGate it names, whose body is never read; the archive is not
// blamed.
func TestTimeMapTooLargeAsksTimeGate(t *testing.T) {
	d := newMemDoer()
	var gate trap
	tg := d.add("tg", registry.TimeGate, 0, func(r *http.Request) *http.Response {
		resp := timeGate(41, 1000000)(r)
		resp.Body = io.NopCloser(&gate)
		return resp
	})
	huge := d.add("huge", registry.TimeMap, 0, timeMap(1000000, strings.TrimSuffix(tg.URL, "/")+"/"))
	// A TimeGate on a host outside the registry is never asked.
	tg.Enabled = false
	at := fakearchive.CopyTime(41)
	res, err := Lookup(context.Background(), page, Options{Client: d, Archives: []registry.Archive{huge, tg}, At: at, Deadline: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	r := outcomes(res)["huge"]
	if r.Outcome != archive.Error || r.Detail != "answer too large" || d.requests("tg") != 0 {
		t.Errorf("timegate outside the registry: %+v, asked %d times", r, d.requests("tg"))
	}

	// With the TimeGate's host in the registry (the archive's fallback
	// endpoint), the lookup asks it.
	fb := tg.Endpoint
	huge.Fallback = &fb
	h := NewHealth()
	res, err = Lookup(context.Background(), page, Options{Client: d, Archives: []registry.Archive{huge}, At: at, Deadline: time.Minute, Health: h})
	if err != nil {
		t.Fatal(err)
	}
	r = outcomes(res)["huge"]
	if r.Outcome != archive.Found || r.Detail != timegateDetail || r.Closest == nil || r.Closest.Datetime != at.Format(time.RFC3339) {
		t.Errorf("huge: %+v %+v", r, r.Closest)
	}
	if gate.read.Load() {
		t.Error("the TimeGate's body was read")
	}
	if n := d.requests("tg"); n != 1 {
		t.Errorf("TimeGate asked %d times, want once", n)
	}
	if cool, _ := h.CoolingDown("huge", "", time.Now()); cool {
		t.Error("huge is cooling down")
	}
}

func TestArchiveWasSlow(t *testing.T) {
	const ms = time.Millisecond
	slack := noticeSlack(1020 * ms)
	for _, tt := range []struct {
		name                 string
		archive, total, late time.Duration
		want                 bool
	}{
		{"no headers, noticed on time", 1020 * ms, 1020 * ms, 1 * ms, true},
		{"bytes trickled", 900 * ms, 1020 * ms, 0, true},
		{"half and half", 510 * ms, 1020 * ms, 0, true},
		{"parsing took the time", 3 * ms, 1020 * ms, 0, false},
		{"waiting for a parse slot", 40 * ms, 1020 * ms, 2 * ms, false},
		{"noticed late: the thread was busy", 1020 * ms, 2100 * ms, 1080 * ms, false},
		{"noticed a little late", 1020 * ms, 1100 * ms, 80 * ms, true},
	} {
		if got := archiveWasSlow(tt.archive, tt.total, tt.late, slack); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// timegateCases are the table of TestTimegateOf and the seeds of
// FuzzTimegateOf: a Link header, the start of a TimeMap, and the TimeGate
// expected ("" for none).
var timegateCases = []struct{ link, head, want string }{
	{"", "<http://example.com/>; rel=\"original\",\n<https://a.example/web/http://example.com/>; rel=\"timegate\",\n", "https://a.example/web/http://example.com/"},
	{"<https://a.example/tg/http://example.com/>; rel=\"timegate\"", "", "https://a.example/tg/http://example.com/"},
	{"", "</web/http://example.com/>; rel=\"timegate\",\n", "https://a.example/web/http://example.com/"},
	{"", "<https://elsewhere.example/web/x>; rel=\"timegate\",\n", ""},
	{"", "<javascript:alert(1)>; rel=\"timegate\",\n", ""},
	{"<https://a.example/first>; rel=\"original timegate\"", "<https://a.example/second>; rel=\"timegate\"", "https://a.example/first"},
	{"", "<https://a.example/web/x>; rel=\"memento\"; datetime=\"Wed, 11 Sep 2002 07:39:33 GMT\",\n<https://a.example/cut", ""},
	{"", "", ""},
}

func TestTimegateOf(t *testing.T) {
	base, _ := url.Parse("https://a.example/web/timemap/link/http://example.com/")
	hosts := map[string]bool{"a.example": true}
	for _, tt := range timegateCases {
		h := http.Header{}
		if tt.link != "" {
			h.Set("Link", tt.link)
		}
		got := ""
		if u := timegateOf(h, []byte(tt.head), base, hosts); u != nil {
			got = u.String()
		}
		if got != tt.want {
			t.Errorf("timegateOf(%q, %q) = %q, want %q", tt.link, tt.head, got, tt.want)
		}
	}
}

// FuzzTimegateOf: whatever the archive sends, the TimeGate found is on a
// registry host, over http or https.
func FuzzTimegateOf(f *testing.F) {
	for _, c := range timegateCases {
		f.Add(c.link, c.head)
	}
	base, _ := url.Parse("https://a.example/web/timemap/link/http://example.com/")
	hosts := map[string]bool{"a.example": true}
	f.Fuzz(func(t *testing.T, link, head string) {
		h := http.Header{}
		h.Set("Link", link)
		if u := timegateOf(h, []byte(head), base, hosts); u != nil && !allowedURL(u, hosts) {
			t.Fatalf("TimeGate %s outside the registry", u)
		}
	})
}

// TestCancelledIsNotSlow: a lookup whose caller goes away (its context
// cancelled, no deadline passed) does not blame the archive it was
// waiting for.
func TestCancelledIsNotSlow(t *testing.T) {
	d := newMemDoer()
	a := d.add("a", registry.TimeMap, time.Hour, status(200, ""))
	target, _ := url.Parse(page)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	o := Options{Client: d, Deadline: time.Minute}.withDefaults()
	r, v := ask(ctx, a, target, registry.Hosts([]registry.Archive{a}), o)
	if r.Outcome != archive.Timeout || v.blame {
		t.Errorf("outcome %s, blamed %v; want timeout, not blamed", r.Outcome, v.blame)
	}
}
