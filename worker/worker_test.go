//go:build !(js && wasm)

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// TestNewHandlerArchives checks which registry the Worker hands the relay.
func TestNewHandlerArchives(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantIDs []string // nil: the built-in list
		wantErr bool
	}{
		// Unset or blank: the built-in registry.
		{name: "unset", json: ""},
		{name: "blank", json: " \n\t"},
		// A valid override replaces the list.
		{name: "override", json: `[{"id":"local","name":"Local","kind":"timemap","endpoint":"http://127.0.0.1:9/web/timemap/link/"}]`, wantIDs: []string{"local"}},
		// Anything that does not parse is an error, never a silent fallback.
		{name: "not JSON", json: `{`, wantErr: true},
		{name: "wrong shape", json: `{"id":"x"}`, wantErr: true},
		{name: "bad kind", json: `[{"id":"x","name":"X","kind":"gopher","endpoint":"http://127.0.0.1:9/"}]`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandler(config{client: lookup.NewHTTPClient(), cache: newNativeCache(), archivesJSON: tt.json})
			if tt.wantErr {
				// The relay answers a generic 503 problem that quotes
				// nothing of the broken registry.
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", "http://relay.test/v1/archives", nil))
				p := problemOf(t, rec, http.StatusServiceUnavailable)
				if d, _ := p["detail"].(string); strings.Contains(d, "127.0.0.1") || strings.Contains(d, "gopher") {
					t.Errorf("detail %q quotes the registry", d)
				}
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "http://relay.test/v1/archives", nil))
			var got struct{ Archives []registry.Archive }
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("%v in %s", err, rec.Body)
			}
			want := tt.wantIDs
			if want == nil {
				for _, a := range registry.Default() {
					want = append(want, a.ID)
				}
			}
			var ids []string
			for _, a := range got.Archives {
				ids = append(ids, a.ID)
			}
			if strings.Join(ids, ",") != strings.Join(want, ",") {
				t.Errorf("archives %v, want %v", ids, want)
			}
		})
	}
}

func TestCacheKeyURL(t *testing.T) {
	ctx := context.WithValue(context.Background(), originKey{}, "https://relay.example")
	tests := []struct {
		ctx  context.Context
		key  string
		want string // prefix when hashed
		hash bool
	}{
		// Relay keys are used as they are, on the request's origin.
		{ctx, "lookup-v1-0123abcd", "https://relay.example/.sesame-cache/v1/lookup-v1-0123abcd", false},
		// Without an origin in the context, a placeholder origin.
		{context.Background(), "lookup-v1-ff", "http://localhost/.sesame-cache/v1/lookup-v1-ff", false},
		// Anything else is hashed: a URL must never appear in a cache key.
		{ctx, "https://secret.example/page?token=1", "https://relay.example/.sesame-cache/v1/h-", true},
		{ctx, "", "https://relay.example/.sesame-cache/v1/h-", true},
		{ctx, "UPPER", "https://relay.example/.sesame-cache/v1/h-", true},
		{ctx, strings.Repeat("a", 101), "https://relay.example/.sesame-cache/v1/h-", true},
	}
	for _, tt := range tests {
		got := cacheKeyURL(tt.ctx, tt.key)
		if !tt.hash {
			if got != tt.want {
				t.Errorf("cacheKeyURL(%q) = %q, want %q", tt.key, got, tt.want)
			}
			continue
		}
		if !strings.HasPrefix(got, tt.want) || len(got) != len(tt.want)+64 {
			t.Errorf("cacheKeyURL(%q) = %q, want %s + 64 hex digits", tt.key, got, tt.want)
		}
		if tt.key != "" && strings.Contains(got, tt.key) {
			t.Errorf("cacheKeyURL(%q) = %q contains the key", tt.key, got)
		}
		if _, err := url.Parse(got); err != nil {
			t.Errorf("cacheKeyURL(%q) = %q: %v", tt.key, got, err)
		}
	}
}

