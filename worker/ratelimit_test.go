//go:build !(js && wasm) || stockglue

package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// countingLimiter allows budget requests per key.
type countingLimiter struct {
	budget int
	seen   map[string]int
	err    error
}

func (l *countingLimiter) Allow(_ context.Context, key string) (bool, error) {
	if l.err != nil {
		return false, l.err
	}
	l.seen[key]++
	return l.seen[key] <= l.budget, nil
}

func TestWithRateLimit(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	type step struct {
		method, path, addr string
		want               int
	}
	tests := []struct {
		name  string
		err   error
		steps []step
	}{
		{name: "over budget, other client unaffected", steps: []step{
			{"GET", "/v1/lookup?url=a", "203.0.113.1", 200},
			{"GET", "/v1/lookup?url=b", "203.0.113.1", 200},
			{"GET", "/v1/lookup?url=c", "203.0.113.1", 429},
			{"GET", "/v1/lookup?url=c", "203.0.113.2", 200},
		}},
		// Only lookups count: not the archive list, health checks or preflights.
		{name: "other paths free", steps: []step{
			{"GET", "/healthz", "203.0.113.1", 200},
			{"GET", "/v1/archives", "203.0.113.1", 200},
			{"OPTIONS", "/v1/lookup", "203.0.113.1", 200},
			{"GET", "/healthz", "203.0.113.1", 200},
			{"GET", "/v1/lookup?url=a", "203.0.113.1", 200},
		}},
		// The addresses of one IPv6 /64 share a budget.
		{name: "ipv6 /64", steps: []step{
			{"GET", "/v1/lookup?url=a", "2001:db8:1:2::1", 200},
			{"GET", "/v1/lookup?url=a", "2001:db8:1:2:ffff::9", 200},
			{"GET", "/v1/lookup?url=a", "2001:db8:1:2::77", 429},
			{"GET", "/v1/lookup?url=a", "2001:db8:1:3::1", 200},
		}},
		// A failing counter lets requests through.
		{name: "limiter down", err: errors.New("binding down"), steps: []step{
			{"GET", "/v1/lookup?url=a", "203.0.113.1", 200},
			{"GET", "/v1/lookup?url=a", "203.0.113.1", 200},
			{"GET", "/v1/lookup?url=a", "203.0.113.1", 200},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := withRateLimit(ok, &countingLimiter{budget: 2, seen: map[string]int{}, err: tt.err}, []byte("salt"))
			for i, s := range tt.steps {
				req := httptest.NewRequest(s.method, "http://relay.test"+s.path, nil)
				req.Header.Set("CF-Connecting-IP", s.addr)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != s.want {
					t.Fatalf("step %d (%s %s from %s): status %d, want %d", i, s.method, s.path, s.addr, rec.Code, s.want)
				}
				if rec.Code != http.StatusTooManyRequests {
					continue
				}
				if got := rec.Header().Get("Retry-After"); got != "60" {
					t.Errorf("Retry-After %q, want 60", got)
				}
				if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type %q", ct)
				}
				var p struct {
					Status int
					Code   string
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != 429 || p.Code != "rate-limited" {
					t.Errorf("body %s (%v)", rec.Body, err)
				}
			}
		})
	}
}

func TestClientKey(t *testing.T) {
	salt := []byte("s1")
	tests := []struct {
		a, b string
		same bool
	}{
		{"203.0.113.1", "203.0.113.1", true},
		{"203.0.113.1", " 203.0.113.1 ", true},
		{"203.0.113.1", "::ffff:203.0.113.1", true},
		{"203.0.113.1", "203.0.113.2", false},
		{"2001:db8::1", "2001:db8::2", true},
		{"2001:db8::1", "2001:db8:0:1::1", false},
		{"", "", true},
		{"", "203.0.113.1", false},
	}
	for _, tt := range tests {
		ka, kb := clientKey(salt, tt.a), clientKey(salt, tt.b)
		if (ka == kb) != tt.same {
			t.Errorf("clientKey(%q) == clientKey(%q): %v, want %v", tt.a, tt.b, ka == kb, tt.same)
		}
	}
	k := clientKey(salt, "203.0.113.1")
	if !regexp.MustCompile(`^c-[0-9a-f]{32}$`).MatchString(k) {
		t.Errorf("key %q", k)
	}
	if k == clientKey([]byte("s2"), "203.0.113.1") {
		t.Error("the salt does not change the key")
	}
}

// TestRateLimitPeriodMatchesWrangler checks that the Retry-After the relay
// sends is the period of the binding in wrangler.toml.
func TestRateLimitPeriodMatchesWrangler(t *testing.T) {
	toml, err := os.ReadFile("wrangler.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\[\[ratelimits\]\]\s*\nname = "RATE_LIMITER"\s*\nnamespace_id = "\d+"\s*\nsimple = \{ limit = (\d+), period = (\d+) \}`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("wrangler.toml has no [[ratelimits]] binding RATE_LIMITER with simple = { limit, period }")
	}
	period, _ := strconv.Atoi(string(m[2]))
	if time.Duration(period)*time.Second != rateLimitPeriod {
		t.Errorf("wrangler.toml period %d s, rateLimitPeriod %v", period, rateLimitPeriod)
	}
}
