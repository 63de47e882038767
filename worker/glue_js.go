//go:build js && wasm

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// The reuse glue. entry.mjs starts one Go instance, which serves every
// request of the isolate at once (a goroutine each), and hands it a host
// object (context.sesame) with these JavaScript functions; req is the number
// of the request an operation is for (entry.mjs runs it in that request's
// context), call the number of an asynchronous operation:
//
//	respond(req, status, headers, body)          answer request req
//	fetch(call, req, method, url, headers, body) start an outgoing fetch
//	read(call, stream)                           read the next chunk of a body
//	cancel(stream)                               drop a body
//	abort(call)                                  abort a fetch still in flight
//	cacheMatch(call, req, keyURL)                look up the Workers cache
//	cachePut(req, keyURL, body, cacheControl)    store, under ctx.waitUntil
//	limit(call, req, key)                        ask the rate limiter
//
// An asynchronous function returns false when it did not start the operation
// (its request has ended, the stream is gone, no rate limiter is bound).
//
// Go sets three functions on the host object, once, for the instance's life:
//
//	goServe(req, method, url, headers)  a request arrived
//	goDone(call, value, error)          an asynchronous call finished
//	goStats()                           collect garbage, report memory (bench only)
//
// Headers cross as flat arrays [name, value, …] and bodies as Uint8Array.
// Every asynchronous operation is named by a number, so no js.Func is created
// per request and none is left behind: the instance can serve requests for
// as long as it lives without growing.

// maxRequestBody bounds the body of an outgoing request.
const maxRequestBody = 1 << 20

// bridge is the Go side of the reuse glue.
type bridge struct {
	host js.Value
	// answerCap bounds an answer (maxResponseBody; lower only in tests,
	// through the variable SESAME_ANSWER_CAP).
	answerCap int

	mu    sync.Mutex
	next  int
	calls map[int]chan result
}

// result is what goDone delivers for one call.
type result struct {
	val js.Value
	err error
}

// runReuse serves requests through host until the instance is dropped.
func runReuse(host js.Value) {
	b := &bridge{host: host, calls: map[int]chan result{}, answerCap: maxResponseBody}
	if n, err := strconv.Atoi(getenv("SESAME_ANSWER_CAP")); err == nil && n > 0 && n < maxResponseBody {
		b.answerCap = n
	}
	h := newHandler(config{client: &transport{b: b}, cache: &bridgeCache{b: b}, archivesJSON: getenv("ARCHIVES_JSON"),
		salt: getenv("SESAME_SALT"), cacheStatus: getenv("SESAME_CACHE_STATUS") == "1",
		maxCooldown: maxCooldownOf(getenv("SESAME_MAX_COOLDOWN_MS"))})
	h = withRateLimit(h, &bridgeLimiter{b: b}, rateLimitSalt(getenv("SESAME_SALT")))
	b.listen(recoverer(withOrigin(h)))
	ready()
	select {}
}

// ready tells entry.mjs that the instance serves (the import "workers.ready"
// that github.com/syumai/workers' generated glue also provides). The reuse
// glue declares it itself rather than calling workers.Ready: that package
// imports net/http, which would bring TLS and certificate code into the
// Worker (see package httplite).
//
//go:wasmimport workers ready
func ready()

// listen registers goServe and goDone on the host object.
func (b *bridge) listen(h httplite.Handler) {
	b.host.Set("goServe", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 4 || args[0].Type() != js.TypeNumber ||
			args[1].Type() != js.TypeString || args[2].Type() != js.TypeString {
			return nil
		}
		id, method, raw, hdr := args[0].Int(), args[1].String(), args[2].String(), headerFromJS(args[3])
		go b.serve(h, id, method, raw, hdr)
		return nil
	}))
	b.host.Set("goDone", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeNumber {
			return nil
		}
		id := args[0].Int()
		b.mu.Lock()
		ch, ok := b.calls[id]
		delete(b.calls, id)
		b.mu.Unlock()
		if !ok {
			return nil // the caller gave up (its context ended)
		}
		r := result{val: js.Undefined()}
		if len(args) > 1 {
			r.val = args[1]
		}
		if len(args) > 2 && args[2].Type() == js.TypeString {
			r.err = errors.New(args[2].String())
		}
		ch <- r // buffered: never blocks the JavaScript caller
		return nil
	}))
	b.host.Set("goStats", js.FuncOf(func(js.Value, []js.Value) any {
		runtime.GC()
		runtime.GC() // the first queues finalizers of dropped js.Values
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.mu.Lock()
		calls := len(b.calls)
		b.mu.Unlock()
		return map[string]any{
			"heapAlloc":    m.HeapAlloc,
			"heapSys":      m.HeapSys,
			"numGC":        m.NumGC,
			"goroutines":   runtime.NumGoroutine(),
			"pendingCalls": calls,
		}
	}))
}

