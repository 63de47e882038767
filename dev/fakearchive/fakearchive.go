// Package fakearchive runs fake web archives on loopback for tests,
// benchmarks and end-to-end runs of the relay. Each fake answers in the
// real formats of its kind (Wayback availability JSON, CDX JSON, Memento
// TimeMaps in link-format, TimeGate redirects) and with one behaviour:
// found, none, slow, hang, rate-limited (429), a Cloudflare challenge page
// with status 200, a blocked site (the CDX server's 403), a redirect loop,
// a redirect outside the registry, malformed link-format, or a huge
// TimeMap streamed without being held in memory — or, in chaos mode, a fault
// picked at random for each request (see Faults), for the relay's chaos run.
package fakearchive

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// Mode is what a fake archive does.
type Mode string

// The modes of a fake archive.
const (
	Found     Mode = "found"     // answers with Mementos copies (default 3)
	None      Mode = "none"      // answers that it has no copy
	Slow      Mode = "slow"      // waits Delay, then answers like Found
	Hang      Mode = "hang"      // never answers (until the client gives up)
	RateLimit Mode = "429"       // 429 Too Many Requests with Retry-After
	Challenge Mode = "challenge" // a Cloudflare challenge page with status 200
	Blocked   Mode = "blocked"   // 403 with the CDX server's Blocked Site Error
	Loop      Mode = "loop"      // redirects to itself forever
	Outside   Mode = "outside"   // redirects to Target, a host outside the registry
	Malformed Mode = "malformed" // 200 with broken link-format
	Huge      Mode = "huge"      // a TimeMap of Mementos copies, streamed
	Drip      Mode = "drip"      // 200, then one byte every 100 ms, never ending
	Error5xx  Mode = "5xx"       // 500, 502 or 503 with an HTML page
	Garbage   Mode = "garbage"   // 200 with random bytes
	Truncated Mode = "truncated" // a valid answer cut off mid-way (the connection closes short of Content-Length)
	UserInfo  Mode = "userinfo"  // copies whose URIs carry user-info tricks, or a redirect through one
	JSLoc     Mode = "jsloc"     // javascript: URIs as copies and as a redirect's Location
	Chaos     Mode = "chaos"     // a fault picked at random for each request (Faults); Target is the outside host
)

// Faults are the behaviours a chaos fake picks from, at random, for each
// request: answers that work (found, none) among every way an archive can
// misbehave.
var Faults = []Mode{Found, None, Hang, Drip, RateLimit, Error5xx, Garbage, Truncated, Huge, Loop, Outside, UserInfo, JSLoc, Challenge}

// hugeChaos is how many copies a chaos fake's huge answer lists (a TimeMap
// of about 30 MiB).
const hugeChaos = 300000

// Behavior is a mode and its parameters.
type Behavior struct {
	Mode     Mode
	Delay    time.Duration // Slow: how long to wait
	Mementos int           // Found, Slow, Huge: how many copies (default 3; Huge 200,000)
	Target   string        // Outside, Chaos, UserInfo: where to redirect (a host outside the registry)
}

// ParseBehavior reads a behaviour as the fakearchive command takes it:
// found, found:N (N copies), none, slow:300ms, hang, 429, challenge, blocked,
// loop, malformed, huge:200000, outside:URL, drip, 5xx, garbage, truncated,
// jsloc, userinfo[:URL], chaos[:URL] (URL: the outside host redirects go to).
func ParseBehavior(s string) (Behavior, error) {
	name, arg, hasArg := strings.Cut(s, ":")
	b := Behavior{Mode: Mode(name)}
	switch b.Mode {
	case Found, Huge:
		b.Mementos = 3
		if b.Mode == Huge {
			b.Mementos = 200000
		}
		if hasArg {
			n, err := strconv.Atoi(arg)
			if err != nil || n < 0 || n > 50_000_000 {
				return b, fmt.Errorf("fakearchive: bad count in %q", s)
			}
			b.Mementos = n
		}
	case Slow:
		d, err := time.ParseDuration(arg)
		if err != nil || d < 0 {
			return b, fmt.Errorf("fakearchive: slow needs a duration, as in slow:300ms")
		}
		b.Delay, b.Mementos = d, 3
	case Outside:
		if !hasArg {
			return b, errors.New("fakearchive: outside needs a URL, as in outside:http://127.0.0.1:9/")
		}
		b.Target = arg
	case Chaos, UserInfo:
		b.Target = arg
		if hasArg && !strings.HasPrefix(arg, "http://") && !strings.HasPrefix(arg, "https://") {
			return b, fmt.Errorf("fakearchive: %s takes a URL, as in %s:http://127.0.0.2:9/", name, name)
		}
	case None, Hang, RateLimit, Challenge, Blocked, Loop, Malformed, Drip, Error5xx, Garbage, Truncated, JSLoc:
		if hasArg {
			return b, fmt.Errorf("fakearchive: %s takes no argument", name)
		}
	default:
		return b, fmt.Errorf("fakearchive: unknown behaviour %q", s)
	}
	return b, nil
}

