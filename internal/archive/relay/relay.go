// Package relay is the HTTP handler of Sesame's archive relay: it answers
// GET /v1/lookup by asking the web archives of its registry at once
// (package archive/lookup), caches the answers, and serves the archive list
// and a health check. It runs natively (tests, httptest) and inside the
// Cloudflare Worker in worker/, which supplies the HTTP client and the
// cache. The API is documented in README.md.
//
// The relay never fetches the looked-up page, contacts only the endpoints
// of its registry, strips user-info and fragments before anything else, and
// never logs URLs.
package relay

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// UserAgent identifies the relay to the archives.
const UserAgent = "Sesame-Relay/1 (archive lookup for the Sesame browser extension; +https://github.com/sesame-help/sesame)"

// Options configure the relay.
type Options struct {
	Client   lookup.Doer        // makes every archive request; must not follow redirects (see lookup.Options.Client)
	Archives []registry.Archive // the registry in use (nil: registry.Default())
	// ArchivesJSON, when not blank, is a registry as JSON (the Worker's
	// ARCHIVES_JSON variable) that replaces Archives. If it does not parse,
	// New logs that once, without quoting it, and every request is
	// answered 503 (relay-misconfigured) rather than served from another
	// list.
	ArchivesJSON string
	Cache        Cache            // nil: no caching
	Now          func() time.Time // nil: time.Now

	// Salt is the deployment's secret for cache keys and client keys (the
	// Worker's CACHE_SALT secret): without it, nobody can tell from a key
	// which URL was looked up. Empty: New draws a random one, so keys then
	// last as long as the handler (in the Worker, one Go instance).
	Salt string
	// ClientKey returns an opaque key of the client behind a request, for
	// the archives' cool-downs (see lookup.Health: one client alone can
	// only make an archive cool down for itself). Nil: a salted hash of
	// the CF-Connecting-IP header that Cloudflare sets, or "" without it.
	ClientKey func(*httplite.Request) string
	// CacheStatus adds "X-Sesame-Cache: hit" or "miss" to lookup answers
	// (off by default: whether a page was looked up before is nobody's
	// business; for tests and operators).
	CacheStatus bool
	// Log receives the relay's rare operational messages; they never hold
	// a URL or a secret. Nil: standard error.
	Log func(msg string)

	// DefaultTimeout is the lookup deadline without a timeout parameter
	// (default 3 s); MaxTimeout and MinTimeout bound the parameter
	// (defaults 10 s and 100 ms): larger or smaller values are clamped.
	DefaultTimeout, MaxTimeout, MinTimeout time.Duration
	// ArchiveTimeout bounds each archive (0: the lookup's default, 68 % of
	// the deadline).
	ArchiveTimeout time.Duration
	// MaxInFlight is the most archive requests at once (default 6, the
	// Workers limit on simultaneous connections).
	MaxInFlight int
	// Health remembers failing archives between requests (nil: the
	// handler keeps its own for as long as it lives).
	Health *lookup.Health
	// FoundTTL and NoneTTL are how long complete answers (every archive
	// asked answered found, none or blocked) are cached: with a copy
	// (default 15 days) and without one (default 10 minutes). Answers with
	// failures or archives skipped for a cool-down are kept at most
	// PartialTTL (default 5 minutes); see the handler's ttl for those never
	// cached.
	FoundTTL, NoneTTL, PartialTTL time.Duration
	// UserAgent is sent to the archives (default UserAgent).
	UserAgent string
}

type handler struct {
	o        Options
	salt     []byte
	archives []byte // the /v1/archives answer
	broken   bool   // ArchivesJSON does not parse
}