// reqKey is the context key of the number of the request a goroutine serves.
type reqKey struct{}

// reqID returns the number of the request ctx belongs to (0 for none).
func reqID(ctx context.Context) int {
	id, _ := ctx.Value(reqKey{}).(int)
	return id
}

// serve runs h for one request and hands the answer to respond.
func (b *bridge) serve(h httplite.Handler, id int, method, raw string, hdr httplite.Header) {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), reqKey{}, id))
	rec := newRecorder(b.answerCap)
	defer func() {
		cancel()
		if p := recover(); p != nil {
			rec = newRecorder(maxResponseBody)
			problem(rec, httplite.StatusInternalServerError, "Internal error", "internal", "the relay failed while answering")
		}
		status, header, body := rec.finish(method)
		jsBody := js.Null()
		if body != nil {
			jsBody = bytesToJS(body)
		}
		b.jsCall("respond", id, status, headerToJS(header), jsBody)
	}()
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		problem(rec, httplite.StatusBadRequest, "Bad request", "bad-request", "the request URL cannot be parsed")
		return
	}
	req := &httplite.Request{
		Method:     method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     hdr,
		Body:       httplite.NoBody,
		Host:       u.Host,
		RequestURI: u.RequestURI(),
		RemoteAddr: hdr.Get("Cf-Connecting-Ip"),
	}
	h.ServeHTTP(rec, req.WithContext(ctx))
}

// jsCall calls the host function fn, turning a JavaScript exception into an
// error instead of a panic.
func (b *bridge) jsCall(fn string, args ...any) (v js.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("worker: %s: %v", fn, p)
		}
	}()
	return b.host.Call(fn, args...), nil
}

// errNotStarted is returned by call when the host did not start the
// operation (its request has ended, or the stream is gone).
var errNotStarted = errors.New("worker: the host did not start the call")

// call starts the asynchronous host function fn with a fresh call id as its
// first argument and waits for goDone or for ctx to end. When ctx ends first
// and abort is set, the host is asked to abort the call.
func (b *bridge) call(ctx context.Context, abort bool, fn string, args ...any) (js.Value, error) {
	ch := make(chan result, 1)
	b.mu.Lock()
	b.next++
	id := b.next
	b.calls[id] = ch
	b.mu.Unlock()
	forget := func() {
		b.mu.Lock()
		delete(b.calls, id)
		b.mu.Unlock()
	}
	started, err := b.jsCall(fn, append([]any{id}, args...)...)
	if err != nil {
		forget()
		return js.Undefined(), err
	}
	if started.Type() == js.TypeBoolean && !started.Bool() {
		forget()
		return js.Undefined(), errNotStarted
	}
	select {
	case r := <-ch:
		return r.val, r.err
	case <-ctx.Done():
		forget()
		if abort {
			b.jsCall("abort", id)
		}
		return js.Undefined(), ctx.Err()
	}
}

// transport is the relay's HTTP client (a lookup.Doer) over the Workers fetch
// API. Redirects are not followed by fetch (redirect: "manual"): the lookup
// follows them itself, only to registry hosts. It is not an httplite.Client, so
// net/http's own Transport (TLS, HTTP/2) stays out of the Worker.
type transport struct{ b *bridge }

// Do sends req through the host's fetch.
func (t *transport) Do(req *httplite.Request) (*httplite.Response, error) {
	ctx := req.Context()
	body := js.Null()
	if req.Body != nil && req.Body != httplite.NoBody {
		data, err := io.ReadAll(io.LimitReader(req.Body, maxRequestBody+1))
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("worker: reading request body: %w", err)
		}
		if len(data) > maxRequestBody {
			return nil, errors.New("worker: request body too large")
		}
		body = bytesToJS(data)
	}
	v, err := t.b.call(ctx, true, "fetch", reqID(ctx), req.Method, req.URL.String(), headerToJS(req.Header), body)
	if err != nil {
		return nil, err
	}
	if v.Type() != js.TypeObject {
		return nil, errors.New("worker: fetch gave no response")
	}
	status := v.Get("status").Int()
	res := &httplite.Response{
		Status:        strconv.Itoa(status) + " " + v.Get("statusText").String(),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        headerFromJS(v.Get("headers")),
		ContentLength: -1,
		Request:       req,
		Body:          httplite.NoBody,
	}
	if n, err := strconv.ParseInt(res.Header.Get("Content-Length"), 10, 64); err == nil && n >= 0 {
		res.ContentLength = n
	}
	if s := v.Get("stream"); s.Type() == js.TypeNumber && s.Int() != 0 {
		res.Body = &jsBody{b: t.b, ctx: ctx, stream: s.Int()}
	}
	return res, nil
}

