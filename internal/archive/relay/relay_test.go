package relay

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// recordingCache wraps the memory cache and remembers the TTLs asked for.
type recordingCache struct {
	Cache
	mu   sync.Mutex
	ttls []time.Duration
}

func (c *recordingCache) Put(ctx context.Context, key string, body []byte, ttl time.Duration) {
	c.mu.Lock()
	c.ttls = append(c.ttls, ttl)
	c.mu.Unlock()
	c.Cache.Put(ctx, key, body, ttl)
}

func fake(t *testing.T, kind registry.Kind, behaviour, id string) (*fakearchive.Server, registry.Archive) {
	t.Helper()
	b, err := fakearchive.ParseBehavior(behaviour)
	if err != nil {
		t.Fatal(err)
	}
	s := fakearchive.New(kind, b)
	t.Cleanup(s.Close)
	return s, s.Archive(id)
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	req.Header.Set("Origin", "chrome-extension://abcdefghijklmnopabcdefghijklmnop")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func lookupURL(page string, extra ...string) string {
	q := "/v1/lookup?url=" + url.QueryEscape(page)
	for _, e := range extra {
		q += "&" + e
	}
	return q
}

func TestProblems(t *testing.T) {
	_, a := fake(t, registry.TimeMap, "found", "a")
	h := New(Options{Archives: []registry.Archive{a}})
	long := "http://example.com/" + strings.Repeat("x", 8<<10)
	for _, tt := range []struct {
		method, target string
		status         int
		code           string
		allow          string
	}{
		{"GET", "/v1/lookup", 400, "url-missing", ""},
		{"GET", "/v1/lookup?url=", 400, "url-missing", ""},
		{"GET", lookupURL("/relative/page"), 400, "url-not-absolute", ""},
		{"GET", lookupURL("example.com/page"), 400, "url-not-absolute", ""},
		{"GET", lookupURL("ftp://example.com/file"), 400, "url-scheme", ""},
		{"GET", lookupURL("javascript:alert(1)"), 400, "url-scheme", ""},
		{"GET", lookupURL(long), 400, "url-too-long", ""},
		{"GET", lookupURL("http://example.com/%zz"), 400, "url-malformed", ""},
		{"GET", lookupURL("http://example.com/", "at=2024"+"13"), 400, "at-malformed", ""},
		{"GET", lookupURL("http://example.com/", "at=yesterday"), 400, "at-malformed", ""},
		{"GET", lookupURL("http://example.com/", "at="), 400, "at-malformed", ""},
		{"GET", lookupURL("http://example.com/", "timeout=abc"), 400, "timeout-malformed", ""},
		{"GET", lookupURL("http://example.com/", "timeout=-5"), 400, "timeout-malformed", ""},
		{"GET", lookupURL("http://example.com/", "timeout=0"), 400, "timeout-malformed", ""},
		{"GET", lookupURL("http://example.com/", "timeout=1.5"), 400, "timeout-malformed", ""},
		{"GET", "/", 404, "not-found", ""},
		{"GET", "/v1/lookups", 404, "not-found", ""},
		{"POST", lookupURL("http://example.com/"), 405, "method-not-allowed", "GET, OPTIONS"},
		{"HEAD", lookupURL("http://example.com/"), 405, "method-not-allowed", "GET, OPTIONS"},
		{"DELETE", "/v1/archives", 405, "method-not-allowed", "GET, HEAD, OPTIONS"},
		{"PUT", "/healthz", 405, "method-not-allowed", "GET, HEAD, OPTIONS"},
	} {
		w := get(t, h, tt.method, tt.target)
		name := tt.method + " " + tt.target
		if len(name) > 80 {
			name = name[:80]
		}
		if w.Code != tt.status {
			t.Errorf("%s: status %d, want %d", name, w.Code, tt.status)
			continue
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: Content-Type %q", name, ct)
		}
		if w.Header().Get("Allow") != tt.allow {
			t.Errorf("%s: Allow %q, want %q", name, w.Header().Get("Allow"), tt.allow)
		}
		if w.Header().Get("Access-Control-Allow-Origin") != "*" || w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: CORS %q, Cache-Control %q", name, w.Header().Get("Access-Control-Allow-Origin"), w.Header().Get("Cache-Control"))
		}
		var p Problem
		if tt.method != "HEAD" {
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Errorf("%s: body %q: %v", name, w.Body.String(), err)
				continue
			}
			if p.Status != tt.status || p.Code != tt.code || p.Type != "about:blank" || p.Title != http.StatusText(tt.status) || p.Detail == "" {
				t.Errorf("%s: problem %+v", name, p)
			}
			if strings.Contains(p.Detail, "example.com") {
				t.Errorf("%s: detail repeats the URL: %q", name, p.Detail)
			}
		}
	}
}

