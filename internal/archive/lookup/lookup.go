// Package lookup asks several web archives at once for copies of a page and
// merges their answers: the copy closest to a requested moment (default:
// the newest), and for each archive its outcome (found, none, timeout,
// error, rate-limited, blocked), how long it took, and the count, first,
// last and closest copy where the archive tells.
//
// A lookup never fetches the page itself: it only contacts the endpoints of
// the archives in its registry, and refuses redirects to other hosts. At
// most MaxInFlight archive requests run at once (Cloudflare Workers allow
// six simultaneous connections), each archive gets ArchiveTimeout, and the
// lookup answers as soon as every archive has answered or the Deadline has
// passed. Archives that keep failing are skipped for a while (see Health);
// only an archive's own failures count against it.
//
// The work per answer is bounded: each is read up to a cap for its kind
// (TimeMapCap, CDXCap, AvailabilityCap; a TimeGate's body is never read),
// a TimeMap too large is replaced by the archive's TimeGate, and parsers
// take turns on the thread (see meter), so that one huge answer cannot
// delay the other lookups' deadlines where all share one thread, as inside
// the Worker.
//
// The same code runs natively (the sesame command, tests) and inside the
// relay's Cloudflare Worker.
package lookup

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/memento"
	"github.com/sesame-help/sesame/internal/archive/registry"
	"github.com/sesame-help/sesame/internal/archive/wayback"
	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// Defaults of Options.
const (
	DefaultDeadline    = 3 * time.Second
	DefaultMaxInFlight = 6
	DefaultUserAgent   = "Sesame/1 (archive lookup; +https://github.com/sesame-help/sesame)"
)

// Options configure a lookup.
type Options struct {
	// Client makes every archive request. It must not follow redirects
	// (see Doer): the lookup follows at most four, only to registry hosts,
	// and none for TimeGates. Nil natively means NewHTTPClient(); inside
	// the Worker a Client is required (without one every archive fails).
	Client Doer
	// Archives is the registry in use; disabled archives are not asked.
	Archives []registry.Archive
	// At is the requested moment; zero means the newest copy.
	At time.Time
	// Deadline bounds the whole lookup (default 3 s).
	Deadline time.Duration
	// ArchiveTimeout bounds each archive's answer (default 68 % of the
	// Deadline, so that one archive that hangs does not hold the answer
	// until the deadline).
	ArchiveTimeout time.Duration
	// MaxInFlight is the most archive requests at once (default 6).
	MaxInFlight int
	// Health, when set, skips archives that keep failing and learns from
	// this lookup.
	Health *Health
	// Now is the clock for cool-downs and the {timestamp} placeholder
	// (nil: time.Now).
	Now func() time.Time
	// UserAgent is sent with every archive request (default
	// DefaultUserAgent).
	UserAgent string
	// MaxAnswer, when positive, lowers the caps on the bytes read from one
	// answer (TimeMapCap, CDXCap, AvailabilityCap; a TimeGate's body is never
	// read).
	MaxAnswer int64
	// ParseBudget bounds the time spent parsing one answer larger than
	// 64 KiB, not counting the time spent waiting for its bytes (default
	// half of ArchiveTimeout). A TimeMap over it is replaced by the
	// archive's TimeGate, as one over TimeMapCap is. (Inside Cloudflare
	// Workers the clock stands still while code runs: there only the caps
	// on bytes bound the work.)
	ParseBudget time.Duration
	// Caller is an opaque key of whoever asked for the lookup, for Health
	// (see Event.Caller); "" means unknown.
	Caller string
}

// Copy is one archived copy in a lookup's answer.
type Copy struct {
	URI      string `json:"uri"`
	Datetime string `json:"datetime"` // RFC 3339, UTC
	// Archive is the id of the archive holding the copy (only in
	// Result.Closest).
	Archive string `json:"archive,omitempty"`
}

