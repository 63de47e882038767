// Package probe makes, natively, the same-origin checks that package plan
// asks for (plan.Probe) and returns their answers as plan.Result values,
// the way the extension's popup does in a browser. The command line
// (sesame check) uses it to give the whole way forward from a terminal.
//
// Every request is a GET to the refused page's origin, sent without
// credentials: no cookie jar, no Authorization header, no user-info in
// the URL. A redirect is followed only when it stays on that origin, at
// most MaxRedirects times; one that points elsewhere is not followed and
// comes back as a failed request whose FinalURL is the address it pointed
// to (without user-info or fragment), which plan treats as a failure. At
// most Concurrency requests run at once, each bounded by Timeout (body
// included) and by the probe's MaxBytes (at most MaxBytes).
package probe

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sesame-help/sesame/internal/lite/text"
	"github.com/sesame-help/sesame/internal/plan"
)

// Bounds of Run, the same as the popup's.
const (
	// Concurrency is how many probes run at once.
	Concurrency = 4
	// Timeout bounds one probe, redirects and body included.
	Timeout = 3 * time.Second
	// MaxBytes caps the body read for one probe, whatever it asks.
	MaxBytes = 2 << 20
	// MaxRedirects is how many same-origin redirects one probe follows.
	MaxRedirects = 5
)

// The Error texts of failed probes (as the popup words them).
const (
	ErrElsewhere   = "redirect to another origin, not followed"
	ErrRedirects   = "too many redirects"
	ErrTimeout     = "timeout"
	ErrBadLocation = "redirect not followed: bad address"
	ErrNotOrigin   = "refused: not the page's origin"
	ErrMethod      = "refused: method"
)

const (
	maxErrorLen  = 200
	maxHeaderLen = 1 << 10
	// maxLocationLen is the longest Location followed (typo.MaxURLBytes).
	maxLocationLen = 2048
	defaultAccept  = "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
	defaultAgent   = "sesame-probe/1"
)

// Runner makes probes. Its zero value works: the default transport
// (proxy from the environment), Timeout, and a plain User-Agent.
type Runner struct {
	// Transport sends the requests; nil means http.DefaultTransport.
	// Redirects, cookies and credentials are handled by Run, not by it.
	Transport http.RoundTripper
	// Timeout bounds one probe; 0 means Timeout.
	Timeout time.Duration
	// UserAgent is sent with every request; "" means "sesame-probe/1".
	UserAgent string
}

// Run makes every probe and returns one result per probe, in order. page
// is the refused page's URL: a probe for another origin is refused
// without a request, whatever it says (a safety net; plan never asks for
// one). A probe that fails still gets a result, with Error set and Status
// 0. Run returns when every probe has an answer or ctx is done.
func (r *Runner) Run(ctx context.Context, page string, probes []plan.Probe) []plan.Result {
	out := make([]plan.Result, len(probes))
	pu, err := url.Parse(page)
	home := ""
	if err == nil && web(pu) {
		home = originOf(pu)
	}
	client := &http.Client{
		Transport: r.Transport,
		Jar:       nil, // no cookies, ever
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // Run follows redirects itself
		},
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, Concurrency)
	for i, p := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				out[i] = plan.Result{ID: p.ID, URL: p.URL, Error: ErrTimeout}
				return
			}
			defer func() { <-sem }()
			out[i] = r.one(ctx, client, home, p)
		}()
	}
	wg.Wait()
	return out
}

// one makes one probe.
func (r *Runner) one(ctx context.Context, client *http.Client, home string, p plan.Probe) plan.Result {
	res := plan.Result{ID: p.ID, URL: p.URL}
	u, err := url.Parse(p.URL)
	if err != nil || !web(u) || u.User != nil || home == "" || originOf(u) != home {
		res.Error = ErrNotOrigin
		return res
	}
	if p.Method != "" && p.Method != http.MethodGet {
		res.Error = ErrMethod
		return res
	}
	u.Fragment, u.RawFragment = "", ""
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = Timeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	max := min(max(p.MaxBytes, 0), MaxBytes)
	cur := u
	for hop := 0; ; hop++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, cur.String(), nil)
		if err != nil {
			return failed(res, err, ctx)
		}
		agent := r.UserAgent
		if agent == "" {
			agent = defaultAgent
		}
		req.Header.Set("User-Agent", agent)
		req.Header.Set("Accept", defaultAccept)
		resp, err := client.Do(req)
		if err != nil {
			return failed(res, err, ctx)
		}
		if loc := resp.Header.Get("Location"); isRedirect(resp.StatusCode) && loc != "" {
			resp.Body.Close()
			next, err := cur.Parse(loc)
			if err != nil || len(loc) > maxLocationLen {
				res.Error = ErrBadLocation
				return res
			}
			next.Fragment, next.RawFragment = "", ""
			if !web(next) || next.User != nil || originOf(next) != home {
				res.Error = ErrElsewhere
				if web(next) {
					next.User = nil
					res.FinalURL = next.String()
				}
				return res
			}
			if hop == MaxRedirects {
				res.Error = ErrRedirects
				return res
			}
			cur = next
			continue
		}
		res.Status = resp.StatusCode
		if cur.String() != u.String() {
			res.FinalURL = cur.String()
		}
		res.ContentType = text.Prefix(resp.Header.Get("Content-Type"), maxHeaderLen)
		if max > 0 {
			body, err := io.ReadAll(io.LimitReader(resp.Body, int64(max)))
			if err != nil {
				resp.Body.Close()
				return failed(res, err, ctx)
			}
			res.Body = strings.ToValidUTF8(string(body), "\uFFFD")
		}
		resp.Body.Close()
		return res
	}
}

// failed returns res as a failed request.
func failed(res plan.Result, err error, ctx context.Context) plan.Result {
	res.Status, res.FinalURL, res.ContentType, res.Body = 0, "", "", ""
	if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		res.Error = ErrTimeout
		return res
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	res.Error = text.Clip(strings.Join(strings.Fields(err.Error()), " "), maxErrorLen)
	if res.Error == "" {
		res.Error = "request failed"
	}
	return res
}

func isRedirect(status int) bool {
	switch status {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

func web(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Hostname() != ""
}

// originOf returns u's origin as "scheme://host[:port]" (lower case, no
// default port), as package origin does.
func originOf(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Host)
	if p := u.Port(); (scheme == "http" && p == "80") || (scheme == "https" && p == "443") {
		host = strings.TrimSuffix(host, ":"+p)
	}
	return scheme + "://" + host
}
