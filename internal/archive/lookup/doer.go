package lookup

import (
	"errors"
	"io"
	"net/url"
	"strings"

	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// Doer sends one HTTP request and returns its response. It must not follow
// redirects itself: the lookup follows them, and only to hosts of the
// registry. Natively, NewHTTPClient returns one; the Worker supplies its own
// over the Workers fetch API (with redirect "manual"). Taking this interface
// rather than an *httplite.Client keeps net/http's Transport out of the Worker.
type Doer interface {
	Do(*httplite.Request) (*httplite.Response, error)
}

// maxRedirects is the most requests one endpoint question makes: the first
// and four redirects; a fifth redirect is "too many redirects".
const maxRedirects = 5

var (
	// errOutside is returned for a redirect to a host outside the registry.
	errOutside = errors.New("lookup: redirect outside the registry")
	// errTooMany is returned when the redirects do not end.
	errTooMany = errors.New("lookup: too many redirects")
	// errBadRedirect is returned for a Location that is not a URL.
	errBadRedirect = errors.New("lookup: malformed redirect")
	// errNoClient is returned when no Doer is configured.
	errNoClient = errors.New("lookup: no http client")
)

// allowedURL reports whether u may be requested: http or https, on a
// registry host.
func allowedURL(u *url.URL, hosts map[string]bool) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && hosts[strings.ToLower(u.Host)]
}

// isRedirect reports whether status is one a client follows.
func isRedirect(status int) bool {
	switch status {
	case httplite.StatusMovedPermanently, httplite.StatusFound, httplite.StatusSeeOther,
		httplite.StatusTemporaryRedirect, httplite.StatusPermanentRedirect:
		return true
	}
	return false
}

// send makes req with client and follows redirects (301, 302, 303, 307 and
// 308 with a Location, resolved against the URL requested) to registry
// hosts, at most maxRedirects requests in all. With noFollow (TimeGates,
// whose redirect is the answer) the first response is returned as it is.
// It returns the final response and the URL that answered it; the bodies of
// intermediate responses are closed. It never reads resp.Request, which the
// Workers fetch leaves nil, except to refuse a Doer that followed a redirect
// outside the registry by itself.
func send(client Doer, req *httplite.Request, hosts map[string]bool, noFollow bool) (*httplite.Response, *url.URL, error) {
	if client == nil {
		return nil, nil, errNoClient
	}
	for n := 1; ; n++ {
		resp, err := client.Do(req)
		if err != nil {
			return nil, nil, err
		}
		if resp.Body == nil {
			resp.Body = httplite.NoBody
		}
		if resp.Request != nil && resp.Request.URL != nil && !allowedURL(resp.Request.URL, hosts) {
			discard(resp)
			return nil, nil, errOutside
		}
		if noFollow || !isRedirect(resp.StatusCode) {
			return resp, req.URL, nil
		}
		loc := resp.Header.Get("Location")
		if loc == "" {
			return resp, req.URL, nil
		}
		discard(resp)
		next, err := req.URL.Parse(loc)
		if err != nil {
			return nil, nil, errBadRedirect
		}
		if n >= maxRedirects {
			return nil, nil, errTooMany
		}
		if !allowedURL(next, hosts) {
			return nil, nil, errOutside
		}
		nreq, err := httplite.NewRequestWithContext(req.Context(), httplite.MethodGet, next.String(), nil)
		if err != nil {
			return nil, nil, errBadRedirect
		}
		nreq.Header = req.Header.Clone()
		req = nreq
	}
}

// discard drains a little of resp's body (so that a connection can be
// reused) and closes it.
func discard(resp *httplite.Response) {
	if resp.Body == nil {
		return
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	resp.Body.Close()
}
