package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// rateLimitPeriod is the period of the Workers Rate Limiting binding
// RATE_LIMITER (simple.period in wrangler.toml, checked by a test): a client
// over its budget is told to come back after it.
const rateLimitPeriod = 60 * time.Second

// A Limiter counts requests per key, as the Workers Rate Limiting binding
// does: Allow reports whether one more request under key is within the
// budget.
type Limiter interface {
	Allow(ctx context.Context, key string) (bool, error)
}

// withRateLimit asks lim, before any archive work, whether the client of each
// GET /v1/lookup is within its budget, and answers 429 problem+json with
// Retry-After when it is not. Every lookup counts, cached or not: telling
// them apart needs a cache read, and a person clicking "Find an archived
// copy" stays far below the budget anyway. Other paths and CORS preflights
// are not counted. When lim fails the request goes on: an outage of the
// counter must not take the relay down. A nil lim limits nothing.
func withRateLimit(h httplite.Handler, lim Limiter, salt []byte) httplite.Handler {
	if lim == nil {
		return h
	}
	return httplite.HandlerFunc(func(w httplite.ResponseWriter, r *httplite.Request) {
		if r.URL.Path != "/v1/lookup" || r.Method != httplite.MethodGet {
			h.ServeHTTP(w, r)
			return
		}
		ok, err := lim.Allow(r.Context(), clientKey(salt, r.Header.Get("Cf-Connecting-Ip")))
		if err == nil && !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(rateLimitPeriod/time.Second)))
			problem(w, httplite.StatusTooManyRequests, "Too Many Requests", "rate-limited",
				"too many lookups from this address; try again in a minute")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// clientKey returns the rate-limit key of a client address: a salted hash
// (HMAC-SHA-256 under salt), so the address itself is never handed to the
// counter. An IPv6 client is keyed on its /64, which one household or host
// usually holds whole; an address that does not parse (or none) shares the
// key of the text as given.
func clientKey(salt []byte, addr string) string {
	addr = strings.TrimSpace(addr)
	if ip, err := netip.ParseAddr(addr); err == nil {
		ip = ip.Unmap()
		if ip.Is6() {
			p, _ := ip.Prefix(64)
			addr = p.String()
		} else {
			addr = ip.String()
		}
	}
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(addr))
	return "c-" + hex.EncodeToString(m.Sum(nil)[:16])
}

// rateLimitSalt returns the salt of client keys: the Worker secret
// SESAME_SALT when it is set (every isolate then keys a client alike, so
// the budget holds across them), else random bytes for this instance's life
// (the budget then holds per isolate only).
func rateLimitSalt(secret string) []byte {
	if secret != "" {
		return []byte(secret)
	}
	b := make([]byte, 32)
	rand.Read(b)
	return b
}
