package main

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
	"github.com/sesame-help/sesame/internal/archive/relay"
)

// config is what a Worker shell (or the native server) supplies to the relay.
type config struct {
	client       lookup.Doer // must not follow redirects (see lookup.Doer)
	cache        relay.Cache
	archivesJSON string // the ARCHIVES_JSON variable; empty means the built-in list
}

// newHandler returns the relay handler for c. An ARCHIVES_JSON that does not
// parse is an error: the Worker then answers every request with a 500 problem
// rather than silently using another list.
func newHandler(c config) (http.Handler, error) {
	archives := registry.Default()
	if strings.TrimSpace(c.archivesJSON) != "" {
		list, err := registry.Parse([]byte(c.archivesJSON))
		if err != nil {
			return nil, fmt.Errorf("worker: ARCHIVES_JSON: %v", err)
		}
		archives = list
	}
	return relay.New(relay.Options{
		Client:   c.client,
		Archives: archives,
		Cache:    c.cache,
		Now:      time.Now,
	}), nil
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