func TestPreflight(t *testing.T) {
	h := New(Options{Archives: []registry.Archive{}})
	for path, allow := range map[string]string{"/v1/lookup": "GET, OPTIONS", "/v1/archives": "GET, HEAD, OPTIONS", "/healthz": "GET, HEAD, OPTIONS"} {
		w := get(t, h, "OPTIONS", path)
		if w.Code != 204 || w.Header().Get("Access-Control-Allow-Origin") != "*" ||
			w.Header().Get("Access-Control-Allow-Methods") != allow || w.Header().Get("Access-Control-Max-Age") == "" {
			t.Errorf("OPTIONS %s: %d %v", path, w.Code, w.Header())
		}
	}
}

func TestArchivesAndHealth(t *testing.T) {
	h := New(Options{})
	w := get(t, h, "GET", "/v1/archives")
	var body struct {
		Archives []registry.Archive `json:"archives"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 200 {
		t.Fatalf("archives: %d %v", w.Code, err)
	}
	if len(body.Archives) != len(registry.Default()) || body.Archives[0].ID != "wayback" {
		t.Errorf("archives %+v", body.Archives)
	}
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age") {
		t.Errorf("archives Cache-Control %q", cc)
	}
	w = get(t, h, "GET", "/healthz")
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"status":"ok"}` || w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("healthz: %d %q", w.Code, w.Body.String())
	}
	if w := get(t, h, "HEAD", "/healthz"); w.Code != 200 || w.Body.Len() != 0 {
		t.Errorf("HEAD healthz: %d %q", w.Code, w.Body.String())
	}
}

// answer mirrors the lookup JSON with the field names of the contract.
type answer struct {
	URL     string  `json:"url"`
	At      *string `json:"at"`
	Closest *struct {
		URI      string `json:"uri"`
		Datetime string `json:"datetime"`
		Archive  string `json:"archive"`
	} `json:"closest"`
	Archives []struct {
		ID      string `json:"id"`
		Name    string `json:"name"`
		Outcome string `json:"outcome"`
		MS      *int64 `json:"ms"`
		Count   *int   `json:"count"`
	} `json:"archives"`
	// Cached is X-Sesame-Cache: hit (the JSON does not tell).
	Cached bool `json:"-"`
}

func decode(t *testing.T, w *httptest.ResponseRecorder) answer {
	t.Helper()
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var a answer
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	json.Unmarshal(w.Body.Bytes(), &raw)
	for _, k := range []string{"url", "at", "closest", "archives"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("answer lacks %q", k)
		}
	}
	if _, ok := raw["cached"]; ok {
		t.Error("the answer tells whether it came from the cache")
	}
	a.Cached = w.Header().Get("X-Sesame-Cache") == "hit"
	if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(w.Body.Len()) {
		t.Errorf("Content-Length %s for %d bytes", cl, w.Body.Len())
	}
	return a
}

