package relay

import (
	"bytes"
	"container/list"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/lookup"
)

// Cache stores answers; the Worker implements it with the Workers Cache
// API, natively it is in memory (NewMemoryCache).
//
// Keys are opaque strings of at most 80 characters from [a-z0-9-] (see
// CacheKey); they never contain the looked-up URL, and without the
// deployment's salt nobody can tell which URL a key stands for. A Worker
// cache that needs a URL as key can use a synthetic one such as
// "https://cache.invalid/" + key.
type Cache interface {
	Get(ctx context.Context, key string) (body []byte, ok bool)
	Put(ctx context.Context, key string, body []byte, ttl time.Duration)
}

// CacheKey returns the cache key of a lookup: an HMAC-SHA256, keyed with
// the deployment's salt, of the normalised URL (lookup.Normalize: http and
// https, www. and no www., default ports and a trailing slash are the same
// page), of the requested moment rounded to its UTC day (YYYYMMDD) or
// "newest" when none was requested, and of the archives asked when not all
// of them were. The lookup's timeout is not part of it: only complete
// answers are cached, and they do not depend on it.
func CacheKey(salt []byte, u *url.URL, at time.Time, archives ...string) string {
	moment := "newest"
	if !at.IsZero() {
		moment = archive.FormatTimestamp(at)[:8]
	}
	data := lookup.Normalize(u) + "\n" + moment
	if len(archives) > 0 {
		// A lookup limited to some archives is another answer.
		data += "\n" + strings.Join(archives, ",")
	}
	return "lookup-v3-" + keyed(salt, "lookup", data)
}

// ClientKey returns the key of the client at address addr for the
// archives' cool-downs: a salted hash, so that the relay never keeps an
// address.
func ClientKey(salt []byte, addr string) string {
	return "c-" + keyed(salt, "client", addr)[:32]
}

// keyed returns the hex HMAC-SHA256 of purpose and data under salt.
func keyed(salt []byte, purpose, data string) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(purpose + "\x00" + data))
	return hex.EncodeToString(m.Sum(nil))
}

// NewMemoryCache returns an in-memory Cache holding at most maxEntries
// answers (least recently used ones go first), each until its TTL passes.
func NewMemoryCache(maxEntries int) Cache {
	if maxEntries < 1 {
		maxEntries = 1
	}
	return &memoryCache{max: maxEntries, now: time.Now, items: map[string]*list.Element{}, order: list.New()}
}

type memoryCache struct {
	mu    sync.Mutex
	max   int
	now   func() time.Time
	items map[string]*list.Element
	order *list.List // front: most recently used
}

type entry struct {
	key     string
	body    []byte
	expires time.Time
}

func (c *memoryCache) Get(_ context.Context, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if !c.now().Before(e.expires) {
		c.order.Remove(el)
		delete(c.items, key)
		return nil, false
	}
	c.order.MoveToFront(el)
	return append([]byte(nil), e.body...), true
}

func (c *memoryCache) Put(_ context.Context, key string, body []byte, ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &entry{key: key, body: append([]byte(nil), body...), expires: c.now().Add(ttl)}
	if el, ok := c.items[key]; ok {
		el.Value = e
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(e)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*entry).key)
	}
}

// entryMagic starts every cached lookup answer (see newEntry).
const entryMagic = "sesame-lookup-v3 "

// newEntry returns what the relay caches for res, kept ttl: a first line
// with the magic and ttl in seconds, then the answer's JSON after its url
// and at members ("closest":…,"archives":[…]}), which do not depend on the
// spelling of the URL or the moment asked within the day. A cache hit then
// writes the answer without decoding and encoding it again.
func newEntry(res *lookup.Result, ttl time.Duration) ([]byte, error) {
	anon := *res
	anon.URL, anon.At = "", nil
	b, err := json.Marshal(&anon)
	if err != nil {
		return nil, err
	}
	const head = `{"url":"","at":null,`
	if !bytes.HasPrefix(b, []byte(head)) {
		return nil, errors.New("relay: unexpected answer encoding")
	}
	out := strconv.AppendInt([]byte(entryMagic), int64(ttl/time.Second), 10)
	out = append(out, '\n')
	return append(out, b[len(head):]...), nil
}

// readEntry splits a cached entry into its ttl and the JSON tail. It
// reports false for anything newEntry did not write (another version, a
// truncated or foreign value): the lookup then runs as on a miss.
func readEntry(entry []byte) (time.Duration, []byte, bool) {
	rest, ok := bytes.CutPrefix(entry, []byte(entryMagic))
	if !ok {
		return 0, nil, false
	}
	line, tail, ok := bytes.Cut(rest, []byte("\n"))
	if !ok {
		return 0, nil, false
	}
	secs, err := strconv.ParseInt(string(line), 10, 64)
	if err != nil || secs <= 0 || secs > 366*24*3600 {
		return 0, nil, false
	}
	if len(tail) < 2 || tail[0] != '"' || tail[len(tail)-1] != '}' || !json.Valid(append([]byte("{"), tail...)) {
		return 0, nil, false
	}
	return time.Duration(secs) * time.Second, tail, true
}
