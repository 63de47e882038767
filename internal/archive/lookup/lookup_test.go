package lookup

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// recorder is a RoundTripper that records what the lookup sends and how
// many requests were in flight at most.
type recorder struct {
	mu       sync.Mutex
	urls     []string
	agents   []string
	inFlight atomic.Int64
	max      atomic.Int64
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	n := r.inFlight.Add(1)
	defer r.inFlight.Add(-1)
	for {
		m := r.max.Load()
		if n <= m || r.max.CompareAndSwap(m, n) {
			break
		}
	}
	r.mu.Lock()
	r.urls = append(r.urls, req.URL.String())
	r.agents = append(r.agents, req.Header.Get("User-Agent"))
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// client returns a Doer that sends through r and does not follow
// redirects.
func (r *recorder) client() *http.Client {
	c := NewHTTPClient()
	c.Transport = r
	return c
}

func fake(t *testing.T, kind registry.Kind, behaviour string) *fakearchive.Server {
	t.Helper()
	b, err := fakearchive.ParseBehavior(behaviour)
	if err != nil {
		t.Fatal(err)
	}
	s := fakearchive.New(kind, b)
	t.Cleanup(s.Close)
	return s
}

func outcomes(res *Result) map[string]ArchiveResult {
	m := map[string]ArchiveResult{}
	for _, a := range res.Archives {
		m[a.ID] = a
	}
	return m
}

const page = "http://example.com/page"

// TestOutcomes asks one fake archive of every behaviour that answers
// (no hanging ones), with a deadline so long that timing cannot matter.
func TestOutcomes(t *testing.T) {
	type want struct {
		outcome archive.Outcome
		count   int // -1: unknown
		detail  string
	}
	cases := []struct {
		id        string
		kind      registry.Kind
		behaviour string
		want      want
	}{
		{"tm-found", registry.TimeMap, "found:5", want{archive.Found, 5, ""}},
		{"tm-none", registry.TimeMap, "none", want{archive.None, -1, ""}},
		{"tm-429", registry.TimeMap, "429", want{archive.RateLimited, -1, "http 429"}},
		{"tm-challenge", registry.TimeMap, "challenge", want{archive.RateLimited, -1, "challenge"}},
		// A broken link-value costs only itself: the copy before it is kept.
		{"tm-malformed", registry.TimeMap, "malformed", want{archive.Found, 1, ""}},
		{"tm-loop", registry.TimeMap, "loop", want{archive.Error, -1, "too many redirects"}},
		{"tm-slow", registry.TimeMap, "slow:20ms", want{archive.Found, 3, ""}},
		{"av-found", registry.Availability, "found", want{archive.Found, -1, ""}},
		{"av-none", registry.Availability, "none", want{archive.None, -1, ""}},
		{"av-challenge", registry.Availability, "challenge", want{archive.RateLimited, -1, "challenge"}},
		{"cdx-found", registry.CDX, "found:4", want{archive.Found, 1, ""}}, // limit=-1: the newest only
		{"cdx-none", registry.CDX, "none", want{archive.None, 0, ""}},
		{"cdx-blocked", registry.CDX, "blocked", want{archive.Blocked, -1, ""}},
		{"tg-found", registry.TimeGate, "found:7", want{archive.Found, -1, ""}},
		{"tg-none", registry.TimeGate, "none", want{archive.None, -1, ""}},
	}
	var list []registry.Archive
	for i, c := range cases {
		a := fake(t, c.kind, c.behaviour).Archive(c.id)
		a.Priority = i
		list = append(list, a)
	}
	rec := &recorder{}
	res, err := Lookup(context.Background(), page, Options{
		Client:   rec.client(),
		Archives: list,
		Deadline: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(res)
	if len(res.Archives) != len(cases) {
		t.Fatalf("%d archive results, want %d", len(res.Archives), len(cases))
	}
	for i, c := range cases {
		r := got[c.id]
		if res.Archives[i].ID != c.id {
			t.Errorf("archive %d is %s, want registry order", i, res.Archives[i].ID)
		}
		if r.Outcome != c.want.outcome || r.Detail != c.want.detail {
			t.Errorf("%s: outcome %s (%s), want %s (%s)", c.id, r.Outcome, r.Detail, c.want.outcome, c.want.detail)
		}
		switch {
		case c.want.count < 0 && r.Count != nil:
			t.Errorf("%s: count %d, want unknown", c.id, *r.Count)
		case c.want.count >= 0 && (r.Count == nil || *r.Count != c.want.count):
			t.Errorf("%s: count %v, want %d", c.id, r.Count, c.want.count)
		}
		if r.Outcome == archive.Found && (r.Closest == nil || !strings.Contains(r.Closest.URI, "/web/")) {
			t.Errorf("%s: found without a closest copy: %+v", c.id, r.Closest)
		}
	}
	// The newest copy overall: tg-found lists 7 copies, the most.
	if res.Closest == nil || res.Closest.Archive != "tg-found" ||
		res.Closest.Datetime != fakearchive.CopyTime(6).Format(time.RFC3339) {
		t.Errorf("closest %+v, want tg-found's copy 6", res.Closest)
	}
	for _, ua := range rec.agents {
		if ua != DefaultUserAgent {
			t.Errorf("User-Agent %q", ua)
		}
	}
}

func TestClosestToAt(t *testing.T) {
	a := fake(t, registry.TimeMap, "found:10").Archive("a")
	b := fake(t, registry.TimeGate, "found:100").Archive("b")
	b.Priority = 200
	at := fakearchive.CopyTime(42).Add(20 * time.Minute)
	res, err := Lookup(context.Background(), page, Options{Archives: []registry.Archive{a, b}, At: at, Deadline: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if res.At == nil || *res.At != at.Format(time.RFC3339) {
		t.Errorf("at %v", res.At)
	}
	got := outcomes(res)
	if c := got["a"].Closest; c == nil || c.Datetime != fakearchive.CopyTime(9).Format(time.RFC3339) {
		t.Errorf("a's closest %+v, want its last copy (9)", c)
	}
	if res.Closest == nil || res.Closest.Archive != "b" || res.Closest.Datetime != fakearchive.CopyTime(42).Format(time.RFC3339) {
		t.Errorf("closest %+v, want b's copy 42", res.Closest)
	}
	if f := got["b"].First; f == nil || f.Datetime != fakearchive.CopyTime(0).Format(time.RFC3339) {
		t.Errorf("b's first %+v (from the TimeGate's Link header)", f)
	}
}

// TestFallback: the availability API answers empty, the CDX server knows.
func TestFallback(t *testing.T) {
	av := fake(t, registry.Availability, "none")
	cdxFound := fake(t, registry.CDX, "found:3")
	cdxBlocked := fake(t, registry.CDX, "blocked")
	withFallback := func(id string, cdx *fakearchive.Server) registry.Archive {
		a := av.Archive(id)
		fb := cdx.Archive("x").Endpoint
		a.Fallback = &fb
		return a
	}
	res, err := Lookup(context.Background(), page, Options{
		Archives: []registry.Archive{withFallback("found", cdxFound), withFallback("blocked", cdxBlocked)},
		Deadline: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(res)
	if got["found"].Outcome != archive.Found || got["blocked"].Outcome != archive.Blocked {
		t.Errorf("outcomes %+v", got)
	}
}

// TestHugeTimeMap: a TimeMap of 30,000 mementos (3.6 MB, under
// TimeMapCap) is streamed and counted whole; one of 200,000 (24 MB) is
// over the cap and, as its TimeGate link is no TimeGate, an error that is
// not held against the archive.
func TestHugeTimeMap(t *testing.T) {
	a := fake(t, registry.TimeMap, "huge:30000").Archive("huge")
	b := fake(t, registry.TimeMap, "huge:200000").Archive("huger")
	h := NewHealth()
	res, err := Lookup(context.Background(), page, Options{Archives: []registry.Archive{a, b}, Deadline: 5 * time.Minute, Health: h})
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(res)
	if r := got["huge"]; r.Outcome != archive.Found || r.Count == nil || *r.Count != 30000 {
		t.Errorf("huge: %+v", r)
	}
	if r := got["huger"]; r.Outcome != archive.Error || r.Detail != "answer too large" {
		t.Errorf("huger: %+v", r)
	}
	for i := 0; i < 3; i++ {
		Lookup(context.Background(), page, Options{Archives: []registry.Archive{b}, Deadline: 5 * time.Minute, Health: h})
	}
	if cool, _ := h.CoolingDown("huger", "", time.Now()); cool {
		t.Error("an archive cools down for answers too large")
	}
}

// TestHang: a hanging archive becomes a timeout while the others answer.
// The deadline is generous; nothing here depends on how fast the machine is
// beyond the found archive answering within a second on loopback.
func TestHang(t *testing.T) {
	hang := fake(t, registry.TimeMap, "hang")
	found := fake(t, registry.TimeMap, "found")
	res, err := Lookup(context.Background(), page, Options{
		Archives:       []registry.Archive{hang.Archive("hang"), found.Archive("found")},
		Deadline:       3 * time.Second,
		ArchiveTimeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(res)
	if got["hang"].Outcome != archive.Timeout {
		t.Errorf("hang: %+v", got["hang"])
	}
	if got["found"].Outcome != archive.Found {
		t.Errorf("found: %+v", got["found"])
	}
	if hang.Requests.Load() != 1 {
		t.Errorf("hang asked %d times", hang.Requests.Load())
	}
}

// TestDeadlineBeforeStart: archives still waiting for a slot when the
// deadline passes are timeouts that were never asked.
func TestDeadlineBeforeStart(t *testing.T) {
	var list []registry.Archive
	for i := 0; i < 3; i++ {
		a := fake(t, registry.TimeMap, "hang").Archive("hang" + string(rune('a'+i)))
		a.Priority = i
		list = append(list, a)
	}
	res, err := Lookup(context.Background(), page, Options{Archives: list, MaxInFlight: 1, Deadline: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Archives {
		if r.Outcome != archive.Timeout {
			t.Errorf("%s: %s", r.ID, r.Outcome)
		}
	}
	if d := res.Archives[2].Detail; d != "not asked before the deadline" {
		t.Errorf("third archive detail %q", d)
	}
}

func TestMaxInFlight(t *testing.T) {
	var list []registry.Archive
	for i := 0; i < 10; i++ {
		a := fake(t, registry.TimeMap, "slow:50ms").Archive("slow" + string(rune('a'+i)))
		list = append(list, a)
	}
	rec := &recorder{}
	res, err := Lookup(context.Background(), page, Options{Client: rec.client(), Archives: list, Deadline: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if m := rec.max.Load(); m > DefaultMaxInFlight || m < 1 {
		t.Errorf("%d requests in flight at once, want at most %d", m, DefaultMaxInFlight)
	}
	for _, r := range res.Archives {
		if r.Outcome != archive.Found {
			t.Errorf("%s: %s", r.ID, r.Outcome)
		}
	}
}

// TestOnlyRegistryHosts: the looked-up page is never fetched, redirects
// outside the registry are refused, and credentials and fragments never
// leave.
func TestOnlyRegistryHosts(t *testing.T) {
	var pageHits, outsideHits atomic.Int64
	pageSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { pageHits.Add(1) }))
	defer pageSrv.Close()
	outsideSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { outsideHits.Add(1) }))
	defer outsideSrv.Close()

	found := fake(t, registry.TimeMap, "found").Archive("found")
	outside := fake(t, registry.TimeMap, "outside:"+outsideSrv.URL+"/steal").Archive("outside")
	// An endpoint whose host is the looked-up URL would fetch the page.
	sneaky := registry.Archive{ID: "sneaky", Name: "Sneaky", Endpoint: registry.Endpoint{Kind: registry.TimeMap, URL: "{url}"}, Enabled: true}
	rec := &recorder{}
	u, _ := url.Parse(pageSrv.URL)
	target := "http://user:secret@" + u.Host + "/private#frag"
	res, err := Lookup(context.Background(), target, Options{
		Client: rec.client(), Archives: []registry.Archive{found, outside, sneaky}, Deadline: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(res)
	if got["outside"].Outcome != archive.Error || got["outside"].Detail != "redirect outside the registry" {
		t.Errorf("outside: %+v", got["outside"])
	}
	if got["sneaky"].Outcome != archive.Error {
		t.Errorf("sneaky: %+v", got["sneaky"])
	}
	if pageHits.Load() != 0 || outsideHits.Load() != 0 {
		t.Errorf("page fetched %d times, outside host %d times", pageHits.Load(), outsideHits.Load())
	}
	if strings.Contains(res.URL, "secret") || strings.Contains(res.URL, "frag") {
		t.Errorf("result URL %q keeps credentials or fragment", res.URL)
	}
	for _, s := range rec.urls {
		if strings.Contains(s, "secret") || strings.Contains(s, "frag") || strings.HasPrefix(s, pageSrv.URL) {
			t.Errorf("request to %s", s)
		}
	}
}

func TestCooldown(t *testing.T) {
	d := newMemDoer()
	limited := d.add("limited", registry.TimeMap, 0, status(429, "", "Retry-After", "60"))
	erring := d.add("erring", registry.TimeMap, 0, status(503, "down"))
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	h := &Health{Threshold: 2, Cooldown: 5 * time.Minute}
	opts := Options{
		Client:   d,
		Archives: []registry.Archive{limited, erring},
		Health:   h, Now: clock, Deadline: time.Minute,
	}
	run := func() map[string]ArchiveResult {
		res, err := Lookup(context.Background(), page, opts)
		if err != nil {
			t.Fatal(err)
		}
		return outcomes(res)
	}
	r1 := run() // 429 (Retry-After 60 s) starts a cool-down at once; one error does not
	r2 := run() // limited skipped; the second error starts erring's cool-down
	r3 := run() // both skipped
	if r1["limited"].Cooldown || !r2["limited"].Cooldown || r2["limited"].Outcome != archive.RateLimited || r2["limited"].MS != 0 {
		t.Errorf("limited: %+v then %+v", r1["limited"], r2["limited"])
	}
	if r2["erring"].Cooldown || !r3["erring"].Cooldown || r3["erring"].Outcome != archive.Error {
		t.Errorf("erring: %+v then %+v", r2["erring"], r3["erring"])
	}
	if n := d.requests("limited"); n != 1 {
		t.Errorf("limited asked %d times, want 1", n)
	}
	now = now.Add(61 * time.Second) // the Retry-After is over, not erring's 5 minutes
	if r4 := run(); r4["limited"].Cooldown || !r4["erring"].Cooldown {
		t.Errorf("after 61 s: %+v", r4)
	}
	now = now.Add(5 * time.Minute)
	if r5 := run(); r5["erring"].Cooldown {
		t.Errorf("cool-down did not end: %+v", r5)
	}
}

func TestBadURLs(t *testing.T) {
	for _, tt := range []struct {
		in  string
		err error
	}{
		{"", ErrNoURL},
		{"/relative/path", ErrNotAbsolute},
		{"example.com/page", ErrNotAbsolute},
		{"ftp://example.com/", ErrScheme},
		{"javascript:alert(1)", ErrScheme},
		{"http://", ErrNotAbsolute},
		{"http://example.com/%zz", ErrBadURL},
		{"http://example.com/" + strings.Repeat("a", MaxURL), ErrURLTooLong},
	} {
		if _, err := Lookup(context.Background(), tt.in, Options{Archives: []registry.Archive{}}); err != tt.err {
			t.Errorf("Lookup(%.40q) error %v, want %v", tt.in, err, tt.err)
		}
	}
}

func TestNormalize(t *testing.T) {
	same := [][]string{
		{"http://example.com", "https://example.com/", "http://www.example.com:80/", "https://WWW.Example.COM:443", "http://example.com./", "http://u:p@example.com/#x"},
		{"http://example.com/a/b/", "https://www.example.com/a/b", "http://example.com:443/a/b/"},
		{"http://example.com/a?x=1", "https://www.example.com/a/?x=1"},
		{"http://example.com:8080/", "https://example.com:8080"},
		{"http://[::1]:80/a", "http://[::1]/a/"},
	}
	seen := map[string]int{}
	for i, group := range same {
		var first string
		for _, raw := range group {
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			n := Normalize(u)
			if first == "" {
				first = n
			} else if n != first {
				t.Errorf("Normalize(%s) = %s, want %s", raw, n, first)
			}
		}
		if j, dup := seen[first]; dup {
			t.Errorf("groups %d and %d normalise alike: %s", j, i, first)
		}
		seen[first] = i
	}
	u, _ := url.Parse("https://www.example.com/A/?q=B")
	if got := Normalize(u); got != "example.com/A?q=B" {
		t.Errorf("Normalize = %s", got)
	}
}

func TestEndpointURL(t *testing.T) {
	target, _ := url.Parse("http://example.com/a?b=1&c=2")
	at := time.Date(2010, 5, 1, 2, 3, 4, 0, time.UTC)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		e    registry.Endpoint
		at   time.Time
		want string
	}{
		{registry.Endpoint{Kind: registry.TimeMap, URL: "https://a.example/web/timemap/link/"}, at,
			"https://a.example/web/timemap/link/http://example.com/a?b=1&c=2"},
		{registry.Endpoint{Kind: registry.Availability, URL: "https://a.example/wayback/available"}, at,
			"https://a.example/wayback/available?timestamp=20100501020304&url=http%3A%2F%2Fexample.com%2Fa%3Fb%3D1%26c%3D2"},
		{registry.Endpoint{Kind: registry.TimeMap, URL: "https://a.example/q?u={url}&t={timestamp}"}, time.Time{},
			"https://a.example/q?u=http%3A%2F%2Fexample.com%2Fa%3Fb%3D1%26c%3D2&t=20260101000000"},
		{registry.Endpoint{Kind: registry.TimeGate, URL: "https://a.example/{timestamp}/{url}"}, at,
			"https://a.example/20100501020304/http://example.com/a?b=1&c=2"},
	} {
		if got := endpointURL(tt.e, target, tt.at, now); got != tt.want {
			t.Errorf("endpointURL(%s) =\n %s\nwant\n %s", tt.e.URL, got, tt.want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"http://www.example.com:80/a/", "https://[::1]:443/?", "http://u:p@x/#f", "http://example.com/" + "%2F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := CleanURL(raw)
		if err != nil {
			return
		}
		n := Normalize(u)
		if strings.Contains(n, "#") && !strings.Contains(u.RawQuery+u.EscapedPath(), "#") {
			t.Fatalf("fragment kept: %s", n)
		}
		if u.User != nil {
			t.Fatal("user-info kept")
		}
		v, err := url.Parse("https://" + n)
		if err == nil && Normalize(v) != n && v.Host != "" {
			// Normalising twice changes nothing.
			if w := Normalize(v); w != n {
				t.Fatalf("not idempotent: %s then %s", n, w)
			}
		}
	})
}
