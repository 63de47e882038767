package relay

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
	"github.com/sesame-help/sesame/internal/urls/redact"
)

// TestShortTimeoutCannotPoison: a request with timeout=1 against a slow
// archive gets a partial answer that is not cached; the next caller gets
// the full answer, which is cached, and every spelling of the URL shares
// it, whatever its timeout.
func TestShortTimeoutCannotPoison(t *testing.T) {
	fast, a := fake(t, registry.TimeMap, "found:2", "fast")
	slow, b := fake(t, registry.TimeMap, "slow:400ms", "slow")
	cache := &recordingCache{Cache: NewMemoryCache(100)}
	// A long default deadline, so that the slow archive answers the next
	// caller however busy the machine is.
	h := New(Options{Archives: []registry.Archive{a, b}, Cache: cache, CacheStatus: true, DefaultTimeout: 10 * time.Second})

	w := get(t, h, "GET", lookupURL("http://example.com/page", "timeout=1"))
	res := decode(t, w)
	if res.Archives[1].Outcome != "timeout" {
		t.Fatalf("with timeout=1 the slow archive answered %s", res.Archives[1].Outcome)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" || len(cache.ttls) != 0 {
		t.Errorf("partial answer: Cache-Control %q, cached with TTLs %v", cc, cache.ttls)
	}

	res = decode(t, get(t, h, "GET", lookupURL("http://example.com/page")))
	if res.Cached || res.Archives[0].Outcome != "found" || res.Archives[1].Outcome != "found" {
		t.Fatalf("next caller: %+v", res)
	}
	for _, spelling := range []string{"https://www.example.com/page/", "http://EXAMPLE.com:80/page", "http://u:p@example.com/page#x"} {
		res = decode(t, get(t, h, "GET", lookupURL(spelling, "timeout=1")))
		if !res.Cached || res.Archives[1].Outcome != "found" {
			t.Errorf("%s: cached %v, slow archive %s", spelling, res.Cached, res.Archives[1].Outcome)
		}
	}
	if fast.Requests.Load() != 2 || slow.Requests.Load() != 2 {
		t.Errorf("archives asked %d and %d times, want 2 each", fast.Requests.Load(), slow.Requests.Load())
	}
}

// TestOneClientCoolsDownForItself: a client whose lookups make an archive
// answer 429 makes it cool down for itself, not for the other clients.
func TestOneClientCoolsDownForItself(t *testing.T) {
	limited, a := fake(t, registry.TimeMap, "429", "limited")
	h := New(Options{Archives: []registry.Archive{a}, Salt: "s"})
	from := func(ip, page string) answer {
		req := httptest.NewRequest("GET", lookupURL(page), nil)
		req.Header.Set("CF-Connecting-IP", ip)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return decode(t, w)
	}
	for i := 0; i < 5; i++ {
		from("192.0.2.1", "http://example.com/"+strconv.Itoa(i))
	}
	if n := limited.Requests.Load(); n != 1 {
		t.Errorf("the archive was asked %d times for one client, want once (then cooling down)", n)
	}
	from("198.51.100.7", "http://example.com/other")
	if n := limited.Requests.Load(); n != 2 {
		t.Errorf("another client's lookup did not ask the archive (%d requests)", n)
	}
}