// New returns the relay's handler: GET /v1/lookup, GET /v1/archives,
// GET /healthz, and OPTIONS preflight for each.
func New(o Options) httplite.Handler {
	if o.Log == nil {
		o.Log = func(msg string) { os.Stderr.WriteString(msg + "\n") }
	}
	broken := false
	if strings.TrimSpace(o.ArchivesJSON) != "" {
		list, err := registry.Parse([]byte(o.ArchivesJSON))
		if err != nil {
			// The error may quote endpoints, and endpoints may hold
			// credentials: say only that the list is broken.
			o.Log("relay: ARCHIVES_JSON is not a valid archive list; every request is answered 503 until it is fixed")
			broken = true
		}
		o.Archives = list
	}
	if o.Archives == nil {
		o.Archives = registry.Default()
	}
	salt := []byte(o.Salt)
	if len(salt) == 0 {
		salt = make([]byte, 32)
		rand.Read(salt)
	}
	if o.ClientKey == nil {
		o.ClientKey = func(r *httplite.Request) string {
			if ip := strings.TrimSpace(r.Header.Get("CF-Connecting-IP")); ip != "" {
				return ClientKey(salt, ip)
			}
			return ""
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.DefaultTimeout <= 0 {
		o.DefaultTimeout = 3 * time.Second
	}
	if o.MaxTimeout <= 0 {
		o.MaxTimeout = 10 * time.Second
	}
	if o.MinTimeout <= 0 {
		o.MinTimeout = 100 * time.Millisecond
	}
	if o.Health == nil {
		o.Health = lookup.NewHealth()
	}
	if o.FoundTTL <= 0 {
		o.FoundTTL = 15 * 24 * time.Hour
	}
	if o.NoneTTL <= 0 {
		o.NoneTTL = 10 * time.Minute
	}
	if o.PartialTTL <= 0 {
		o.PartialTTL = 5 * time.Minute
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent
	}
	body, _ := json.Marshal(struct {
		Archives []registry.Archive `json:"archives"`
	}{publicArchives(o.Archives)})
	return &handler{o: o, salt: salt, archives: append(body, '\n'), broken: broken}
}

// routes maps paths to their methods (OPTIONS is always allowed).
var routes = map[string]string{
	"/v1/lookup":   "GET, OPTIONS",
	"/v1/archives": "GET, HEAD, OPTIONS",
	"/healthz":     "GET, HEAD, OPTIONS",
}

func (h *handler) ServeHTTP(w httplite.ResponseWriter, r *httplite.Request) {
	hd := w.Header()
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("X-Content-Type-Options", "nosniff")
	allow, ok := routes[r.URL.Path]
	if !ok {
		problem(w, httplite.StatusNotFound, "not-found", "No such endpoint: the relay serves /v1/lookup, /v1/archives and /healthz.")
		return
	}
	if r.Method == httplite.MethodOptions {
		hd.Set("Access-Control-Allow-Methods", allow)
		hd.Set("Access-Control-Allow-Headers", "Accept, Content-Type")
		hd.Set("Access-Control-Max-Age", "86400")
		hd.Set("Allow", allow)
		hd.Set("Cache-Control", "public, max-age=86400")
		w.WriteHeader(httplite.StatusNoContent)
		return
	}
	if !allowed(allow, r.Method) {
		hd.Set("Allow", allow)
		problem(w, httplite.StatusMethodNotAllowed, "method-not-allowed", "This endpoint answers "+allow+".")
		return
	}
	if h.broken {
		problem(w, httplite.StatusServiceUnavailable, "relay-misconfigured", "The relay is misconfigured and cannot look up archived copies now.")
		return
	}
	switch r.URL.Path {
	case "/healthz":
		hd.Set("Cache-Control", "no-store")
		writeJSON(w, r, httplite.StatusOK, []byte(`{"status":"ok"}`+"\n"))
	case "/v1/archives":
		hd.Set("Cache-Control", "public, max-age=3600")
		writeJSON(w, r, httplite.StatusOK, h.archives)
	case "/v1/lookup":
		h.lookup(w, r)
	}
}

func allowed(allow, method string) bool {
	for _, m := range strings.Split(allow, ", ") {
		if m == method {
			return true
		}
	}
	return false
}

// badInput maps the lookup's URL errors to problem codes.
var badInput = []struct {
	err  error
	code string
}{
	{lookup.ErrNoURL, "url-missing"},
	{lookup.ErrURLTooLong, "url-too-long"},
	{lookup.ErrNotAbsolute, "url-not-absolute"},
	{lookup.ErrScheme, "url-scheme"},
	{lookup.ErrBadURL, "url-malformed"},
}

func (h *handler) lookup(w httplite.ResponseWriter, r *httplite.Request) {
	if len(r.URL.RawQuery) > 3*lookup.MaxURL {
		problem(w, httplite.StatusBadRequest, "url-too-long", "The query string is too long; the url parameter may be at most 8 KiB.")
		return
	}
	q := r.URL.Query()
	target, err := lookup.CleanURL(q.Get("url"))
	if err != nil {
		for _, b := range badInput {
			if errors.Is(err, b.err) {
				problem(w, httplite.StatusBadRequest, b.code, strings.TrimPrefix(err.Error(), "lookup: ")+".")
				return
			}
		}
		problem(w, httplite.StatusBadRequest, "url-malformed", "The url parameter is not a URL.")
		return
	}
	var at time.Time
	if s := q.Get("at"); s != "" || q.Has("at") {
		at, err = archive.ParseTimestamp(s)
		if err != nil {
			problem(w, httplite.StatusBadRequest, "at-malformed", "The at parameter must be a UTC timestamp YYYYMMDDhhmmss (4 to 14 digits).")
			return
		}
	}
	deadline := h.o.DefaultTimeout
	if s := q.Get("timeout"); s != "" || q.Has("timeout") {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms <= 0 {
			problem(w, httplite.StatusBadRequest, "timeout-malformed", "The timeout parameter must be a positive whole number of milliseconds.")
			return
		}
		deadline = time.Duration(min(ms, int64(h.o.MaxTimeout/time.Millisecond))) * time.Millisecond
		deadline = max(deadline, h.o.MinTimeout)
	}

	archives, ids := h.o.Archives, []string(nil)
	if q.Has("archives") {
		if archives, ids = h.pick(q.Get("archives")); archives == nil {
			problem(w, httplite.StatusBadRequest, "archives-unknown", "The archives parameter must list ids from /v1/archives, separated by commas.")
			return
		}
	}

	key := CacheKey(h.salt, target, at, ids...)
	if h.o.Cache != nil {
		if entry, ok := h.o.Cache.Get(r.Context(), key); ok {
			if ttl, tail, ok := readEntry(entry); ok {
				h.answerCached(w, r, target, at, tail, ttl)
				return
			}
		}
	}
	res := lookup.Run(r.Context(), target, lookup.Options{
		Client:         h.o.Client,
		Archives:       archives,
		At:             at,
		Deadline:       deadline,
		ArchiveTimeout: min(h.o.ArchiveTimeout, deadline),
		MaxInFlight:    h.o.MaxInFlight,
		Health:         h.o.Health,
		Now:            h.o.Now,
		UserAgent:      h.o.UserAgent,
		Caller:         h.o.ClientKey(r),
	})
	ttl := h.ttl(res, deadline)
	if h.o.Cache != nil && ttl > 0 {
		if entry, err := newEntry(res, ttl); err == nil {
			// The Worker's cache may outlive the request; do not tie it
			// to the request's cancellation.
			h.o.Cache.Put(context.WithoutCancel(r.Context()), key, entry, ttl)
		}
	}
	h.answer(w, r, res, ttl)
}

// pick returns the archives of the registry named in list (ids separated
// by commas), in registry order, and their ids for the cache key (none when
// list names them all); nil when list is empty or names an archive the
// registry does not have.
func (h *handler) pick(list string) ([]registry.Archive, []string) {
	want := map[string]bool{}
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id != "" {
			want[id] = true
		}
	}
	var out []registry.Archive
	var ids []string
	for _, a := range h.o.Archives {
		if want[a.ID] {
			out = append(out, a)
			ids = append(ids, a.ID)
			delete(want, a.ID)
		}
	}
	if len(want) > 0 || len(out) == 0 {
		return nil, nil
	}
	if len(out) == len(h.o.Archives) {
		return out, nil // every archive: the same answer as without the parameter
	}
	return out, ids
}

// ttl returns how long the relay caches res, a lookup run with the given
// deadline. A timeout among the outcomes of a lookup whose deadline was
// shorter than the default makes it uncacheable: otherwise one request
// with a very short timeout would leave a partial answer for the callers
// after it. Complete answers (every archive asked answered found, none or
// blocked) are kept FoundTTL or NoneTTL; answers with other failures
// (timeouts under the default deadline, errors, rate limits) or archives
// skipped for a cool-down at most PartialTTL, as they may soon change; an
// answer in which no archive answered, not at all.
func (h *handler) ttl(res *lookup.Result, deadline time.Duration) time.Duration {
	if !res.Answered() {
		return 0
	}
	partial := false
	for _, a := range res.Archives {
		switch {
		case a.Cooldown:
			partial = true
		case a.Outcome == archive.Found, a.Outcome == archive.None, a.Outcome == archive.Blocked:
		case a.Outcome == archive.Timeout && deadline < h.o.DefaultTimeout:
			return 0
		default:
			partial = true
		}
	}
	ttl := h.o.NoneTTL
	if res.Found() {
		ttl = h.o.FoundTTL
	}
	if partial {
		ttl = min(ttl, h.o.PartialTTL)
	}
	return ttl
}

// cacheControl returns the Cache-Control of an answer the relay caches
// for ttl: browsers and shared caches may keep it as long (a day at most);
// an answer the relay does not cache, they may not keep either.
func cacheControl(ttl time.Duration) string {
	ttl = min(ttl, 24*time.Hour)
	if ttl < time.Second {
		return "no-store"
	}
	return "public, max-age=" + strconv.FormatInt(int64(ttl/time.Second), 10)
}

// answer writes the answer of a lookup the relay just ran.
func (h *handler) answer(w httplite.ResponseWriter, r *httplite.Request, res *lookup.Result, ttl time.Duration) {
	body, err := json.Marshal(res)
	if err != nil {
		problem(w, httplite.StatusInternalServerError, "internal", "The answer could not be encoded.")
		return
	}
	h.writeAnswer(w, r, append(body, '\n'), "miss", ttl)
}

// answerCached writes a cached answer: the stored tail of the JSON after the
// url and at of the lookup at hand, without decoding or encoding the rest.
func (h *handler) answerCached(w httplite.ResponseWriter, r *httplite.Request, target *url.URL, at time.Time, tail []byte, ttl time.Duration) {
	u, _ := json.Marshal(target.String())
	moment := []byte("null")
	if !at.IsZero() {
		moment, _ = json.Marshal(at.UTC().Format(time.RFC3339))
	}
	body := make([]byte, 0, len(`{"url":,"at":,`)+len(u)+len(moment)+len(tail)+1)
	body = append(body, `{"url":`...)
	body = append(body, u...)
	body = append(body, `,"at":`...)
	body = append(body, moment...)
	body = append(body, ',')
	body = append(body, tail...)
	body = append(body, '\n')
	h.writeAnswer(w, r, body, "hit", ttl)
}

// writeAnswer writes a lookup answer's JSON body, kept by browsers and shared
// caches as long as the relay keeps it (cache is "hit" or "miss", told only
// with Options.CacheStatus).
func (h *handler) writeAnswer(w httplite.ResponseWriter, r *httplite.Request, body []byte, cache string, ttl time.Duration) {
	w.Header().Set("Cache-Control", cacheControl(ttl))
	if h.o.CacheStatus {
		w.Header().Set("X-Sesame-Cache", cache)
	}
	writeJSON(w, r, httplite.StatusOK, body)
}

func writeJSON(w httplite.ResponseWriter, r *httplite.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != httplite.MethodHead {
		w.Write(body)
	}
}

// Problem is an RFC 9457 problem details object as the relay writes it.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	// Code is a stable, machine-readable name of the problem (see README).
	Code string `json:"code"`
}

func problem(w httplite.ResponseWriter, status int, code, detail string) {
	body, _ := json.Marshal(Problem{
		Type:   "about:blank",
		Title:  httplite.StatusText(status),
		Status: status,
		Detail: detail,
		Code:   code,
	})
	hd := w.Header()
	hd.Set("Content-Type", "application/problem+json")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