// ArchiveResult is one archive's part of a lookup's answer.
type ArchiveResult struct {
	ID      string          `json:"id"`
	Name    string          `json:"name"`
	Outcome archive.Outcome `json:"outcome"`
	// MS is how long the archive took, in milliseconds (0 when skipped).
	MS int64 `json:"ms"`
	// Count is the number of copies, when the archive tells.
	Count   *int  `json:"count"`
	First   *Copy `json:"first"`
	Last    *Copy `json:"last"`
	Closest *Copy `json:"closest"`
	// Detail says more about an error or a rate limit ("http 500",
	// "challenge", "redirect outside the registry"); never a URL.
	Detail string `json:"detail,omitempty"`
	// Cooldown is true when the archive was not asked because it kept
	// failing; Outcome then repeats the failure that started the cool-down.
	Cooldown bool `json:"cooldown,omitempty"`
}

// Result is a lookup's answer.
type Result struct {
	// URL is the page looked up, without user-info and fragment.
	URL string `json:"url"`
	// At is the requested moment (RFC 3339), or nil for the newest.
	At *string `json:"at"`
	// Closest is the copy closest to At over all archives, or nil.
	Closest *Copy `json:"closest"`
	// Archives holds every enabled archive's outcome, in registry order.
	Archives []ArchiveResult `json:"archives"`
}

// Found reports whether some archive holds a copy.
func (r *Result) Found() bool { return r.Closest != nil }

// Answered reports whether at least one archive gave a real answer (found,
// none or blocked), as opposed to every archive failing.
func (r *Result) Answered() bool {
	for _, a := range r.Archives {
		if !a.Cooldown && (a.Outcome == archive.Found || a.Outcome == archive.None || a.Outcome == archive.Blocked) {
			return true
		}
	}
	return false
}

// Lookup asks the archives for copies of rawURL. It fails only for a URL it
// refuses (see CleanURL); everything that goes wrong with an archive is
// that archive's outcome.
func Lookup(ctx context.Context, rawURL string, o Options) (*Result, error) {
	target, err := CleanURL(rawURL)
	if err != nil {
		return nil, err
	}
	return Run(ctx, target, o), nil
}

// Run asks the archives for copies of target, which must already be clean
// (see CleanURL).
func Run(ctx context.Context, target *url.URL, o Options) *Result {
	o = o.withDefaults()
	res := &Result{URL: target.String(), Archives: []ArchiveResult{}}
	if !o.At.IsZero() {
		s := o.At.UTC().Format(time.RFC3339)
		res.At = &s
	}
	archives := registry.Enabled(o.Archives)
	hosts := registry.Hosts(archives)

	ctx, cancel := context.WithTimeout(ctx, o.Deadline)
	defer cancel()

	type done struct {
		i int
		r ArchiveResult
	}
	results := make([]ArchiveResult, len(archives))
	answered := make([]bool, len(archives))
	started := make([]atomic.Int64, len(archives)) // unix nanos when asked, 0 before
	ch := make(chan done, len(archives))
	sem := make(chan struct{}, o.MaxInFlight)
	pending := 0
	now := o.Now()
	var queue []int // archives to ask, in registry (priority) order
	for i, a := range archives {
		results[i] = ArchiveResult{ID: a.ID, Name: a.Name, Outcome: archive.Timeout}
		if cool, last := o.Health.CoolingDown(a.ID, o.Caller, now); cool {
			results[i].Outcome, results[i].Cooldown = last, true
			continue
		}
		queue = append(queue, i)
	}
	pending = len(queue)
	// The dispatcher hands out the MaxInFlight slots in priority order.
	go func() {
		for _, i := range queue {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return // the rest are reported as timeouts, never asked
			}
			if ctx.Err() != nil {
				return // the slot came free only at the deadline
			}
			started[i].Store(time.Now().UnixNano())
			go func(a registry.Archive) {
				defer func() { <-sem }()
				t0 := time.Now()
				r, v := ask(ctx, a, target, hosts, o)
				waited := time.Since(t0)
				r.MS = waited.Milliseconds()
				o.Health.Record(a.ID, Event{Outcome: r.Outcome, Blame: v.blame, Waited: waited, RetryAfter: v.retryAfter, Caller: o.Caller}, o.Now())
				ch <- done{i, r}
			}(archives[i])
		}
	}()
