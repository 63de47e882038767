package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/text"
	"github.com/sesame-help/sesame/internal/messages"
)

const checkUsage = `usage: sesame check URL [--json] [--no-probe] [--timeout 10s] [--lang en]

Fetches URL once, like a browser that is not signed in, and explains the
answer: what a 401, 403, 407 or other error means here and what to try,
ranked as the Sesame popup ranks it. To find the way forward it then makes
the same checks on the same site as the popup (unless --no-probe): the
parent folders, the home page, /.well-known/security.txt, /sitemap.xml and
common sign-in paths, each a GET without credentials or cookies, following
redirects only on the same site (at most 5), 3 s and 2 MiB at most each.
--json prints the report with the plan and the checks.

  - No credentials are sent: a user name or password in URL is removed
    first (and never sent), no Authorization header, no cookies are kept.
  - Redirects are followed, up to 10, to http and https URLs only; the
    final answer is diagnosed and the chain is shown. After 10 redirects
    the 10th answer is diagnosed as it is.
  - At most 2 MiB of the page is read.
  - A proxy is used when the environment sets one (HTTPS_PROXY, …). When
    the proxy answers itself (a 407 asking for its sign-in, a 403
    refusal), also to the CONNECT of an https URL, that answer is the one
    diagnosed.

Exit status: 0 the check ran (whatever the server answered), 1 no answer
(host not found, connection refused, timeout, TLS failure), 2 bad usage
(not a URL, unsupported scheme).
`

const (
	maxRedirects = 10
	maxBody      = diagnose.MaxBody
	userAgent    = "sesame-check/1 (+https://github.com/sesame-help/sesame)"
)

// checkResolver, when set, resolves host names for check (tests use it to
// stay off the network).
var checkResolver *net.Resolver

// checkProxy chooses the proxy of a request: the environment's (tests set
// their own; Go reads the environment once per process).
var checkProxy = http.ProxyFromEnvironment

func init() {
	commands["check"] = command{
		summary: "fetch a URL and explain a 401, 403 or other error (--json for the report)",
		run:     runCheck,
	}
}

// runCheck runs "sesame check".
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, checkUsage, "\nflags:\n")
		fs.PrintDefaults()
	}
	jsonOut := fs.Bool("json", false, "print the diagnosis report as JSON")
	timeout := fs.Duration("timeout", 10*time.Second, "give up when there is no complete answer after this `duration`")
	lang := fs.String("lang", "en", "language of the explanation: en, de or fr")
	noProbe := fs.Bool("no-probe", false, "make no checks on the site (parents, home page, security.txt, sitemap, sign-in paths)")

	// Flags may come before or after the URL.
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "sesame check: give exactly one URL (usage: sesame check URL [--json] [--timeout 10s])")
		return 2
	}
	if *timeout <= 0 {
		fmt.Fprintln(stderr, "sesame check: --timeout must be positive")
		return 2
	}
	if _, err := messages.Catalog(*lang); err != nil {
		fmt.Fprintf(stderr, "sesame check: no language %q (have %s)\n", *lang, strings.Join(messages.Languages(), ", "))
		return 2
	}
	target, hadCredentials, err := checkTarget(rest[0])
	if err != nil {
		fmt.Fprintln(stderr, "sesame check: "+err.Error())
		return 2
	}
	if hadCredentials {
		fmt.Fprintln(stderr, "sesame check: removed the user name and password from the URL; they are not sent")
	}

	res, err := fetch(target, *timeout)
	if err != nil {
		fmt.Fprintln(stderr, "sesame check: "+describeFetchError(err, target, *timeout))
		return 1
	}
	// The way forward, with its same-origin checks, is in way.go.
	return showWay(stdout, stderr, res, wayOptions{lang: *lang, json: *jsonOut, probe: !*noProbe, timeout: *timeout})
}

// checkTarget parses the URL argument: it must be an absolute http or https
// URL with a host. User-info is removed (and reported), so it is never
// sent; the fragment is dropped as browsers do.
func checkTarget(raw string) (*url.URL, bool, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return nil, false, fmt.Errorf("%q is not a URL", clipArg(raw))
	}
	switch {
	case u.Scheme == "" && !strings.Contains(raw, "://") && u.Host == "" && looksLikeHost(raw):
		return nil, false, fmt.Errorf("%q is not a URL; did you mean https://%s ?", clipArg(raw), clipArg(raw))
	case u.Scheme == "":
		return nil, false, fmt.Errorf("%q is not a URL (it needs http:// or https://)", clipArg(raw))
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, false, fmt.Errorf("unsupported scheme %q: only http and https URLs can be checked", clipArg(u.Scheme))
	case u.Host == "" || u.Hostname() == "":
		return nil, false, fmt.Errorf("%q is not a URL: it has no host", clipArg(raw))
	}
	had := u.User != nil
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	return u, had, nil
}

// looksLikeHost reports whether s starts with something like a host name
// ("example.com/a"), for a helpful message.
func looksLikeHost(s string) bool {
	host, _, _ := strings.Cut(s, "/")
	return strings.Contains(host, ".") && !strings.ContainsAny(host, " :@")
}