// String returns the behaviour in ParseBehavior's syntax.
func (b Behavior) String() string {
	switch b.Mode {
	case Slow:
		return "slow:" + b.Delay.String()
	case Huge, Found:
		return string(b.Mode) + ":" + strconv.Itoa(b.Mementos)
	case Outside:
		return "outside:" + b.Target
	case Chaos, UserInfo:
		if b.Target != "" {
			return string(b.Mode) + ":" + b.Target
		}
	}
	return string(b.Mode)
}

// Base is the capture time of a fake archive's first copy; copy i is
// captured i hours later.
var Base = time.Date(2002, time.September, 11, 7, 39, 33, 0, time.UTC)

// CopyTime returns the capture time of copy i.
func CopyTime(i int) time.Time { return Base.Add(time.Duration(i) * time.Hour) }

//go:embed testdata/cloudflare-challenge.html
var challengePage []byte

// ChallengePage returns the Cloudflare challenge page the fakes serve.
func ChallengePage() []byte { return challengePage }

// BlockedBody is the body of the CDX server's 403 for a blocked site.
const BlockedBody = "org.archive.wayback.exception.AdministrativeAccessControlException: Blocked Site Error\n"

// Server is one fake archive.
type Server struct {
	*httptest.Server
	Kind     registry.Kind
	Behavior Behavior
	// Requests counts the requests the fake received.
	Requests atomic.Int64

	quit     chan struct{}
	quitOnce sync.Once
}

// New starts a fake archive of the given kind on 127.0.0.1. Close it when
// done; Close also releases hanging requests.
func New(kind registry.Kind, b Behavior) *Server {
	s := NewUnstarted(kind, b)
	s.Start()
	return s
}

// NewUnstarted returns a fake archive that is not started yet, so that its
// Listener can be replaced (as the fakearchive command does).
func NewUnstarted(kind registry.Kind, b Behavior) *Server {
	s := &Server{Kind: kind, Behavior: b, quit: make(chan struct{})}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if l, err := net.Listen("tcp4", "127.0.0.1:0"); err == nil {
		s.Server.Listener.Close()
		s.Server.Listener = l
	}
	return s
}

// Close releases hanging requests and stops the server.
func (s *Server) Close() {
	s.quitOnce.Do(func() { close(s.quit) })
	s.Server.CloseClientConnections()
	s.Server.Close()
}

// Archive returns a registry entry for this fake.
func (s *Server) Archive(id string) registry.Archive {
	a := registry.Archive{ID: id, Name: "Fake archive " + id, Priority: 100, Enabled: true}
	a.Kind = s.Kind
	switch s.Kind {
	case registry.Availability:
		a.URL = s.URL + "/wayback/available"
	case registry.CDX:
		a.URL = s.URL + "/cdx/search/cdx"
		a.Replay = s.URL + "/web/"
	case registry.TimeMap:
		a.URL = s.URL + "/web/timemap/link/"
	case registry.TimeGate:
		a.URL = s.URL + "/web/"
	}
	return a
}

// target recovers the looked-up URL from a request in the fake's format.
func (s *Server) target(r *http.Request) string {
	switch s.Kind {
	case registry.Availability, registry.CDX:
		return r.URL.Query().Get("url")
	case registry.TimeMap:
		return strings.TrimPrefix(r.URL.RequestURI(), "/web/timemap/link/")
	}
	return strings.TrimPrefix(r.URL.RequestURI(), "/web/")
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.Requests.Add(1)
	b := s.Behavior
	if b.Mode == Chaos {
		b = Behavior{Mode: Faults[rand.IntN(len(Faults))], Mementos: 3, Target: b.Target}
		if b.Mode == Huge {
			b.Mementos = hugeChaos
		}
		if b.Mode == Outside && b.Target == "" {
			b.Mode = Loop
		}
	}
	s.behave(w, r, b)
}