collect:
	for pending > 0 {
		select {
		case d := <-ch:
			results[d.i] = d.r
			answered[d.i] = true
			pending--
		case <-ctx.Done():
			break collect
		}
	}
	if pending > 0 {
		for i := range results {
			if results[i].Cooldown || answered[i] {
				continue
			}
			if t0 := started[i].Load(); t0 != 0 {
				results[i].MS = time.Since(time.Unix(0, t0)).Milliseconds()
			} else {
				results[i].Detail = "not asked before the deadline"
			}
		}
	}
	var best *Copy
	var bestT time.Time
	for i := range results {
		r := &results[i]
		if r.Outcome != archive.Found || r.Closest == nil {
			continue
		}
		t, _ := time.Parse(time.RFC3339, r.Closest.Datetime)
		if best == nil || archive.Closer(&archive.Memento{Datetime: t}, &archive.Memento{Datetime: bestT}, o.At) {
			best = &Copy{URI: r.Closest.URI, Datetime: r.Closest.Datetime, Archive: r.ID}
			bestT = t
		}
	}
	res.Closest = best
	res.Archives = results
	return res
}

func (o Options) withDefaults() Options {
	if o.Client == nil {
		o.Client = defaultDoer()
	}
	if o.Deadline <= 0 {
		o.Deadline = DefaultDeadline
	}
	if o.ArchiveTimeout <= 0 {
		o.ArchiveTimeout = o.Deadline * 68 / 100
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = DefaultMaxInFlight
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.ParseBudget <= 0 {
		o.ParseBudget = o.ArchiveTimeout / 2
	}
	return o
}

// verdict is what a lookup learns about an archive from one question,
// beside the outcome it reports.
type verdict struct {
	blame      bool          // the failure is the archive's own (see Event.Blame)
	retryAfter time.Duration // the archive's Retry-After
}

// ask asks one archive, and its fallback when the first answer is "none" or
// an error.
func ask(ctx context.Context, a registry.Archive, target *url.URL, hosts map[string]bool, o Options) (ArchiveResult, verdict) {
	actx, cancel := context.WithTimeout(ctx, o.ArchiveTimeout)
	defer cancel()
	r, v := askEndpoint(actx, &a, a.Endpoint, target, hosts, o)
	if a.Fallback != nil && (r.Outcome == archive.None || r.Outcome == archive.Error) && actx.Err() == nil {
		f, fv := askEndpoint(actx, &a, *a.Fallback, target, hosts, o)
		if f.Outcome == archive.Found || f.Outcome == archive.Blocked || r.Outcome == archive.Error {
			r, v = f, fv
		}
	}
	r.ID, r.Name = a.ID, a.Name
	return r, v
}

// endpointURL builds the request URL of endpoint e for target.
//
// The target is inserted as is into an endpoint's path (TimeMaps,
// TimeGates, {url} in the path): dot segments in it are the formats'
// dot-segment-safe URL function's to neutralise, to be called here.
func endpointURL(e registry.Endpoint, target *url.URL, at, now time.Time) string {
	t := target.String()
	ts := at
	if ts.IsZero() {
		ts = now
	}
	if strings.Contains(e.URL, "{url}") {
		s := e.URL
		q := strings.IndexByte(s, '?')
		p := strings.Index(s, "{url}")
		val := t
		if q >= 0 && q < p {
			val = url.QueryEscape(t)
		}
		return strings.NewReplacer("{url}", val, "{timestamp}", archive.FormatTimestamp(ts)).Replace(s)
	}
	base := strings.ReplaceAll(e.URL, "{timestamp}", archive.FormatTimestamp(ts))
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	switch e.Kind {
	case registry.Availability:
		return base + sep + wayback.AvailabilityQuery(t, at).Encode()
	case registry.CDX:
		return base + sep + wayback.CDXQuery(t, at).Encode()
	}
	return base + t
}

func askEndpoint(ctx context.Context, a *registry.Archive, e registry.Endpoint, target *url.URL, hosts map[string]bool, o Options) (ArchiveResult, verdict) {
	reqURL := endpointURL(e, target, o.At, o.Now())
	u, err := url.Parse(reqURL)
	if err != nil {
		return ArchiveResult{Outcome: archive.Error, Detail: "bad endpoint"}, verdict{}
	}
	if !registry.Hosts([]registry.Archive{{Endpoint: e, Enabled: true}})[strings.ToLower(u.Host)] {
		// {url} in an endpoint's host would make the lookup fetch the page.
		return ArchiveResult{Outcome: archive.Error, Detail: "endpoint host depends on the URL"}, verdict{}
	}
	return askURL(ctx, a, e.Kind, e.Replay, u, hosts, o, true)
}

// timegateDetail is the detail of an answer that comes from an archive's
// TimeGate because its TimeMap was too large to read.
const timegateDetail = "timemap too large: closest copy from the timegate"

// askURL asks the endpoint u of kind k of archive a. For a TimeMap too
// large to read (over TimeMapCap, or over the parsing budget), it asks the
// archive's TimeGate instead when the TimeMap names one on a registry host,
// and mayDivert is set. Every copy it returns has passed a.CheckMemento: an
// http(s) URL without user-info on a host the registry names for a.
func askURL(ctx context.Context, a *registry.Archive, k registry.Kind, replay string, u *url.URL, hosts map[string]bool, o Options, mayDivert bool) (r ArchiveResult, v verdict) {
	// fail is a failure the archive is not blamed for; blame one that is
	// its own.
	fail := func(out archive.Outcome, detail string) (ArchiveResult, verdict) {
		return ArchiveResult{Outcome: out, Detail: detail}, v
	}
	blame := func(out archive.Outcome, detail string) (ArchiveResult, verdict) {
		v.blame = true
		return ArchiveResult{Outcome: out, Detail: detail}, v
	}
	// timeout tells a slow archive from a slow lookup: the archive is
	// blamed only when most of the time went into waiting for it (its
	// headers or its bytes), and the lookup noticed the time was up when it
	// was (a lookup that noticed late was kept busy by other work, and
	// cannot tell whether the archive would have been on time).
	t0 := time.Now()
	var archiveTime time.Duration
	timeout := func() (ArchiveResult, verdict) {
		now := time.Now()
		dl, ok := ctx.Deadline()
		if !ok || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			// Cancelled (the caller went away), not out of time: nobody's
			// fault.
			return fail(archive.Timeout, "")
		}
		if archiveWasSlow(archiveTime, now.Sub(t0), now.Sub(dl), noticeSlack(o.ArchiveTimeout)) {
			return blame(archive.Timeout, "")
		}
		return fail(archive.Timeout, "")
	}

	req, err := httplite.NewRequestWithContext(ctx, httplite.MethodGet, u.String(), nil)
	if err != nil {
		return fail(archive.Error, "bad endpoint")
	}
	req.Header.Set("User-Agent", o.UserAgent)
	switch k {
	case registry.TimeMap:
		req.Header.Set("Accept", "application/link-format, text/plain;q=0.5, */*;q=0.1")
	case registry.TimeGate:
		memento.SetAcceptDatetime(req, o.At)
	default:
		req.Header.Set("Accept", "application/json")
	}
	// A TimeGate's redirect is its answer: it is not followed.
	resp, answered, err := send(o.Client, req, hosts, k == registry.TimeGate)
	archiveTime = time.Since(t0)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return timeout()
		case errors.Is(err, errOutside):
			return fail(archive.Error, "redirect outside the registry")
		case errors.Is(err, errTooMany):
			return fail(archive.Error, "too many redirects")
		case errors.Is(err, errBadRedirect):
			return fail(archive.Error, "malformed redirect")
		case errors.Is(err, errNoClient):
			return fail(archive.Error, "no http client")
		}
		return blame(archive.Error, "connection failed")
	}
	limit := answerCap(k, o.MaxAnswer)
	m := newMeter(ctx, resp.Body, limit, o.ParseBudget)
	defer func() {
		if k != registry.TimeGate && !m.tooLarge && !m.overBudget && ctx.Err() == nil {
			// A little is drained so that a connection can be reused.
			io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		}
		m.release()
		resp.Body.Close()
	}()
	v.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), o.Now())
	status := resp.StatusCode
	switch {
	case status == httplite.StatusTooManyRequests:
		return blame(archive.RateLimited, "http 429")
	case memento.IsChallenge(resp.Header, nil):
		return blame(archive.RateLimited, "challenge")
	case status == httplite.StatusUnavailableForLegalReasons:
		return fail(archive.Blocked, "http 451")
	case status == httplite.StatusForbidden:
		head := readHead(ctx, resp.Body)
		if wayback.IsBlocked(head) {
			return fail(archive.Blocked, "")
		}
		if memento.IsChallenge(nil, head) {
			return blame(archive.RateLimited, "challenge")
		}
		// Not held against the archive: a 403 may answer this URL only.
		return fail(archive.Error, "http 403")
	case status == httplite.StatusNotFound || status == httplite.StatusGone:
		return ArchiveResult{Outcome: archive.None}, v
	case k == registry.TimeGate && status >= 300 && status < 400,
		status >= 200 && status < 300:
	case status >= 500:
		// Cloudflare's JavaScript challenge comes with 503.
		head := readHead(ctx, resp.Body)
		if memento.IsChallenge(nil, head) {
			return blame(archive.RateLimited, "challenge")
		}
		return blame(archive.Error, "http "+strconv.Itoa(status))
	default:
		// Other answers (400, 414, ...) are about the URL asked for, which
		// anyone can choose: never held against the archive.
		return fail(archive.Error, "http "+strconv.Itoa(status))
	}

	var sum *archive.Summary
	var dropped string // why a copy the archive named was not kept
	if k == registry.TimeGate {
		// The answer is in the headers; the body is not read.
		sum, err = memento.ParseTimeGateWith(status, resp.Header, answered, a.CheckMemento)
	} else {
		br := bufio.NewReaderSize(m, 4096)
		if head, _ := br.Peek(2048); memento.IsChallenge(nil, head) {
			archiveTime += m.waited
			return blame(archive.RateLimited, "challenge")
		}
		switch k {
		case registry.Availability:
			sum, err = wayback.ParseAvailability(br)
		case registry.CDX:
			sum, err = wayback.ParseCDX(br, o.At, replay, wayback.CDXLimits{MaxBytes: limit})
		case registry.TimeMap:
			head := &headBuffer{max: 64 << 10}
			var tm *memento.TimeMapResult
			tm, err = memento.ParseTimeMapWith(io.TeeReader(br, head), o.At, memento.Options{
				Limits: memento.Limits{MaxBytes: limit},
				Base:   answered,
				Check:  a.CheckMemento,
			})
			if err == nil {
				sum = tm.Summary
				dropped = tm.DropReason
			} else if (m.tooLarge || m.overBudget || errors.Is(err, archive.ErrTooLarge)) && ctx.Err() == nil && mayDivert {
				if tg := timegateOf(resp.Header, head.b, answered, hosts); tg != nil {
					gr, gv := askURL(ctx, a, registry.TimeGate, "", tg, hosts, o, false)
					if gr.Outcome == archive.Found {
						gr.Detail = timegateDetail
					}
					if gr.Outcome != archive.Error || gv.blame {
						return gr, gv
					}
				}
			}
		}
	}
	archiveTime += m.waited
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return timeout()
		case errors.Is(err, archive.ErrChallenge):
			return blame(archive.RateLimited, "challenge")
		case errors.Is(err, registry.ErrMementoDropped):
			return fail(archive.Error, mementoDetail(err))
		case m.tooLarge, m.overBudget, errors.Is(err, archive.ErrTooLarge):
			return fail(archive.Error, "answer too large")
		}
		return fail(archive.Error, "malformed answer")
	}
	if k == registry.Availability || k == registry.CDX {
		// These answers name their copies outside link-format: vet them
		// here as ParseTimeMapWith and ParseTimeGateWith do.
		if why := vetCopies(a, sum, answered); why != "" {
			dropped = why
		}
	}
	r = fromSummary(sum)
	if dropped != "" && r.Detail == "" {
		r.Detail = mementoDetail(errors.New(dropped))
	}
	return r, v
}

