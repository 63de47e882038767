package lookup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// memDoer is a Doer that answers from memory, by host, without sockets: it
// runs the same natively and under js/wasm, and its answers can be as large
// and as fast as a test needs.
type memDoer struct {
	mu     sync.Mutex
	routes map[string]memRoute
	asked  map[string]*atomic.Int64
	served map[string]*atomic.Int64 // body bytes read by the lookup
}

// memRoute answers one request; delay is how long the archive takes to
// send its headers.
type memRoute struct {
	delay  time.Duration
	answer func(*http.Request) *http.Response
}

func newMemDoer() *memDoer {
	return &memDoer{routes: map[string]memRoute{}, asked: map[string]*atomic.Int64{}, served: map[string]*atomic.Int64{}}
}

// add serves host with answer after delay and returns a registry entry of
// the kind k for it.
func (d *memDoer) add(id string, k registry.Kind, delay time.Duration, answer func(*http.Request) *http.Response) registry.Archive {
	host := id + ".archive.test"
	d.mu.Lock()
	d.routes[host] = memRoute{delay: delay, answer: answer}
	d.asked[host] = &atomic.Int64{}
	d.served[host] = &atomic.Int64{}
	d.mu.Unlock()
	a := registry.Archive{ID: id, Name: "Memory archive " + id, Priority: 100, Enabled: true}
	a.Kind = k
	switch k {
	case registry.Availability:
		a.URL = "https://" + host + "/wayback/available"
	case registry.CDX:
		a.URL = "https://" + host + "/cdx/search/cdx"
		a.Replay = "https://" + host + "/web/"
	case registry.TimeMap:
		a.URL = "https://" + host + "/web/timemap/link/"
	case registry.TimeGate:
		a.URL = "https://" + host + "/web/"
	}
	return a
}

// requests returns how many requests the archive id received.
func (d *memDoer) requests(id string) int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.asked[id+".archive.test"].Load()
}

// bytesServed returns how many bytes of answers the archive id gave.
func (d *memDoer) bytesServed(id string) int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.served[id+".archive.test"].Load()
}

// counted counts the bytes read from r into n.
type counted struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c counted) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (d *memDoer) Do(req *http.Request) (*http.Response, error) {
	d.mu.Lock()
	rt, ok := d.routes[req.URL.Host]
	served := d.served[req.URL.Host]
	if ok {
		d.asked[req.URL.Host].Add(1)
	}
	d.mu.Unlock()
	if !ok {
		return nil, errors.New("memdoer: connection refused")
	}
	ctx := req.Context()
	if rt.delay > 0 {
		t := time.NewTimer(rt.delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	resp := rt.answer(req)
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	resp.Body = counted{resp.Body, served}
	return resp, nil
}

// status answers code with body.
func status(code int, body string, header ...string) func(*http.Request) *http.Response {
	return func(*http.Request) *http.Response {
		h := http.Header{}
		for i := 0; i+1 < len(header); i += 2 {
			h.Set(header[i], header[i+1])
		}
		return &http.Response{StatusCode: code, Header: h, Body: io.NopCloser(strings.NewReader(body))}
	}
}

// timeMapLink is one memento link as the Wayback Machine writes it.
func timeMapLink(base, target string, i int) string {
	t := fakearchive.CopyTime(i)
	return fmt.Sprintf("<%s/web/%s/%s>; rel=\"memento\"; datetime=\"%s\",\n", base, archive.FormatTimestamp(t), target, t.Format(http.TimeFormat))
}

// timeMap answers a TimeMap of n copies, generated while it is read (never
// held whole, so n may be in the millions); timegate, when set, is named
// in its first links.
func timeMap(n int, timegate string) func(*http.Request) *http.Response {
	return func(req *http.Request) *http.Response {
		base := "https://" + req.URL.Host
		target := strings.TrimPrefix(req.URL.RequestURI(), "/web/timemap/link/")
		head := fmt.Sprintf("<%s>; rel=\"original\",\n", target)
		if timegate != "" {
			head += fmt.Sprintf("<%s%s>; rel=\"timegate\",\n", timegate, target)
		}
		return &http.Response{
			StatusCode: 200,
			Header:     http.Header{"Content-Type": {"application/link-format"}},
			Body:       io.NopCloser(&linkGen{head: head, n: n, link: func(i int) string { return timeMapLink(base, target, i) }}),
		}
	}
}

// linkGen generates head and then n links. Links repeat every 1,000 (the
// generator should cost little next to the parser it feeds).
type linkGen struct {
	head  string
	n, i  int
	link  func(int) string
	links []string
	buf   bytes.Buffer
}

func (g *linkGen) Read(p []byte) (int, error) {
	if g.head != "" {
		g.buf.WriteString(g.head)
		g.head = ""
	}
	for g.buf.Len() < len(p) && g.i < g.n {
		j := g.i % 1000
		if j == len(g.links) {
			g.links = append(g.links, g.link(j))
		}
		g.buf.WriteString(g.links[j])
		g.i++
	}
	if g.buf.Len() == 0 {
		return 0, io.EOF
	}
	return g.buf.Read(p)
}

// timeGate answers as a TimeGate with copy i of n: a 302 to it with its
// datetime in the Link header.
func timeGate(i, n int) func(*http.Request) *http.Response {
	return func(req *http.Request) *http.Response {
		base := "https://" + req.URL.Host
		target := strings.TrimPrefix(req.URL.RequestURI(), "/web/")
		m := func(j int) string {
			return base + "/web/" + archive.FormatTimestamp(fakearchive.CopyTime(j)) + "/" + target
		}
		link := fmt.Sprintf(`<%s>; rel="first memento"; datetime="%s", <%s>; rel="memento"; datetime="%s"`,
			m(0), fakearchive.CopyTime(0).Format(http.TimeFormat), m(i), fakearchive.CopyTime(i).Format(http.TimeFormat))
		return &http.Response{StatusCode: http.StatusFound, Header: http.Header{"Location": {m(i)}, "Link": {link}},
			Body: io.NopCloser(&trap{})}
	}
}

// trap is a body that must never be read.
type trap struct{ read atomic.Bool }

func (t *trap) Read([]byte) (int, error) { t.read.Store(true); return 0, io.EOF }

// endless is a body that never ends: bytes of b forever.
type endless struct{ b byte }

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.b
	}
	return len(p), nil
}

// ctxBody is a body whose bytes come after delay (or never, with delay
// zero), failing when the request's context ends first.
func slowBody(ctx context.Context, delay time.Duration, body string) io.ReadCloser {
	return io.NopCloser(&slowReader{ctx: ctx, delay: delay, r: strings.NewReader(body)})
}

type slowReader struct {
	ctx   context.Context
	delay time.Duration
	r     io.Reader
	done  bool
}

func (s *slowReader) Read(p []byte) (int, error) {
	if !s.done {
		var c <-chan time.Time
		if s.delay > 0 {
			t := time.NewTimer(s.delay)
			defer t.Stop()
			c = t.C
		}
		select {
		case <-c:
			s.done = true
		case <-s.ctx.Done():
			return 0, s.ctx.Err()
		}
	}
	return s.r.Read(p)
}