// clipArg shortens a command-line argument or a server-derived value for
// a message to at most 100 bytes with text.Clip.
func clipArg(s string) string {
	return text.Clip(s, 100)
}

// fetched is the answer to a check.
type fetched struct {
	input     diagnose.Input
	statusMsg string // "401 Unauthorized"
	truncated bool
	stopped   bool // more than maxRedirects
}

// fetch requests target once (following redirects) and returns what the
// diagnosis needs.
func fetch(target *url.URL, timeout time.Duration) (*fetched, error) {
	dialer := &net.Dialer{Timeout: timeout, Resolver: checkResolver}
	transport := &http.Transport{
		Proxy:                 checkProxy,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          1,
		ForceAttemptHTTP2:     true,
		// A proxy's answer to CONNECT other than 2xx (a 407 sign-in, a
		// 403 refusal) is the answer to diagnose; Go would only return
		// its status line as an error.
		OnProxyConnectResponse: proxyConnectAnswer,
	}
	defer transport.CloseIdleConnections()
	var chain []string
	stopped := false
	client := &http.Client{
		Transport: transport,
		Timeout:   timeout,
		Jar:       nil, // no cookies
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
			}
			if len(via) > maxRedirects {
				stopped = true
				return http.ErrUseLastResponse
			}
			// Never send credentials a Location header may carry.
			req.URL.User = nil
			req.Header.Del("Authorization")
			chain = append(chain, via[len(via)-1].URL.String())
			return nil
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	resp, err := client.Do(req)
	var pa *proxyAnswer
	if errors.As(err, &pa) {
		return pa.fetched(err, target, chain), nil
	}
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil && len(body) == 0 {
		return nil, err
	}
	f := &fetched{
		statusMsg: resp.Status,
		truncated: len(body) > maxBody,
		stopped:   stopped,
	}
	f.input = diagnose.Input{
		URL:       resp.Request.URL.String(),
		Method:    http.MethodGet,
		Status:    resp.StatusCode,
		Headers:   headerList(resp.Header),
		Body:      strings.ToValidUTF8(string(body), "\uFFFD"),
		Now:       time.Now().UTC().Format(time.RFC3339),
		Redirects: chain,
	}
	return f, nil
}

// headerList returns h as diagnose's headers, names sorted.
func headerList(h http.Header) []diagnose.Header {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	headers := []diagnose.Header{}
	for _, n := range names {
		for _, v := range h[n] {
			headers = append(headers, diagnose.Header{Name: n, Value: v})
		}
	}
	return headers
}

// proxyBodyWait is how long proxyConnectAnswer waits for the page of a
// proxy's answer to CONNECT after its headers (a variable for tests).
var proxyBodyWait = 3 * time.Second

// proxyAnswer is a proxy's answer to CONNECT other than 2xx, carried out
// of the Transport as an error so that fetch can diagnose it.
type proxyAnswer struct {
	status    int
	statusMsg string
	header    http.Header
	body      []byte
	truncated bool
}

func (p *proxyAnswer) Error() string { return "proxy answered " + p.statusMsg }

// proxyConnectAnswer is the Transport's OnProxyConnectResponse: it turns an
// answer other than 2xx into a *proxyAnswer holding the status, the
// headers and the page (at most maxBody bytes, waiting at most
// proxyBodyWait for it: a proxy may keep the connection open).
func proxyConnectAnswer(ctx context.Context, _ *url.URL, _ *http.Request, res *http.Response) error {
	if res.StatusCode >= 200 && res.StatusCode <= 299 {
		return nil
	}
	p := &proxyAnswer{status: res.StatusCode, statusMsg: res.Status, header: res.Header.Clone()}
	type read struct{ body []byte }
	done := make(chan read, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(res.Body, maxBody+1))
		done <- read{b}
	}()
	timer := time.NewTimer(proxyBodyWait)
	defer timer.Stop()
	select {
	case r := <-done:
		p.body = r.body
		p.truncated = len(r.body) > maxBody
	case <-timer.C:
		// No page in time: the Transport closes the connection, which
		// ends the read.
	case <-ctx.Done():
	}
	return p
}

// fetched describes the proxy's answer for the request that failed with
// err (the URL being asked then, after the redirects of chain).
func (p *proxyAnswer) fetched(err error, target *url.URL, chain []string) *fetched {
	u := target.String()
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.URL != "" {
		u = urlErr.URL
	}
	body := p.body
	if len(body) > maxBody {
		body = body[:maxBody]
	}
	return &fetched{
		statusMsg: p.statusMsg,
		truncated: p.truncated,
		input: diagnose.Input{
			URL:       u,
			Method:    http.MethodConnect, // the proxy's answer, not the site's
			Status:    p.status,
			Headers:   headerList(p.header),
			Body:      strings.ToValidUTF8(string(body), "\uFFFD"),
			Now:       time.Now().UTC().Format(time.RFC3339),
			Redirects: chain,
		},
	}
}