// vetCopies replaces the copies of sum by what a.CheckMemento makes of
// them, drops those it refuses, and returns the first refusal's text ("" if
// none). A summary whose closest copy is dropped has no copy.
func vetCopies(a *registry.Archive, sum *archive.Summary, base *url.URL) string {
	if sum == nil {
		return ""
	}
	var why string
	for _, m := range []**archive.Memento{&sum.Closest, &sum.First, &sum.Last} {
		if *m == nil {
			continue
		}
		u, err := a.CheckMemento((*m).URI, base)
		if err != nil {
			if why == "" {
				why = err.Error()
			}
			*m = nil
			continue
		}
		c := **m
		c.URI = u.String()
		*m = &c
	}
	return why
}

// mementoDetail is the detail of an answer whose copy was refused: the
// check's own words, without the package prefixes ("memento dropped:
// javascript: scheme"). The check's text never holds the URL.
func mementoDetail(err error) string {
	s := err.Error()
	if i := strings.Index(s, "memento dropped"); i >= 0 {
		return s[i:]
	}
	return "memento dropped"
}

// errorHead is how much of an error answer is read to tell a blocked site
// or a challenge page from other refusals.
const errorHead = 64 << 10

// readHead reads at most errorHead bytes of an error answer's body, metered
// like any answer.
func readHead(ctx context.Context, body io.Reader) []byte {
	m := newMeter(ctx, body, errorHead, 0)
	defer m.release()
	head, _ := io.ReadAll(io.LimitReader(m, errorHead))
	return head
}