// TestArchivesJSONBroken: a registry that does not parse is logged once,
// without its text, and every request gets a generic 503.
func TestArchivesJSONBroken(t *testing.T) {
	var mu sync.Mutex
	var logs []string
	bad := `[{"id": "x", "name": "X", "kind": "timemap", "endpoint": "https://user:hunter2@archive.example/tm/?apikey=SECRET", "bogus": 1}]`
	h := New(Options{ArchivesJSON: bad, Log: func(m string) { mu.Lock(); logs = append(logs, m); mu.Unlock() }})
	for _, path := range []string{lookupURL("http://example.com/"), "/v1/archives", "/healthz"} {
		w := get(t, h, "GET", path)
		body := w.Body.String()
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", path, w.Code, w.Header().Get("Content-Type"))
		}
		var p Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Code != "relay-misconfigured" || p.Status != 503 {
			t.Errorf("%s: problem %+v (%v)", path, p, err)
		}
		for _, secret := range []string{"hunter2", "SECRET", "archive.example", "ARCHIVES_JSON"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s: answer quotes %q: %s", path, secret, body)
			}
		}
	}
	if len(logs) != 1 {
		t.Fatalf("logged %d times: %q", len(logs), logs)
	}
	for _, secret := range []string{"hunter2", "SECRET", "archive.example", "http"} {
		if strings.Contains(logs[0], secret) {
			t.Errorf("log quotes %q: %s", secret, logs[0])
		}
	}
	// A valid ARCHIVES_JSON replaces the built-in registry.
	good := `[{"id": "x", "name": "X", "kind": "timemap", "endpoint": "https://archive.example/tm/"}]`
	w := get(t, New(Options{ArchivesJSON: good}), "GET", "/v1/archives")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"id":"x"`) || strings.Contains(w.Body.String(), "wayback") {
		t.Errorf("valid ARCHIVES_JSON: %d %s", w.Code, w.Body)
	}
}

// TestArchivesNeverPublishSecrets: /v1/archives shows endpoints without
// secret-looking query parameters, while lookups still send them.
func TestArchivesNeverPublishSecrets(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.RawQuery)
		mu.Unlock()
		http.NotFound(w, r)
	}))
	defer srv.Close()
	list := `[{"id": "x", "name": "X", "kind": "timemap", "endpoint": "` + srv.URL + `/tm/{url}?api_key=SECRET&lang=en&X-Amz-Signature=SIG",
	  "fallback": {"kind": "cdx", "endpoint": "` + srv.URL + `/cdx?token=TOKEN", "replay": "` + srv.URL + `/web/"},
	  "home": "https://archive.example/?session=SESSION#frag"}]`
	h := New(Options{ArchivesJSON: list})
	body := get(t, h, "GET", "/v1/archives").Body.String()
	for _, secret := range []string{"SECRET", "SIG", "TOKEN", "SESSION", "frag", "api_key", "token"} {
		if strings.Contains(body, secret) {
			t.Errorf("/v1/archives shows %q: %s", secret, body)
		}
	}
	for _, kept := range []string{"/tm/{url}?lang=en", "/cdx\"", "https://archive.example/\""} {
		if !strings.Contains(body, kept) {
			t.Errorf("/v1/archives lacks %q: %s", kept, body)
		}
	}
	decode(t, get(t, h, "GET", lookupURL("http://example.com/")))
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 2 || !strings.Contains(asked[0], "api_key=SECRET") || !strings.Contains(asked[1], "token=TOKEN") {
		t.Errorf("the archive was asked with %q", asked)
	}
}

// publicURLCases is the table of TestPublicURL and the seeds of
// FuzzPublicURL.
var publicURLCases = []struct{ in, want string }{
	{"", ""},
	{"https://a.example/tm/", "https://a.example/tm/"},
	{"https://user:pw@a.example/tm/", "https://a.example/tm/"},
	{"https://a.example/{timestamp}/{url}", "https://a.example/{timestamp}/{url}"},
	{"https://a.example/q?u={url}&key=K", "https://a.example/q?u={url}"},
	{"https://a.example/q?Access_Token=K&x=1&sig=2", "https://a.example/q?x=1"},
	{"https://a.example/q?%61pikey=K", "https://a.example/q"},
	{"https://a.example/q?#f", "https://a.example/q"},
	{"https://a.example/p@x/", "https://a.example/p@x/"},
}

func TestPublicURL(t *testing.T) {
	for _, tt := range publicURLCases {
		if got := publicURL(tt.in); got != tt.want {
			t.Errorf("publicURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSalt: without a salt each handler draws its own, so keys differ
// between deployments; with the same salt they agree.
func TestSalt(t *testing.T) {
	_, a := fake(t, registry.TimeMap, "found", "a")
	shared := &keyCache{Cache: NewMemoryCache(10)}
	for _, salt := range []string{"", "", "fixed", "fixed"} {
		h := New(Options{Archives: []registry.Archive{a}, Cache: shared, Salt: salt})
		decode(t, get(t, h, "GET", lookupURL("http://example.com/")))
	}
	if len(shared.keys) != 3 || shared.keys[0] == shared.keys[1] || shared.keys[1] == shared.keys[2] {
		t.Errorf("keys stored: %q (want a new key for each random salt, then one for the fixed salt)", shared.keys)
	}
}

// keyCache remembers the keys stored.
type keyCache struct {
	Cache
	keys []string
}

func (c *keyCache) Put(ctx context.Context, key string, body []byte, ttl time.Duration) {
	c.keys = append(c.keys, key)
	c.Cache.Put(ctx, key, body, ttl)
}

// TestContentLength: every answer's Content-Length is the length of its
// body (for HEAD, of the body GET would have).
func TestContentLength(t *testing.T) {
	_, a := fake(t, registry.TimeMap, "found", "a")
	h := New(Options{Archives: []registry.Archive{a}})
	for _, tt := range []struct{ method, path string }{
		{"GET", "/healthz"}, {"HEAD", "/healthz"}, {"GET", "/v1/archives"}, {"HEAD", "/v1/archives"},
		{"GET", lookupURL("http://example.com/")}, {"GET", "/nope"}, {"POST", "/healthz"},
		{"GET", lookupURL("ftp://x/")}, {"GET", "/v1/lookup?url=" + strings.Repeat("x", 30000)},
	} {
		w := get(t, h, tt.method, tt.path)
		n := w.Body.Len()
		if tt.method == "HEAD" {
			n = get(t, h, "GET", tt.path).Body.Len()
			if w.Body.Len() != 0 {
				t.Errorf("HEAD %s has a body", tt.path)
			}
		}
		if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(n) {
			t.Errorf("%s %.40s: Content-Length %q, body %d bytes", tt.method, tt.path, cl, n)
		}
	}
}

// TestTTL: what is cached, and for how long.
func TestTTL(t *testing.T) {
	h := New(Options{}).(*handler)
	const def, short = 3 * time.Second, 1500 * time.Millisecond
	type a = lookup.ArchiveResult
	found := a{ID: "f", Outcome: archive.Found, Closest: &lookup.Copy{URI: "https://a.example/web/1/x", Datetime: "2002-09-11T07:39:33Z"}}
	none := a{ID: "n", Outcome: archive.None}
	blocked := a{ID: "b", Outcome: archive.Blocked}
	timeout := a{ID: "t", Outcome: archive.Timeout}
	erring := a{ID: "e", Outcome: archive.Error, Detail: "http 400"}
	limited := a{ID: "l", Outcome: archive.RateLimited}
	cooling := a{ID: "c", Outcome: archive.RateLimited, Cooldown: true}
	for _, tt := range []struct {
		name     string
		archives []a
		deadline time.Duration
		want     time.Duration
		cc       string
	}{
		{"complete with a copy", []a{found, none, blocked}, short, 15 * 24 * time.Hour, "public, max-age=86400"},
		{"complete without", []a{none, blocked}, short, 10 * time.Minute, "public, max-age=600"},
		{"a timeout under a short deadline", []a{found, timeout}, short, 0, "no-store"},
		{"a timeout under the default deadline", []a{found, timeout}, def, 5 * time.Minute, "public, max-age=300"},
		{"an error", []a{none, erring}, short, 5 * time.Minute, "public, max-age=300"},
		{"a rate limit", []a{found, limited}, short, 5 * time.Minute, "public, max-age=300"},
		{"a cool-down", []a{found, cooling}, short, 5 * time.Minute, "public, max-age=300"},
		{"nothing answered", []a{timeout, erring, cooling}, def, 0, "no-store"},
		{"no archive", []a{}, def, 0, "no-store"},
	} {
		res := &lookup.Result{Archives: tt.archives}
		if len(tt.archives) > 0 && tt.archives[0].Outcome == archive.Found {
			res.Closest = found.Closest
		}
		if got := h.ttl(res, tt.deadline); got != tt.want || cacheControl(got) != tt.cc {
			t.Errorf("%s: %v (%s), want %v (%s)", tt.name, got, cacheControl(got), tt.want, tt.cc)
		}
	}
}

// FuzzPublicURL: whatever the endpoint, what /v1/archives shows has no
// user-info, no fragment and no secret-looking query parameter, and
// cleaning it again changes nothing.
func FuzzPublicURL(f *testing.F) {
	for _, c := range publicURLCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := publicURL(s)
		if strings.Contains(p, "#") {
			t.Fatalf("fragment kept: %q", p)
		}
		if i := strings.Index(p, "://"); i >= 0 {
			rest := p[i+3:]
			if end := strings.IndexAny(rest, "/?"); end >= 0 {
				rest = rest[:end]
			}
			if strings.Contains(rest, "@") {
				t.Fatalf("user-info kept: %q", p)
			}
		}
		if _, q, ok := strings.Cut(p, "?"); ok {
			for _, kv := range strings.Split(q, "&") {
				name, _, _ := strings.Cut(kv, "=")
				if n, err := url.QueryUnescape(name); err == nil {
					name = n
				}
				if redact.IsSecretParam(name) {
					t.Fatalf("secret parameter %q kept: %q", name, p)
				}
			}
		}
		if again := publicURL(p); again != p {
			t.Fatalf("not idempotent: %q then %q", p, again)
		}
	})
}