// errBodyClosed is returned by reads after Close.
var errBodyClosed = errors.New("worker: read on closed body")

// jsBody streams a fetch response body chunk by chunk, so a large archive
// answer is never held whole.
type jsBody struct {
	b      *bridge
	ctx    context.Context
	stream int
	buf    []byte
	err    error
}

func (r *jsBody) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		v, err := r.b.call(r.ctx, false, "read", r.stream)
		switch {
		case err == errNotStarted:
			r.err = io.EOF // the host dropped the stream
			r.stream = 0
		case err != nil:
			r.err = err
			r.release()
		case v.IsNull() || v.IsUndefined():
			r.err = io.EOF
			r.stream = 0 // the host dropped it at its end
		default:
			chunk, ok := bytesFromJS(v, 1<<30)
			if !ok {
				r.err = errors.New("worker: fetch body chunk is not bytes")
				r.release()
			}
			r.buf = chunk
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *jsBody) Close() error {
	r.release()
	if r.err == nil || r.err == io.EOF {
		r.err = errBodyClosed
	}
	r.buf = nil
	return nil
}

func (r *jsBody) release() {
	if r.stream != 0 {
		r.b.jsCall("cancel", r.stream)
		r.stream = 0
	}
}

// bridgeCache is the relay cache over the Workers Cache API (caches.default).
// Entries live under synthetic URLs on the Worker's own origin; their lifetime
// is the Cache-Control max-age of the stored response.
type bridgeCache struct{ b *bridge }

func (c *bridgeCache) Get(ctx context.Context, key string) ([]byte, bool) {
	v, err := c.b.call(ctx, false, "cacheMatch", reqID(ctx), cacheKeyURL(ctx, key))
	if err != nil {
		return nil, false
	}
	return bytesFromJS(v, maxCachedBody)
}

// Put stores body in the background: the host hands the write to
// ctx.waitUntil, so the answer does not wait for it.
func (c *bridgeCache) Put(ctx context.Context, key string, body []byte, ttl time.Duration) {
	c.b.jsCall("cachePut", reqID(ctx), cacheKeyURL(ctx, key), bytesToJS(body), cacheControl(ttl))
}

// bridgeLimiter is the Workers Rate Limiting binding RATE_LIMITER, through
// the host. Without the binding every request is allowed.
type bridgeLimiter struct{ b *bridge }

func (l *bridgeLimiter) Allow(ctx context.Context, key string) (bool, error) {
	v, err := l.b.call(ctx, false, "limit", reqID(ctx), key)
	if err == errNotStarted {
		return true, nil // no binding
	}
	if err != nil {
		return false, err
	}
	return v.Type() != js.TypeBoolean || v.Bool(), nil
}

// getenv returns the Worker variable name, or "" when it is unset or not a
// string.
func getenv(name string) string {
	rc := js.Global().Get("context")
	if rc.Type() != js.TypeObject {
		return ""
	}
	env := rc.Get("env")
	if env.Type() != js.TypeObject {
		return ""
	}
	v := env.Get(name)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// bytesToJS copies b into a new JavaScript Uint8Array.
func bytesToJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	if len(b) > 0 {
		js.CopyBytesToJS(a, b)
	}
	return a
}

// bytesFromJS copies a JavaScript Uint8Array into Go. It returns false when v
// is not a Uint8Array or is longer than limit.
func bytesFromJS(v js.Value, limit int) ([]byte, bool) {
	if v.Type() != js.TypeObject || !v.InstanceOf(js.Global().Get("Uint8Array")) {
		return nil, false
	}
	n := v.Get("byteLength").Int()
	if n > limit {
		return nil, false
	}
	b := make([]byte, n)
	js.CopyBytesToGo(b, v)
	return b, true
}

// headerToJS joins h into one string "name\nvalue\nname\nvalue…" for
// entry.mjs, dropping a name or value with a line feed or NUL (no header
// may hold one, and the split would misread it).
func headerToJS(h httplite.Header) string {
	var b strings.Builder
	for k, vs := range h {
		if strings.ContainsAny(k, "\n\x00") {
			continue
		}
		for _, v := range vs {
			if strings.ContainsAny(v, "\n\x00") {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(k)
			b.WriteByte('\n')
			b.WriteString(v)
		}
	}
	return b.String()
}

// headerFromJS reads the string "name\nvalue\n…" entry.mjs joins into a
// header. Values are kept whole: a Link header's commas stay inside one
// value.
func headerFromJS(v js.Value) httplite.Header {
	h := httplite.Header{}
	if v.Type() != js.TypeString {
		return h
	}
	return headerFromJoined(v.String())
}