func TestLookupFoundAndCached(t *testing.T) {
	found, a := fake(t, registry.TimeMap, "found:4", "a")
	none, b := fake(t, registry.TimeMap, "none", "b")
	cache := &recordingCache{Cache: NewMemoryCache(100)}
	h := New(Options{Archives: []registry.Archive{a, b}, Cache: cache, CacheStatus: true})

	w := get(t, h, "GET", lookupURL("http://user:pw@example.com/page/#top"))
	res := decode(t, w)
	if res.URL != "http://example.com/page/" || res.At != nil || res.Cached {
		t.Errorf("answer %+v", res)
	}
	if res.Closest == nil || res.Closest.Archive != "a" || res.Closest.Datetime != fakearchive.CopyTime(3).Format(time.RFC3339) {
		t.Errorf("closest %+v", res.Closest)
	}
	if len(res.Archives) != 2 || res.Archives[0].Outcome != "found" || res.Archives[1].Outcome != "none" || res.Archives[0].MS == nil {
		t.Errorf("archives %+v", res.Archives)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "public, max-age=86400" {
		t.Errorf("Cache-Control %q", cc)
	}
	if w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS header")
	}
	if len(cache.ttls) != 1 || cache.ttls[0] != 15*24*time.Hour {
		t.Errorf("cached with TTLs %v", cache.ttls)
	}
	// The same page under another spelling comes from the cache.
	w = get(t, h, "GET", lookupURL("https://www.example.com:443/page"))
	res = decode(t, w)
	if !res.Cached || res.URL != "https://www.example.com:443/page" || res.Closest == nil {
		t.Errorf("second answer %+v", res)
	}
	if found.Requests.Load() != 1 || none.Requests.Load() != 1 {
		t.Errorf("archives asked %d and %d times, want once", found.Requests.Load(), none.Requests.Load())
	}
	// Another moment is another key; the same day is the same key.
	decode(t, get(t, h, "GET", lookupURL("http://example.com/page", "at=20100101120000")))
	res = decode(t, get(t, h, "GET", lookupURL("http://example.com/page", "at=20100101")))
	if !res.Cached || res.At == nil || *res.At != "2010-01-01T00:00:00Z" {
		t.Errorf("same-day answer %+v", res)
	}
	if found.Requests.Load() != 2 {
		t.Errorf("found asked %d times, want 2", found.Requests.Load())
	}
}

// TestLookupSomeArchives checks that archives= asks only the archives
// named, keeps registry order, caches apart, and refuses unknown ids.
func TestLookupSomeArchives(t *testing.T) {
	found, a := fake(t, registry.TimeMap, "found:2", "a")
	none, b := fake(t, registry.TimeMap, "none", "b")
	h := New(Options{Archives: []registry.Archive{a, b}, Cache: NewMemoryCache(100), CacheStatus: true})

	res := decode(t, get(t, h, "GET", lookupURL("http://example.com/p", "archives=b")))
	if len(res.Archives) != 1 || res.Archives[0].ID != "b" || res.Closest != nil || res.Cached {
		t.Errorf("archives=b answered %+v", res)
	}
	if found.Requests.Load() != 0 || none.Requests.Load() != 1 {
		t.Errorf("archives asked %d and %d times, want 0 and 1", found.Requests.Load(), none.Requests.Load())
	}
	// All archives is another cache entry; the list order does not matter.
	res = decode(t, get(t, h, "GET", lookupURL("http://example.com/p")))
	if res.Cached || len(res.Archives) != 2 || res.Closest == nil {
		t.Errorf("all archives answered %+v", res)
	}
	res = decode(t, get(t, h, "GET", lookupURL("http://example.com/p", "archives=b,%20a")))
	if !res.Cached || len(res.Archives) != 2 || res.Archives[0].ID != "a" {
		t.Errorf("archives=b,a answered %+v", res)
	}
	for _, bad := range []string{"archives=", "archives=c", "archives=a,c", "archives=,"} {
		w := get(t, h, "GET", lookupURL("http://example.com/p", bad))
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "archives-unknown") {
			t.Errorf("%s: %d %s", bad, w.Code, w.Body)
		}
	}
}

