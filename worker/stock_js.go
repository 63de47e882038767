//go:build js && wasm

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

// runStock serves one request with the stock github.com/syumai/workers glue
// (build/worker.mjs starts a fresh instance per request), then returns once
// the answer is sent and every background cache write has finished.
func runStock() {
	// fetch.NewClient() alone panics in workerd ("Illegal invocation"): the
	// library's global object is a Proxy, so bind fetch to the real one.
	client := fetch.NewClient(fetch.WithBinding(js.Global().Get("globalThis"))).HTTPClient(fetch.RedirectModeManual)
	client.Transport = withRequest{client.Transport}
	c := &stockCache{c: cache.New()}
	h, err := newHandler(config{client: client, cache: c, archivesJSON: getenv("ARCHIVES_JSON")})
	if err != nil {
		h = failing(err)
	}
	workers.ServeNonBlock(recoverer(withOrigin(h)))
	workers.Ready()
	<-workers.Done()
	c.pending.Wait()
}

// withRequest sets Response.Request, which the library's transport leaves
// nil (net/http's own transports set it; the lookup reads it).
type withRequest struct{ rt http.RoundTripper }

func (w withRequest) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := w.rt.RoundTrip(req)
	if res != nil && res.Request == nil {
		res.Request = req
	}
	return res, err
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
