package main

import (
	"strconv"
	"time"

	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/relay"
	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// config is what a Worker shell (or the native server) supplies to the relay.
type config struct {
	client       lookup.Doer // must not follow redirects (see lookup.Doer)
	cache        relay.Cache
	archivesJSON string // the ARCHIVES_JSON variable; empty means the built-in list
	// salt is the SESAME_SALT secret: it salts cache keys and client keys,
	// so that nobody can tell from outside which pages were looked up.
	// Empty means a random salt for this instance's life.
	salt string
	// cacheStatus (SESAME_CACHE_STATUS = "1", tests and benches only) adds
	// X-Sesame-Cache: hit|miss to lookup answers.
	cacheStatus bool
	// maxCooldown (SESAME_MAX_COOLDOWN_MS, chaos runs only) caps every
	// archive's cool-down; 0 keeps lookup.Health's default. A chaos run
	// sets 1 ms so that every lookup really asks the failing archives
	// instead of answering from their cool-down.
	maxCooldown time.Duration
}

// newHandler returns the relay handler for c. An ARCHIVES_JSON that does not
// parse never falls back silently to another list: the relay logs it once,
// without quoting it, and answers every request with a generic 503 problem
// (see relay.Options.ArchivesJSON).
func newHandler(c config) httplite.Handler {
	var health *lookup.Health
	if c.maxCooldown > 0 {
		health = &lookup.Health{MaxCooldown: c.maxCooldown}
	}
	return relay.New(relay.Options{
		Health:       health,
		Client:       c.client,
		Cache:        c.cache,
		Now:          time.Now,
		ArchivesJSON: c.archivesJSON,
		Salt:         c.salt,
		CacheStatus:  c.cacheStatus,
	})
}

// maxCooldownOf reads SESAME_MAX_COOLDOWN_MS (0 when unset or not a
// positive number of milliseconds).
func maxCooldownOf(v string) time.Duration {
	ms, err := strconv.Atoi(v)
	if err != nil || ms <= 0 {
		return 0
	}
	return time.Duration(ms) * time.Millisecond
}

// newNativeCache is the cache of the native server.
func newNativeCache() relay.Cache { return relay.NewMemoryCache(10000) }

// safeKey reports whether a relay cache key can go into a URL path as it is
// (relay keys are [a-z0-9-] hashes).
func safeKey(key string) bool {
	if key == "" || len(key) > 100 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