// behave answers r as behaviour b says.
func (s *Server) behave(w http.ResponseWriter, r *http.Request, b Behavior) {
	switch b.Mode {
	case Hang:
		select {
		case <-r.Context().Done():
		case <-s.quit:
		}
		return
	case Slow:
		t := time.NewTimer(b.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		case <-s.quit:
			return
		}
	case RateLimit:
		w.Header().Set("Retry-After", "60")
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, "<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>\n")
		return
	case Challenge:
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.Header().Set("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate")
		w.Header().Set("Server", "cloudflare")
		w.WriteHeader(http.StatusOK)
		w.Write(challengePage)
		return
	case Blocked:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, BlockedBody)
		return
	case Loop:
		n, _ := strconv.Atoi(r.URL.Query().Get("hop"))
		u := *r.URL
		q := u.Query()
		q.Set("hop", strconv.Itoa(n+1))
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	case Outside:
		http.Redirect(w, r, b.Target, http.StatusFound)
		return
	case Drip:
		w.Header().Set("Content-Type", "application/link-format")
		w.WriteHeader(http.StatusOK)
		fl, _ := w.(http.Flusher)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if _, err := w.Write([]byte{'<'}); err != nil {
				return
			}
			if fl != nil {
				fl.Flush()
			}
			select {
			case <-t.C:
			case <-r.Context().Done():
				return
			case <-s.quit:
				return
			}
		}
	case Error5xx:
		code := []int{500, 502, 503}[rand.IntN(3)]
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>\n", code, http.StatusText(code))
		return
	case Garbage:
		w.Header().Set("Content-Type", []string{"application/json", "application/link-format", "text/html"}[rand.IntN(3)])
		junk := make([]byte, 256+rand.IntN(4096))
		for i := range junk {
			junk[i] = byte(rand.IntN(256))
		}
		w.Write(junk)
		return
	case Truncated:
		rec := httptest.NewRecorder()
		s.answer(rec, r, 50)
		full := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(full)))
		w.WriteHeader(rec.Code)
		w.Write(full[:len(full)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler) // close the connection short of Content-Length
	case UserInfo:
		if rand.IntN(2) == 0 && b.Target != "" {
			// Looks like the archive's own host, but the host is Target's.
			t, _ := url.Parse(b.Target)
			http.Redirect(w, r, "http://"+strings.TrimPrefix(s.URL, "http://")+"@"+t.Host+"/web/", http.StatusFound)
			return
		}
		s.unsafe(w, r, []string{
			strings.Replace(s.URL, "://", "://user:secret@", 1) + "/web/20020911073933/" + s.target(r),
			s.URL + "@evil.invalid/web/20020911073933/" + s.target(r),
		})
		return
	case JSLoc:
		if rand.IntN(2) == 0 {
			w.Header().Set("Location", "javascript:alert(document.domain)")
			w.WriteHeader(http.StatusFound)
			return
		}
		s.unsafe(w, r, []string{"javascript:alert(document.domain)//" + s.target(r), "JaVaScRiPt:alert(1)"})
		return
	case Malformed:
		w.Header().Set("Content-Type", "application/link-format")
		fmt.Fprintf(w, "<%s>; rel=\"original\",\n<%s/web/20020911073933/%s>; rel=\"memento\"; datetime=\"Wed, 11 Sep 2002 07:39:33 GMT\",\n<%s/web/2003; rel=\"memento; datetime=\"Thu",
			s.target(r), s.URL, s.target(r), s.URL)
		return
	}
	n := b.Mementos
	if b.Mode == None {
		n = 0
	}
	s.answer(w, r, n)
}

// unsafe answers in the kind's format with copies at the given URIs.
func (s *Server) unsafe(w http.ResponseWriter, r *http.Request, uris []string) {
	target := s.target(r)
	switch s.Kind {
	case registry.Availability:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {"closest": {"status": "200", "available": true, "url": %q, "timestamp": "20020911073933"}}}`, target, uris[0])
	case registry.CDX:
		// The relay builds CDX copies from the registry's replay prefix;
		// hand it an "original" that tries to escape it.
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `[["timestamp","original","statuscode"],`+"\n"+`["20020911073933",%q,"200"]]`, uris[0])
	case registry.TimeGate:
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="original", <%s>; rel="memento"; datetime="Wed, 11 Sep 2002 07:39:33 GMT"`, target, uris[0]))
		w.Header().Set("Location", uris[0])
		w.WriteHeader(http.StatusFound)
	default:
		w.Header().Set("Content-Type", "application/link-format")
		fmt.Fprintf(w, "<%s>; rel=\"original\",\n", target)
		for i, u := range uris {
			sep := ",\n"
			if i == len(uris)-1 {
				sep = "\n"
			}
			fmt.Fprintf(w, "<%s>; rel=\"memento\"; datetime=\"%s\"%s", u, CopyTime(i).Format(http.TimeFormat), sep)
		}
	}
}

