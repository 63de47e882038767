//go:build js && wasm && stockglue

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"syscall/js"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/cache"
	"github.com/syumai/workers/cloudflare/fetch"
)

// main serves one request with the stock glue. This file is the relay bench's
// baseline and never deployed: only dev/scripts/build-stock.sh builds it
// (-tags stockglue), into dev/bench/relay/stock/build/ next to the generated
// worker.mjs.
func main() { runStock() }

// runStock serves one request with the stock github.com/syumai/workers glue
// (build/worker.mjs starts a fresh instance per request), then returns once
// the answer is sent and every background cache write has finished.
func runStock() {
	// fetch.NewClient() alone panics in workerd ("Illegal invocation"): the
	// library's global object is a Proxy, so bind fetch to the real one.
	client := stockClient{fetch.NewClient(fetch.WithBinding(js.Global().Get("globalThis")))}
	c := &stockCache{c: cache.New()}
	h := newHandler(config{client: client, cache: c, archivesJSON: getenv("ARCHIVES_JSON"),
		salt: getenv("SESAME_SALT"), cacheStatus: getenv("SESAME_CACHE_STATUS") == "1"})
	workers.ServeNonBlock(recoverer(withOrigin(h)))
	workers.Ready()
	<-workers.Done()
	c.pending.Wait()
}

// stockClient is the relay's HTTP client (a lookup.Doer) over the library's
// fetch, with redirect "manual": the lookup follows redirects itself, only to
// registry hosts. The library's HTTPClient would be an *http.Client, which
// links net/http's own Transport (TLS, HTTP/2) into the Worker.
type stockClient struct{ c *fetch.Client }

// Do sends req through the Workers fetch API.
func (s stockClient) Do(req *http.Request) (*http.Response, error) {
	return s.c.Do(&fetch.Request{Request: req}, &fetch.RequestInit{Redirect: fetch.RedirectModeManual})
}

// stockCache is the relay cache over github.com/syumai/workers/cloudflare/cache.
type stockCache struct {
	c       *cache.Cache
	pending sync.WaitGroup
}

func (s *stockCache) Get(ctx context.Context, key string) ([]byte, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cacheKeyURL(ctx, key), nil)
	if err != nil {
		return nil, false
	}
	res, err := s.c.Match(req, nil)
	if err != nil {
		return nil, false
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxCachedBody+1))
	if err != nil || len(b) > maxCachedBody {
		return nil, false
	}
	return b, true
}

// Put stores body under ctx.waitUntil; runStock waits for it before the
// instance ends.
func (s *stockCache) Put(ctx context.Context, key string, body []byte, ttl time.Duration) {
	req, err := http.NewRequest(http.MethodGet, cacheKeyURL(ctx, key), nil)
	if err != nil {
		return
	}
	res := &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {"application/json"}, "Cache-Control": {cacheControl(ttl)}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
	}
	s.pending.Add(1)
	cloudflare.WaitUntil(func() {
		defer s.pending.Done()
		s.c.Put(req, res)
	})
}