// archiveWasSlow reports whether a timeout is the archive's own: at least
// half of the elapsed time went into waiting for the archive's headers and
// bytes (the rest being the lookup's parsing, or waiting for its turn to
// parse), and the lookup noticed that the time was up at most slack after
// it was (a lookup that noticed later was kept from running by other work
// and cannot tell whether the archive would have been on time).
func archiveWasSlow(archiveTime, elapsed, late, slack time.Duration) bool {
	return archiveTime*2 >= elapsed && late <= slack
}

// noticeSlack is how late a lookup may notice that an archive's time is up
// and still blame the archive for it.
func noticeSlack(archiveTimeout time.Duration) time.Duration {
	return max(50*time.Millisecond, archiveTimeout/10)
}

// headBuffer keeps the first max bytes written to it.
type headBuffer struct {
	b   []byte
	max int
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := h.max - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// timegateOf returns the TimeGate a TimeMap answer names (a link with rel
// "timegate", in the Link header or among the first links of the body),
// resolved against the URL that answered, when it is on a registry host.
func timegateOf(h httplite.Header, head []byte, base *url.URL, hosts map[string]bool) *url.URL {
	find := func(r *memento.Reader) *url.URL {
		for {
			l, err := r.Next()
			if err != nil {
				return nil
			}
			if !l.HasRel("timegate") {
				continue
			}
			u, err := base.Parse(string(l.URI))
			if err == nil && allowedURL(u, hosts) {
				return u
			}
		}
	}
	if links := h.Values("Link"); len(links) > 0 {
		if u := find(memento.NewReader(strings.NewReader(strings.Join(links, ",")), memento.Limits{MaxBytes: 64 << 10})); u != nil {
			return u
		}
	}
	return find(memento.NewReader(bytes.NewReader(head), memento.Limits{MaxBytes: int64(len(head)) + 1}))
}

func fromSummary(s *archive.Summary) ArchiveResult {
	r := ArchiveResult{Outcome: archive.None}
	if s.CountKnown {
		n := s.Count
		r.Count = &n
	}
	r.First, r.Last, r.Closest = toCopy(s.First), toCopy(s.Last), toCopy(s.Closest)
	if r.Closest != nil {
		r.Outcome = archive.Found
	}
	if r.Count != nil && *r.Count == 0 {
		r.Outcome = archive.None
	}
	return r
}

func toCopy(m *archive.Memento) *Copy {
	if m == nil {
		return nil
	}
	return &Copy{URI: m.URI, Datetime: m.Datetime.UTC().Format(time.RFC3339)}
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(min(n, 86400)) * time.Second
	}
	if t, err := httplite.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