func TestWithOrigin(t *testing.T) {
	tests := []struct{ target, host, want string }{
		{"http://127.0.0.1:8787/v1/lookup", "", "http://127.0.0.1:8787"},
		{"https://relay.example/healthz", "", "https://relay.example"},
		{"/healthz", "relay.example:8080", "http://relay.example:8080"},
	}
	for _, tt := range tests {
		var got string
		h := withOrigin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got, _ = r.Context().Value(originKey{}).(string)
		}))
		r := httptest.NewRequest("GET", "http://placeholder/", nil)
		r.URL, _ = url.Parse(tt.target)
		r.Host = tt.host
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != tt.want {
			t.Errorf("origin of %s (Host %q) = %q, want %q", tt.target, tt.host, got, tt.want)
		}
	}
}

func TestCacheControl(t *testing.T) {
	tests := []struct {
		ttl  time.Duration
		want string
	}{
		{15 * 24 * time.Hour, "public, max-age=1296000"},
		{10 * time.Minute, "public, max-age=600"},
		{500 * time.Millisecond, "public, max-age=1"},
		{0, "public, max-age=1"},
	}
	for _, tt := range tests {
		if got := cacheControl(tt.ttl); got != tt.want {
			t.Errorf("cacheControl(%v) = %q, want %q", tt.ttl, got, tt.want)
		}
	}
}

// problemOf decodes a problem answer and checks its headers.
func problemOf(t *testing.T, rec *httptest.ResponseRecorder, status int) map[string]any {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d", rec.Code, status)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS header")
	}
	var p map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("%v in %s", err, rec.Body)
	}
	return p
}

func TestRecoverer(t *testing.T) {
	h := recoverer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/lookup", nil))
	p := problemOf(t, rec, http.StatusInternalServerError)
	if strings.Contains(rec.Body.String(), "boom") {
		t.Error("the panic value leaked into the answer")
	}
	if p["status"] != float64(500) {
		t.Errorf("problem %v", p)
	}
}

// TestNativeLookup runs the native server's handler (what "go run ./worker"
// serves) against fake archives: a copy is found, then served from the
// in-memory cache.
func TestNativeLookup(t *testing.T) {
	found := fakearchive.New(registry.TimeMap, fakearchive.Behavior{Mode: fakearchive.Found, Mementos: 3})
	defer found.Close()
	none := fakearchive.New(registry.TimeGate, fakearchive.Behavior{Mode: fakearchive.None})
	defer none.Close()
	list, _ := json.Marshal([]registry.Archive{found.Archive("found"), none.Archive("none")})
	h := newHandler(config{client: lookup.NewHTTPClient(), cache: newNativeCache(), archivesJSON: string(list), cacheStatus: true})
	srv := httptest.NewServer(recoverer(withOrigin(h)))
	defer srv.Close()
	var answers []map[string]any
	var status []string
	for range 2 {
		res, err := http.Get(srv.URL + "/v1/lookup?url=" + url.QueryEscape("https://example.com/page"))
		if err != nil {
			t.Fatal(err)
		}
		var a map[string]any
		status = append(status, res.Header.Get("X-Sesame-Cache"))
		err = json.NewDecoder(res.Body).Decode(&a)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("status %d, %v", res.StatusCode, err)
		}
		answers = append(answers, a)
	}
	closest, _ := answers[0]["closest"].(map[string]any)
	if closest == nil || closest["archive"] != "found" {
		t.Errorf("closest %v, want a copy from the found archive", answers[0]["closest"])
	}
	if status[0] != "miss" || status[1] != "hit" {
		t.Errorf("X-Sesame-Cache %q then %q, want miss then hit", status[0], status[1])
	}
	if _, ok := answers[1]["cached"]; ok {
		t.Errorf("the answer says whether it was cached: %v", answers[1])
	}
}