func TestLookupNoneAndFailures(t *testing.T) {
	_, none := fake(t, registry.TimeMap, "none", "none")
	_, limited := fake(t, registry.TimeMap, "429", "limited")
	_, challenge := fake(t, registry.TimeMap, "challenge", "challenge")
	_, blocked := fake(t, registry.CDX, "blocked", "blocked")
	_, hang := fake(t, registry.TimeMap, "hang", "hang")

	// Failures among the outcomes: answered 200 (never 5xx), not cached.
	cache := &recordingCache{Cache: NewMemoryCache(100)}
	h := New(Options{Archives: []registry.Archive{none, limited, challenge, blocked, hang}, Cache: cache})
	w := get(t, h, "GET", lookupURL("http://example.com/", "timeout=1500"))
	res := decode(t, w)
	want := map[string]string{"none": "none", "limited": "rate-limited", "challenge": "rate-limited", "blocked": "blocked", "hang": "timeout"}
	for _, a := range res.Archives {
		if want[a.ID] != a.Outcome {
			t.Errorf("%s: %s, want %s", a.ID, a.Outcome, want[a.ID])
		}
	}
	if res.Closest != nil {
		t.Errorf("closest %+v", res.Closest)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" || len(cache.ttls) != 0 {
		t.Errorf("Cache-Control %q, TTLs %v", cc, cache.ttls)
	}

	// Every archive answered, none has a copy: cached 10 minutes.
	cache2 := &recordingCache{Cache: NewMemoryCache(100)}
	h = New(Options{Archives: []registry.Archive{none, blocked}, Cache: cache2})
	w = get(t, h, "GET", lookupURL("http://example.com/other"))
	decode(t, w)
	if cc := w.Header().Get("Cache-Control"); cc != "public, max-age=600" || len(cache2.ttls) != 1 || cache2.ttls[0] != 10*time.Minute {
		t.Errorf("Cache-Control %q, TTLs %v", cc, cache2.ttls)
	}
}

func TestTimeoutBounded(t *testing.T) {
	_, a := fake(t, registry.TimeMap, "found", "a")
	h := New(Options{Archives: []registry.Archive{a}, MaxTimeout: 5 * time.Second})
	res := decode(t, get(t, h, "GET", lookupURL("http://example.com/", "timeout=99999999999")))
	if res.Archives[0].Outcome != "found" {
		t.Errorf("outcome %s", res.Archives[0].Outcome)
	}
}

func TestMemoryCache(t *testing.T) {
	c := NewMemoryCache(2).(*memoryCache)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	ctx := context.Background()
	c.Put(ctx, "a", []byte("1"), time.Minute)
	c.Put(ctx, "b", []byte("2"), time.Hour)
	c.Get(ctx, "a") // a is now the most recent
	c.Put(ctx, "c", []byte("3"), time.Hour)
	if _, ok := c.Get(ctx, "b"); ok {
		t.Error("b should have been evicted")
	}
	if v, ok := c.Get(ctx, "a"); !ok || string(v) != "1" {
		t.Error("a lost")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := c.Get(ctx, "a"); ok {
		t.Error("a should have expired")
	}
	if _, ok := c.Get(ctx, "c"); !ok {
		t.Error("c lost")
	}
}

func TestCacheKey(t *testing.T) {
	p := func(s string) *url.URL { u, _ := url.Parse(s); return u }
	day := time.Date(2010, 1, 1, 8, 0, 0, 0, time.UTC)
	salt := []byte("deployment secret")
	k := CacheKey(salt, p("http://example.com/a/"), day)
	if k != CacheKey(salt, p("https://www.example.com/a"), day.Add(10*time.Hour)) {
		t.Error("same page, same day: different keys")
	}
	if k == CacheKey(salt, p("http://example.com/a/"), day.Add(24*time.Hour)) || k == CacheKey(salt, p("http://example.com/a/"), time.Time{}) {
		t.Error("different moments share a key")
	}
	if k == CacheKey([]byte("another deployment"), p("http://example.com/a/"), day) {
		t.Error("the salt does not change the key")
	}
	if k == CacheKey(salt, p("http://example.com/a/"), day, "wayback") {
		t.Error("a lookup of some archives shares the key of all")
	}
	if strings.Contains(k, "example") || len(k) > 80 {
		t.Errorf("key %q", k)
	}
}

// Example shows the relay answering a lookup from a fake archive.
func Example() {
	b, _ := fakearchive.ParseBehavior("found:2")
	archive := fakearchive.New(registry.TimeMap, b)
	defer archive.Close()
	srv := httptest.NewServer(New(Options{Archives: []registry.Archive{archive.Archive("fake")}, Cache: NewMemoryCache(10)}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/v1/lookup?url=" + url.QueryEscape("https://example.com/"))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var res lookup.Result
	json.NewDecoder(resp.Body).Decode(&res)
	os.Stdout.WriteString(res.Closest.Datetime + " " + string(res.Archives[0].Outcome) + "\n")
	// Output: 2002-09-11T08:39:33Z found
}