// answer writes a successful answer listing n copies in the kind's format.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, n int) {
	target := s.target(r)
	memento := func(i int) string {
		return s.URL + "/web/" + archive.FormatTimestamp(CopyTime(i)) + "/" + target
	}
	switch s.Kind {
	case registry.Availability:
		w.Header().Set("Content-Type", "application/json")
		if n == 0 {
			fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {}}`, target)
			return
		}
		i := n - 1
		fmt.Fprintf(w, `{"url": %q, "archived_snapshots": {"closest": {"status": "200", "available": true, "url": %q, "timestamp": %q}}}`,
			target, memento(i), archive.FormatTimestamp(CopyTime(i)))
	case registry.CDX:
		w.Header().Set("Content-Type", "application/json")
		bw := bufio.NewWriter(w)
		if n == 0 {
			fmt.Fprint(bw, "[]\n")
			bw.Flush()
			return
		}
		fmt.Fprint(bw, `[["timestamp","original","statuscode"]`)
		first := 0
		if r.URL.Query().Get("limit") == "-1" {
			first = n - 1
		}
		for i := first; i < n; i++ {
			fmt.Fprintf(bw, ",\n[%q,%q,\"200\"]", archive.FormatTimestamp(CopyTime(i)), target)
		}
		fmt.Fprint(bw, "]\n")
		bw.Flush()
	case registry.TimeMap:
		if n == 0 {
			http.Error(w, "404 Not Found", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/link-format")
		bw := bufio.NewWriterSize(w, 32<<10)
		WriteTimeMap(bw, s.URL, target, n)
		bw.Flush()
	case registry.TimeGate:
		if n == 0 {
			http.Error(w, "404 Not Found", http.StatusNotFound)
			return
		}
		i := n - 1
		if ad := r.Header.Get("Accept-Datetime"); ad != "" {
			if t, err := http.ParseTime(ad); err == nil {
				i = int(t.Sub(Base) / time.Hour)
				i = max(0, min(i, n-1))
			}
		}
		link := fmt.Sprintf(`<%s>; rel="original", <%s/web/timemap/link/%s>; rel="timemap"; type="application/link-format", <%s>; rel="first memento"; datetime="%s", <%s>; rel="last memento"; datetime="%s", <%s>; rel="memento"; datetime="%s"`,
			target, s.URL, target, memento(0), CopyTime(0).Format(http.TimeFormat),
			memento(n-1), CopyTime(n-1).Format(http.TimeFormat), memento(i), CopyTime(i).Format(http.TimeFormat))
		w.Header().Set("Link", link)
		w.Header().Set("Vary", "accept-datetime")
		w.Header().Set("Location", memento(i))
		w.WriteHeader(http.StatusFound)
	}
}

// WriteTimeMap writes a TimeMap of n copies of target in the Wayback
// Machine's link-format (one link per line, "first memento" and "last
// memento" marked, no comma after the last link), memento URIs starting
// with base + "/web/".
func WriteTimeMap(w *bufio.Writer, base, target string, n int) {
	fmt.Fprintf(w, "<%s>; rel=\"original\",\n", target)
	fmt.Fprintf(w, "<%s/web/timemap/link/%s>; rel=\"self\"; type=\"application/link-format\"; from=\"%s\",\n",
		base, target, CopyTime(0).Format(http.TimeFormat))
	fmt.Fprintf(w, "<%s>; rel=\"timegate\",\n", base)
	var ts [32]byte
	for i := 0; i < n; i++ {
		rel := "memento"
		switch {
		case n == 1:
			rel = "first last memento"
		case i == 0:
			rel = "first memento"
		case i == n-1:
			rel = "last memento"
		}
		t := CopyTime(i)
		w.WriteByte('<')
		w.WriteString(base)
		w.WriteString("/web/")
		w.Write(t.AppendFormat(ts[:0], archive.TimestampLayout))
		w.WriteByte('/')
		w.WriteString(target)
		w.WriteString(">; rel=\"")
		w.WriteString(rel)
		w.WriteString("\"; datetime=\"")
		w.Write(t.AppendFormat(ts[:0], http.TimeFormat))
		w.WriteByte('"')
		if i < n-1 {
			w.WriteString(",\n")
		} else {
			w.WriteByte('\n')
		}
	}
}