// describeFetchError turns a network error into one clear line.
func describeFetchError(err error, target *url.URL, timeout time.Duration) string {
	host := target.Hostname()
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var opErr *net.OpError
	var urlErr *url.Error
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot find the host %q (DNS lookup failed)", dnsErr.Name)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Sprintf("no answer from %s within %s", host, timeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("%s refused the connection", target.Host)
	case errors.Is(err, syscall.ECONNRESET):
		return fmt.Sprintf("%s closed the connection", target.Host)
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr):
		return fmt.Sprintf("the secure connection to %s failed: its certificate is not valid (%s)", host, oneLine(rootCause(err)))
	case errors.As(err, &opErr):
		return fmt.Sprintf("cannot connect to %s: %s", target.Host, oneLine(rootCause(err)))
	case errors.As(err, &urlErr):
		return oneLine(rootCause(err))
	}
	return oneLine(err.Error())
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// rootCause returns the innermost error text of a url.Error.
func rootCause(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return err.Error()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return clipArg(s)
}

// printReport writes the diagnosis for a terminal.
func printReport(w io.Writer, lang string, f *fetched, r diagnose.Report) {
	// Parameters may come from the server; the catalog's text may not.
	t := func(key string, params []string) string {
		shown := make([]string, len(params))
		for i, p := range params {
			shown[i] = visible(p)
		}
		return messages.Text(lang, key, shown...)
	}
	fmt.Fprintf(w, "%s\n  answered %s (%s)\n", visible(r.URL), visible(f.statusMsg), r.Kind)
	if len(r.Redirects) > 0 {
		fmt.Fprintf(w, "  after %d redirect(s) from %s\n", len(r.Redirects), visible(r.Redirects[0]))
	}
	if f.stopped {
		fmt.Fprintf(w, "  stopped following redirects after %d\n", maxRedirects)
	}
	fmt.Fprintln(w)
	for i, m := range r.Advice {
		indent := "  • "
		if i == 0 {
			indent = ""
		}
		wrap(w, indent, t(m.Key, m.Params))
	}
	if len(r.Challenges) > 0 || r.Substatus != nil || r.Block != nil || r.RetryAfter != "" {
		fmt.Fprintln(w)
	}
	for _, c := range r.Challenges {
		kind := "Sign-in"
		if c.Proxy {
			kind = "Proxy sign-in"
		}
		fmt.Fprintf(w, "%s: %s\n", kind, challengeLine(c))
	}
	if r.Substatus != nil {
		fmt.Fprintf(w, "IIS sub-status: %s\n", visible(r.Substatus.Code))
	}
	if b := r.Block; b != nil {
		who := b.Name
		if who == "" {
			who = "unknown"
		}
		line := fmt.Sprintf("Block: %s (%s)", b.Kind, visible(who))
		if b.Code != "" {
			line += ", code " + visible(b.Code)
		}
		if b.Reference != "" {
			line += ", reference " + visible(b.Reference)
		}
		fmt.Fprintln(w, line)
	}
	if r.RetryAfter != "" {
		fmt.Fprintf(w, "Retry after: %s\n", visible(r.RetryAfter))
	}
	if len(r.Actions) > 0 {
		fmt.Fprintln(w, "\nWhat you can do:")
		for i, a := range r.Actions {
			line := fmt.Sprintf("%2d. %s", i+1, t(a.Key, a.Params))
			if a.Label != "" && a.Label != t(a.Key, a.Params) {
				line += fmt.Sprintf(" (%q)", a.Label)
			}
			switch {
			case a.URL != "":
				line += "\n      " + visible(a.URL)
			case a.Kind == diagnose.ActionLogin || a.Kind == diagnose.ActionReload:
				line += "\n      (in a browser: reload " + visible(r.URL) + ")"
			}
			fmt.Fprintln(w, line)
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, m := range r.Notes {
			wrap(w, "  - ", t(m.Key, m.Params))
		}
	}
}

// challengeLine shows a challenge compactly: scheme, realm, other params.
func challengeLine(c diagnose.Challenge) string {
	var b strings.Builder
	b.WriteString(visible(c.Scheme))
	if c.Realm != "" {
		fmt.Fprintf(&b, " realm=%q", c.Realm)
	}
	var names []string
	for n := range c.Params {
		if n != "realm" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, " %s=%q", visible(n), text.Clip(c.Params[n], 60))
	}
	if c.Token != "" {
		b.WriteString(" (token)")
	}
	return b.String()
}

// wrap prints text after prefix, wrapped at 78 columns with the
// continuation lines indented like the first.
func wrap(w io.Writer, prefix, text string) {
	const width = 78
	indent := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	line := prefix
	col := utf8.RuneCountInString(prefix)
	first := true
	for _, word := range strings.Fields(text) {
		n := utf8.RuneCountInString(word)
		if !first && col+1+n > width {
			fmt.Fprintln(w, line)
			line, col, first = indent, len(indent), true
		}
		if !first {
			line += " "
			col++
		}
		line += word
		col += n
		first = false
	}
	fmt.Fprintln(w, line)
}
