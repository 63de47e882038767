package lookup

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// fetchLike is a Doer like the Workers fetch with redirect "manual": it
// leaves Response.Request nil, and it counts the bodies it hands out and
// how many of them were closed.
type fetchLike struct {
	c              *http.Client
	opened, closed atomic.Int64
}

func (f *fetchLike) Do(req *http.Request) (*http.Response, error) {
	resp, err := f.c.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Request = nil
	f.opened.Add(1)
	resp.Body = &countingBody{ReadCloser: resp.Body, closed: &f.closed}
	return resp, nil
}

type countingBody struct {
	io.ReadCloser
	closed *atomic.Int64
	done   bool
}

func (b *countingBody) Close() error {
	if !b.done {
		b.done = true
		b.closed.Add(1)
	}
	return b.ReadCloser.Close()
}

// redirector serves /hop/N/MODE/TARGET: while N > 0 it redirects (cycling
// through 301, 302, 303, 307 and 308) to /hop/N-1/MODE/TARGET, given as a
// path-absolute reference to resolve against the request URL; at N = 0 it
// answers like a TimeMap (same), redirects to final (cross), to an ftp URL
// (ftp), or answers 302 without a Location (noloc). It also returns the
// host of the archive whose copies the "same" answer names.
func redirector(t *testing.T, final string) (*httptest.Server, string) {
	t.Helper()
	fk := fake(t, registry.TimeMap, "found:2")
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.SplitN(strings.TrimPrefix(r.URL.RequestURI(), "/hop/"), "/", 3)
		if len(parts) != 3 {
			http.NotFound(w, r)
			return
		}
		n, _ := strconv.Atoi(parts[0])
		mode, rest := parts[1], parts[2]
		switch {
		case n > 0:
			codes := []int{301, 302, 303, 307, 308}
			w.Header().Set("Location", "/hop/"+strconv.Itoa(n-1)+"/"+mode+"/"+rest)
			w.WriteHeader(codes[n%len(codes)])
			io.WriteString(w, "moved\n")
		case mode == "same":
			r2 := r.Clone(r.Context())
			r2.URL.Path, r2.URL.RawPath = "/web/timemap/link/"+rest, ""
			fk.Config.Handler.ServeHTTP(w, r2)
		case mode == "cross":
			http.Redirect(w, r, final+rest, http.StatusFound)
		case mode == "ftp":
			http.Redirect(w, r, "ftp"+strings.TrimPrefix(final, "http")+rest, http.StatusFound)
		default:
			w.WriteHeader(http.StatusFound)
		}
	}))
	t.Cleanup(s.Close)
	return s, strings.TrimPrefix(fk.URL, "http://")
}

// TestRedirects: the lookup follows at most four redirects itself, resolves
// Location against the URL it asked, follows only to registry hosts, never
// follows a TimeGate's redirect, never needs Response.Request, and closes
// every body.
func TestRedirects(t *testing.T) {
	var outsideHits atomic.Int64
	outsideSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { outsideHits.Add(1) }))
	defer outsideSrv.Close()
	target := fake(t, registry.TimeMap, "found:5")
	redir, sameHost := redirector(t, target.URL+"/web/timemap/link/")

	// The copies are served by the hosts redirected to, which the archive
	// names as its memento hosts.
	hop := func(id, path string) registry.Archive {
		return registry.Archive{ID: id, Name: id, Enabled: true, Priority: 1,
			Endpoint: registry.Endpoint{Kind: registry.TimeMap, URL: redir.URL + path},
			Mementos: []string{strings.TrimPrefix(target.URL, "http://"), sameHost}}
	}
	type want struct {
		outcome archive.Outcome
		detail  string
	}
	cases := []struct {
		a    registry.Archive
		want want
	}{
		{hop("hops0", "/hop/0/same/"), want{archive.Found, ""}},
		{hop("hops4", "/hop/4/same/"), want{archive.Found, ""}},
		{hop("hops5", "/hop/5/same/"), want{archive.Error, "too many redirects"}},
		{hop("cross", "/hop/2/cross/"), want{archive.Found, ""}},
		{hop("ftp", "/hop/1/ftp/"), want{archive.Error, "redirect outside the registry"}},
		{hop("noloc", "/hop/1/noloc/"), want{archive.Error, "http 302"}},
		{fake(t, registry.TimeGate, "found:4").Archive("tg"), want{archive.Found, ""}},
		{fake(t, registry.TimeMap, "loop").Archive("loop"), want{archive.Error, "too many redirects"}},
		{fake(t, registry.TimeMap, "outside:"+outsideSrv.URL+"/x").Archive("outside"), want{archive.Error, "redirect outside the registry"}},
		{target.Archive("target"), want{archive.Found, ""}},
	}
	var list []registry.Archive
	for _, c := range cases {
		list = append(list, c.a)
	}
	doer := &fetchLike{c: NewHTTPClient()}
	res, err := Lookup(context.Background(), page, Options{Client: doer, Archives: list, Deadline: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	got := outcomes(res)
	for _, c := range cases {
		r := got[c.a.ID]
		if r.Outcome != c.want.outcome || r.Detail != c.want.detail {
			t.Errorf("%s: outcome %s (%s), want %s (%s)", c.a.ID, r.Outcome, r.Detail, c.want.outcome, c.want.detail)
		}
	}
	if r := got["cross"]; r.Count == nil || *r.Count != 5 {
		t.Errorf("cross: count %v, want 5 (the answer of the host redirected to)", r.Count)
	}
	if r := got["tg"]; r.Closest == nil || !strings.HasPrefix(r.Closest.URI, strings.TrimSuffix(list[6].URL, "/web/")) {
		t.Errorf("tg: closest %+v", r.Closest)
	}
	if n := outsideHits.Load(); n != 0 {
		t.Errorf("outside host asked %d times", n)
	}
	if o, c := doer.opened.Load(), doer.closed.Load(); o == 0 || o != c {
		t.Errorf("%d bodies handed out, %d closed", o, c)
	}
}

// TestFollowingDoerRefused: a Doer that follows redirects by itself (against
// the contract) is caught when it reports where it ended.
func TestFollowingDoerRefused(t *testing.T) {
	outsideSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer outsideSrv.Close()
	a := fake(t, registry.TimeMap, "outside:"+outsideSrv.URL+"/x").Archive("outside")
	res, err := Lookup(context.Background(), page, Options{Client: &http.Client{}, Archives: []registry.Archive{a}, Deadline: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Archives[0]; r.Outcome != archive.Error || r.Detail != "redirect outside the registry" {
		t.Errorf("outcome %s (%s)", r.Outcome, r.Detail)
	}
}

// TestNoClient: a nil Doer (possible only where there is no default) is an
// error outcome, not a panic.
func TestNoClient(t *testing.T) {
	u, _ := CleanURL(page)
	e := registry.Endpoint{Kind: registry.TimeMap, URL: "http://127.0.0.1:1/"}
	r, _ := askEndpoint(context.Background(), &registry.Archive{ID: "t", Endpoint: e, Enabled: true}, e, u,
		map[string]bool{"127.0.0.1:1": true}, Options{Now: time.Now, UserAgent: "t"})
	if r.Outcome != archive.Error || r.Detail != "no http client" {
		t.Errorf("outcome %s (%s)", r.Outcome, r.Detail)
	}
}
