package diagnose

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/lite/text"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"github.com/sesame-help/sesame/internal/response/block"
	"github.com/sesame-help/sesame/internal/response/challenge"
	"github.com/sesame-help/sesame/internal/response/iis"
	"github.com/sesame-help/sesame/internal/response/retryafter"
	"github.com/sesame-help/sesame/internal/site/discover"
	"github.com/sesame-help/sesame/internal/urls/parents"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Limits Diagnose applies to its input.
const (
	// MaxBody is how much of the page is examined; the rest is dropped
	// and a note says so.
	MaxBody = 2 << 20
	// MaxHeaderBytes caps the total size of the header names and values
	// examined; later headers are dropped and a note says so.
	MaxHeaderBytes = 256 << 10
	// MaxRedirects caps the redirect chain kept in the report.
	MaxRedirects = 20
	// maxParam caps a page- or server-derived message parameter.
	maxParam = 300
)

// The kinds of report.
const (
	KindOK               = "ok"
	KindBasic            = "basic"
	KindDigest           = "digest"
	KindBearer           = "bearer"
	KindNegotiate        = "negotiate"
	KindAuthOther        = "auth-other"
	KindAuthSeveral      = "auth-several"
	KindLoginRequired    = "login-required"
	KindLoginFailed      = "login-failed"
	KindIIS              = "iis"
	KindProxy            = "proxy"
	KindForbidden        = "forbidden"
	KindBlocked          = "blocked"
	KindDirectoryListing = "directory-listing"
	KindRateLimited      = "rate-limited"
	KindOther            = "other"
	KindNotHTTP          = "not-http"
)

// Kinds lists every report kind.
var Kinds = []string{
	KindOK, KindBasic, KindDigest, KindBearer, KindNegotiate, KindAuthOther, KindAuthSeveral,
	KindLoginRequired, KindLoginFailed, KindIIS, KindProxy, KindForbidden, KindBlocked,
	KindDirectoryListing, KindRateLimited, KindOther, KindNotHTTP,
}

// ActionKinds lists the action kinds Diagnose emits.
var ActionKinds = []string{ActionLogin, ActionReset, ActionHTTPS, ActionParent, ActionHome, ActionReload}

// family groups authentication schemes by what the browser does with them.
type family int

const (
	famOther   family = iota
	famBasic          // Basic: the browser's sign-in box
	famDigest         // Digest: the browser's sign-in box
	famBearer         // Bearer: tokens, apps and APIs
	famWindows        // Negotiate, NTLM, Kerberos: Windows sign-in
)

func familyOf(scheme string) family {
	switch strings.ToLower(scheme) {
	case "basic":
		return famBasic
	case "digest":
		return famDigest
	case "bearer":
		return famBearer
	case "negotiate", "ntlm", "kerberos":
		return famWindows
	}
	return famOther
}

// browserSignIn reports whether the browser itself can sign in for the
// family (with its own box or Windows integrated sign-in).
func (f family) browserSignIn() bool {
	return f == famBasic || f == famDigest || f == famWindows
}

// state carries a diagnosis under way.
type state struct {
	in      Input
	r       Report
	header  block.Header // lower-case names
	page    *parents.Result
	base    *url.URL // the URL without credentials, for resolving links
	now     time.Time
	fams    map[family]bool
	blk     *block.Result
	iisCode *iis.Status
	found   *discover.Page
	posts   map[string]bool // targets of the error page's POST forms (postOnly)
}

// Diagnose classifies one response and lists the ways forward. It never
// panics and always returns a report whose slices are non-nil. A URL that
// is not an absolute http or https URL gives a report of kind "not-http".
func Diagnose(in Input) Report {
	return diagnose(in).r
}

// diagnose runs a diagnosis and returns its state: the report and what
// was read to make it.
func diagnose(in Input) *state {
	s := &state{in: in, r: emptyReport(in.Status)}
	s.limit()
	s.now = time.Now()
	if in.Now != "" {
		if t, ok := timeparse.Parse(time.RFC3339, in.Now); ok {
			s.now = t
		}
	}
	if !s.url() {
		return s
	}
	s.redirects()
	s.headers()
	if s.proxyConnect() {
		s.r.Notes = append(s.r.Notes, kNoteProxyConnect.msg())
	}
	if s.r.Status < 100 || s.r.Status > 999 {
		s.r.Notes = append(s.r.Notes, kNoteStatusInvalid.msgInt(s.r.Status))
	}
	s.challenges()
	s.substatus()
	s.block()
	s.classify()
	s.advise()
	s.retryAfter()
	s.actions()
	return s
}

func emptyReport(status int) Report {
	return Report{
		Status:     status,
		Challenges: []Challenge{},
		Advice:     []Message{},
		Actions:    []Action{},
		Ancestors:  []string{},
		Notes:      []Message{},
		Redirects:  []string{},
	}
}

// limit applies MaxBody and MaxHeaderBytes to the input.
func (s *state) limit() {
	if len(s.in.Body) > MaxBody {
		s.in.Body = text.Prefix(s.in.Body, MaxBody)
		s.r.Notes = append(s.r.Notes, kNoteBodyTruncated.msg("2 MiB"))
	}
	total := 0
	for i, h := range s.in.Headers {
		total += len(h.Name) + len(h.Value)
		if total > MaxHeaderBytes {
			s.in.Headers = s.in.Headers[:i]
			s.r.Notes = append(s.r.Notes, kNoteHeadersTruncated.msg())
			break
		}
	}
}

// url checks and normalises the URL; it reports false (with the report
// finished) when the URL is not one Sesame can diagnose.
func (s *state) url() bool {
	p, err := parents.Of(s.in.URL)
	if err != nil {
		s.r.Kind = KindNotHTTP
		// parents.Of returns its *SchemeError unwrapped: a type assertion
		// does what errors.As would without linking reflection.
		if se, _ := err.(*parents.SchemeError); se != nil && se.Scheme != "" && se.Scheme != "http" && se.Scheme != "https" {
			s.r.Advice = append(s.r.Advice, kKindNotHTTP.msg(clip(se.Scheme, 40)))
		} else {
			s.r.Advice = append(s.r.Advice, kKindNotURL.msg())
		}
		return false
	}
	s.page = &p
	s.r.Ancestors = append(s.r.Ancestors, p.Ancestors...)
	u, err := url.Parse(strings.TrimSpace(s.in.URL))
	if err != nil { // parents.Of parsed it, so this does not happen
		u = &url.URL{Scheme: "https", Host: p.Host, Path: "/"}
	}
	if u.User != nil {
		s.r.Notes = append(s.r.Notes, kNoteCredentialsRemoved.msg())
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	u.Host = p.Host
	u.Scheme = strings.ToLower(u.Scheme)
	s.base = u
	s.r.URL = u.String()
	return true
}

// redirects copies the redirect chain, without credentials.
func (s *state) redirects() {
	for i, raw := range s.in.Redirects {
		if i == MaxRedirects {
			break
		}
		if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			u.User = nil
			u.Fragment, u.RawFragment = "", ""
			s.r.Redirects = append(s.r.Redirects, u.String())
		}
	}
	if n := len(s.in.Redirects); n > 0 {
		s.r.Notes = append(s.r.Notes, kNoteRedirected.msgInt(n))
	}
}

func (s *state) headers() {
	s.header = block.Header{}
	for _, h := range s.in.Headers {
		n := strings.ToLower(strings.TrimSpace(h.Name))
		if n == "" {
			continue
		}
		s.header[n] = append(s.header[n], h.Value)
	}
}

// challenges parses WWW-Authenticate (or Proxy-Authenticate on a 407).
func (s *state) challenges() {
	name, proxy := "www-authenticate", false
	if s.r.Status == 407 {
		name, proxy = "proxy-authenticate", true
	}
	values := s.header[name]
	if len(values) == 0 {
		return
	}
	cs, err := challenge.Parse(values...)
	if err != nil {
		display := "WWW-Authenticate"
		if proxy {
			display = "Proxy-Authenticate"
		}
		s.r.Notes = append(s.r.Notes, kNoteHeaderMalformed.msg(display))
	}
	s.fams = map[family]bool{}
	for _, c := range cs {
		params := make(map[string]string, len(c.Params))
		for _, p := range c.Params {
			if _, dup := params[p.Name]; !dup {
				params[p.Name] = p.Value
			}
		}
		s.r.Challenges = append(s.r.Challenges, Challenge{
			Scheme: challenge.Canonical(c.Scheme),
			Realm:  c.Realm(),
			Token:  c.Token68,
			Params: params,
			Proxy:  proxy,
		})
		s.fams[familyOf(c.Scheme)] = true
	}
}

// substatus finds an IIS sub-status matching the response status.
func (s *state) substatus() {
	if s.r.Status != 401 && s.r.Status != 403 {
		return
	}
	st, ok := iis.Find(s.in.Body)
	if !ok || st.Status != s.r.Status {
		return
	}
	s.iisCode = &st
	k := iisKey(st)
	s.r.Substatus = &Substatus{Code: st.Code, Key: k.name(), Params: []string{st.Code}}
}

// iisKey returns the message key explaining an IIS sub-status.
func iisKey(st iis.Status) key {
	switch st.Code {
	case "401.1":
		return kIIS4011
	case "401.2":
		return kIIS4012
	case "401.3":
		return kIIS4013
	case "401.4":
		return kIIS4014
	case "401.5":
		return kIIS4015
	case "401.503", "403.6", "403.8", "403.503", "403.504":
		return kIISIP
	case "401.501", "401.502", "403.9", "403.15", "403.501", "403.502":
		return kIISBusy
	case "403.1", "403.2", "403.3", "403.10", "403.18", "403.19", "403.21", "403.22":
		return kIIS403Permission
	case "403.4", "403.5":
		return kIIS403Ssl
	case "403.7", "403.12", "403.13", "403.16", "403.17":
		return kIIS403Cert
	case "403.11", "403.20":
		return kIIS403Password
	case "403.14":
		return kIIS40314
	}
	return kIISUnknown
}

// iisBlock turns an IIS sub-status that is a block into one.
func iisBlock(st iis.Status) (block.Result, bool) {
	switch iisKey(st) {
	case kIISIP:
		return block.Result{Vendor: "iis", Kind: block.KindIP, Code: st.Code}, true
	case kIISBusy:
		return block.Result{Vendor: "iis", Kind: block.KindRateLimit, Code: st.Code}, true
	case kIIS40314:
		return block.Result{Vendor: "iis", Kind: block.KindDirectoryListing, Code: st.Code}, true
	}
	return block.Result{}, false
}

// block recognises WAF, CDN, storage and server blocks. On a status below
// 400 only unmistakable header signals count (an AWS WAF challenge answers
// 202, for example), so that a normal page mentioning a firewall is not
// taken for a block.
func (s *state) block() {
	if s.r.Status == 401 || s.r.Status == 407 {
		return // sign-in problems, explained by the challenges
	}
	if s.proxyConnect() {
		if s.r.Status >= 400 && s.r.Status <= 499 {
			s.setBlock(block.Proxy(s.header))
		}
		return // the site was never reached: its page says nothing
	}
	if s.r.Status < 400 && s.header.Get("cf-mitigated") == "" && s.header.Get("x-amzn-waf-action") == "" &&
		s.header.Get("x-vercel-mitigated") == "" {
		return
	}
	res, ok := block.Detect(block.Input{URL: s.r.URL, Status: s.r.Status, Header: s.header, Body: s.in.Body})
	if s.iisCode != nil && (!ok || res.Vendor == "" || res.Kind == block.KindDirectoryListing) {
		// The IIS sub-status is more precise than a guess from the words
		// of its page or from the URL.
		res, ok = iisBlock(*s.iisCode)
	}
	if !ok {
		return
	}
	s.setBlock(res)
}

// setBlock records the block res in the report.
func (s *state) setBlock(res block.Result) {
	s.blk = &res
	k := blockKey(res.Kind)
	s.r.Block = &Block{
		Vendor:    res.Vendor,
		Name:      block.VendorName(res.Vendor),
		Kind:      res.Kind,
		Reference: clip(res.Reference, maxParam),
		Code:      clip(res.Code, maxParam),
		Key:       k.name(),
	}
}

func blockKey(kind string) key {
	switch kind {
	case block.KindChallenge:
		return kBlockChallenge
	case block.KindBot:
		return kBlockBot
	case block.KindIP:
		return kBlockIP
	case block.KindCountry:
		return kBlockCountry
	case block.KindRateLimit:
		return kBlockRateLimit
	case block.KindDirectoryListing:
		return kBlockDirectoryListing
	case block.KindAccessDenied:
		return kBlockAccessDenied
	case block.KindExpiredLink:
		return kBlockExpiredLink
	case block.KindProxy:
		return kBlockProxy
	}
	return kBlockWaf
}

func (s *state) method() string {
	m := strings.ToUpper(strings.TrimSpace(s.in.Method))
	if m == "" {
		return "GET"
	}
	return m
}

// proxyConnect reports that a proxy answered the CONNECT of an https URL
// (method CONNECT): the site itself was never reached.
func (s *state) proxyConnect() bool { return s.method() == "CONNECT" }

// classify sets the report's kind.
func (s *state) classify() {
	st := s.r.Status
	switch {
	case st < 100 || st > 999:
		s.r.Kind = KindOther
	case st < 400:
		s.r.Kind = KindOK
		if s.blk != nil {
			s.r.Kind = KindBlocked
		}
	case st == 407:
		s.r.Kind = KindProxy
	case st == 401:
		s.r.Kind = s.classify401()
	case s.blk != nil:
		switch s.blk.Kind {
		case block.KindDirectoryListing:
			s.r.Kind = KindDirectoryListing
		case block.KindRateLimit:
			s.r.Kind = KindRateLimited
		case block.KindAccessDenied, block.KindExpiredLink:
			s.r.Kind = KindForbidden
		default:
			s.r.Kind = KindBlocked
		}
	case st == 403:
		s.r.Kind = KindForbidden
	case st == 429:
		s.r.Kind = KindRateLimited
	default:
		s.r.Kind = KindOther
	}
}

func (s *state) classify401() string {
	post := s.method() == "POST"
	browser := false
	for f := range s.fams {
		if f.browserSignIn() {
			browser = true
		}
	}
	switch {
	case len(s.fams) == 0 && post:
		return KindLoginFailed
	case len(s.fams) == 0 && s.iisCode != nil:
		return KindIIS
	case len(s.fams) == 0:
		return KindLoginRequired
	case post && !browser:
		return KindLoginFailed
	}
	only := func(fs ...family) bool {
		for f := range s.fams {
			ok := false
			for _, g := range fs {
				ok = ok || f == g
			}
			if !ok {
				return false
			}
		}
		return true
	}
	switch {
	case only(famBasic):
		return KindBasic
	case only(famBasic, famDigest):
		return KindDigest // browsers prefer Digest when both are offered
	case only(famWindows):
		return KindNegotiate
	case only(famBearer):
		return KindBearer
	case only(famOther):
		return KindAuthOther
	}
	return KindAuthSeveral
}

// schemes lists the schemes of the challenges, without duplicates.
func (s *state) schemes() string {
	var out []string
	seen := map[string]bool{}
	for _, c := range s.r.Challenges {
		k := strings.ToLower(c.Scheme)
		if !seen[k] {
			seen[k] = true
			out = append(out, c.Scheme)
		}
	}
	return clip(strings.Join(out, ", "), maxParam)
}

// advise writes the advice: what happened first, then the details.
func (s *state) advise() {
	add := func(m Message) { s.r.Advice = append(s.r.Advice, m) }
	switch s.r.Kind {
	case KindOK:
		add(kKindOk.msgInt(s.r.Status))
	case KindBasic:
		add(kKindBasic.msg())
	case KindDigest:
		add(kKindDigest.msg())
	case KindBearer:
		add(kKindBearer.msg())
	case KindNegotiate:
		add(kKindNegotiate.msg())
	case KindAuthOther:
		add(kKindAuthOther.msg(s.schemes()))
	case KindAuthSeveral:
		add(kKindAuthSeveral.msg(s.schemes()))
	case KindLoginRequired:
		add(kKindLoginRequired.msg())
	case KindLoginFailed:
		add(kKindLoginFailed.msg())
	case KindIIS:
		add(kKindIIS.msg(s.iisCode.Code))
	case KindProxy:
		add(kKindProxy.msg())
	case KindForbidden:
		add(kKindForbidden.msg())
	case KindBlocked:
		add(kKindBlocked.msg())
	case KindDirectoryListing:
		add(kKindDirectoryListing.msg())
	case KindRateLimited:
		add(kKindRateLimited.msg())
	default:
		add(kKindOther.msgInt(s.r.Status))
	}
	if s.r.Status == 401 || s.r.Status == 407 {
		s.adviseChallenges(add)
	}
	if s.r.Substatus != nil {
		add(iisKey(*s.iisCode).msg(s.iisCode.Code))
	}
	if b := s.r.Block; b != nil {
		if b.Kind != block.KindDirectoryListing || s.r.Kind != KindDirectoryListing {
			add(blockKey(b.Kind).msg())
		}
		if b.Name != "" && !block.WebServer(b.Vendor) {
			add(kBlockVendor.msg(b.Name))
		}
		if b.Reference != "" {
			add(kBlockReference.msg(b.Reference))
		}
	}
}

// adviseChallenges explains the details of the challenges: realm, charset,
// algorithm, Bearer errors, Windows settings, a failed form.
func (s *state) adviseChallenges(add func(Message)) {
	realm := ""
	var bearer *Challenge
	utf8Charset, stale := false, false
	algorithm := ""
	for i := range s.r.Challenges {
		c := &s.r.Challenges[i]
		f := familyOf(c.Scheme)
		if realm == "" && c.Realm != "" && (f != famBearer || s.r.Kind == KindBearer) {
			realm = c.Realm
		}
		switch f {
		case famBasic:
			if strings.EqualFold(c.Params["charset"], "utf-8") {
				utf8Charset = true
			}
		case famDigest:
			if algorithm == "" {
				algorithm = c.Params["algorithm"]
			}
			if strings.EqualFold(c.Params["stale"], "true") {
				stale = true
			}
		case famBearer:
			if bearer == nil {
				bearer = c
			}
		}
	}
	if realm != "" && !looksLikeURL(realm) {
		add(kAuthRealm.msg(clip(realm, maxParam)))
	}
	if utf8Charset {
		add(kAuthCharsetUTF8.msg())
	}
	if algorithm != "" {
		add(kAuthDigestAlgorithm.msg(clip(algorithm, 40)))
	}
	if stale {
		add(kAuthStale.msg())
	}
	if (s.fams[famBasic] || s.fams[famDigest]) && s.r.Status != 407 && s.insecure() {
		add(kAuthInsecureHTTP.msg())
	}
	if bearer != nil {
		switch e := bearer.Params["error"]; e {
		case "":
		case "invalid_token":
			add(kAuthBearerInvalidToken.msg())
		case "insufficient_scope":
			add(kAuthBearerInsufficientScope.msg())
		case "invalid_request":
			add(kAuthBearerInvalidRequest.msg())
		default:
			add(kAuthBearerError.msg(clip(e, 80)))
		}
		if d := bearer.Params["error_description"]; d != "" {
			add(kAuthErrorDescription.msg(clip(d, maxParam)))
		}
		if sc := bearer.Params["scope"]; sc != "" && bearer.Params["error"] == "insufficient_scope" {
			add(kAuthBearerScope.msg(clip(sc, maxParam)))
		}
	}
	if s.fams[famWindows] {
		add(kAuthWindowsSettings.msg())
	}
	if s.method() == "POST" && s.r.Kind != KindLoginFailed && len(s.fams) > 0 {
		add(kAuthPostRetry.msg())
	}
}

// insecure reports whether a password would travel unencrypted: plain http
// to a host other than this machine.
func (s *state) insecure() bool {
	if s.base == nil || s.base.Scheme != "http" {
		return false
	}
	h := s.base.Hostname()
	return h != "localhost" && h != "127.0.0.1" && h != "::1" && !strings.HasSuffix(h, ".localhost")
}

func looksLikeURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// retryAfter reads Retry-After (or, for rate limits, X-RateLimit-Reset).
func (s *state) retryAfter() {
	v := s.header.Get("retry-after")
	var t time.Time
	switch {
	case v != "":
		var err error
		t, err = retryafter.Parse(v, s.now)
		if err != nil {
			s.r.Notes = append(s.r.Notes, kNoteRetryAfterInvalid.msg(clip(v, 80)))
			return
		}
	case s.r.Kind == KindRateLimited || s.blk != nil && s.blk.Kind == block.KindRateLimit:
		reset := s.header.Get("x-ratelimit-reset")
		n, err := strconv.ParseInt(reset, 10, 64)
		if err != nil || n <= 0 {
			return
		}
		t = time.Unix(n, 0)
		if n < 1e9 { // a number of seconds, not a Unix time
			t = s.now.Add(time.Duration(n) * time.Second)
		}
		if t.Before(s.now.Add(-time.Hour)) || t.After(s.now.Add(7*24*time.Hour)) {
			return
		}
	default:
		return
	}
	s.r.RetryAfter = timeparse.FormatRFC3339(t)
	s.r.Advice = append(s.r.Advice, waitMessage(t.Sub(s.now), t))
}

// waitMessage words a waiting time.
func waitMessage(d time.Duration, t time.Time) Message {
	switch {
	case d <= time.Second:
		return kRetryAfterNow.msg()
	case d < 120*time.Second:
		return kRetryAfterSeconds.msgInt(int((d + time.Second - 1) / time.Second))
	case d < 120*time.Minute:
		return kRetryAfterMinutes.msgInt(int((d + time.Minute - 1) / time.Minute))
	case d <= 48*time.Hour:
		return kRetryAfterHours.msgInt(int((d + time.Hour - 1) / time.Hour))
	}
	return kRetryAfterDate.msg(timeparse.FormatMinute(t))
}

// actions lists the ways forward, best first: sign in, reset the password,
// switch to https, the parent folders (nearest first), the home page, and
// reload.
func (s *state) actions() {
	k := s.r.Kind
	if k == KindOK {
		return
	}
	add := func(a Action) {
		if a.Params == nil {
			a.Params = []string{}
		}
		s.r.Actions = append(s.r.Actions, a)
	}
	loginBox := false
	switch {
	case k == KindProxy:
		loginBox = true
	case s.r.Status == 401 && k != KindLoginFailed:
		for f := range s.fams {
			if f.browserSignIn() {
				loginBox = true
			}
		}
	}
	if loginBox {
		add(Action{Kind: ActionLogin, Key: kActionLoginBox.name()})
	} else if k == KindBearer || k == KindAuthOther || k == KindLoginRequired || k == KindLoginFailed ||
		k == KindForbidden || k == KindIIS {
		if a, ok := s.formHere(); ok {
			add(a)
		} else if l, ok := s.bestLink(s.discover().Login); ok {
			a := Action{Kind: ActionLogin, URL: l.URL, Key: kActionLoginLink.name(), Label: clip(l.Text, 200)}
			if l.CrossSite {
				a.Host = l.Host
				a.Key = kActionLoginLinkHost.name()
				a.Params = []string{clip(l.Host, 253)}
			}
			add(a)
		}
	}
	if k == KindLoginFailed {
		if l, ok := s.bestLink(s.discover().Reset); ok && !l.CrossSite {
			add(Action{Kind: ActionReset, URL: l.URL, Key: kActionReset.name(), Label: clip(l.Text, 200)})
		}
	}
	if s.iisCode != nil && iisKey(*s.iisCode) == kIIS403Ssl && s.base.Scheme == "http" {
		u := *s.base
		u.Scheme = "https"
		if p := u.Port(); p == "80" || p == "" {
			u.Host = u.Hostname()
			if strings.Contains(u.Host, ":") {
				u.Host = "[" + u.Host + "]"
			}
		}
		add(Action{Kind: ActionHTTPS, URL: u.String(), Key: kActionHTTPS.name()})
	}
	if s.navigable() {
		first := true
		for _, a := range s.page.Ancestors {
			if a == s.page.Home {
				break
			}
			kk := kActionParent
			if first {
				kk = kActionParentUp
				first = false
			}
			add(Action{Kind: ActionParent, URL: a, Key: kk.name(), Params: []string{clip(displayPath(a, s.page.Home), maxParam)}})
		}
		if s.r.URL != s.page.Home {
			add(Action{Kind: ActionHome, URL: s.page.Home, Key: kActionHome.name(), Params: []string{s.page.DisplayHost}})
		}
	}
	if !loginBox {
		add(Action{Kind: ActionReload, Key: kActionReload.name()})
	}
}

// navigable reports whether other pages of the site may work: not when the
// whole site (or the whole web, for a proxy) is closed to this visitor, nor
// when a proxy answered instead of the site.
func (s *state) navigable() bool {
	if s.r.Kind == KindProxy || s.r.Kind == KindRateLimited || s.proxyConnect() {
		return false
	}
	if s.blk != nil {
		switch s.blk.Kind {
		case block.KindChallenge, block.KindIP, block.KindCountry, block.KindRateLimit, block.KindProxy:
			return false
		}
	}
	return true
}

// discover finds the links on the error page, once.
func (s *state) discover() discover.Page {
	if s.found == nil {
		p := discover.HTML(s.in.Body, s.base)
		s.found = &p
	}
	return *s.found
}

// bestLink returns the first candidate that does not imitate another site
// and that a person can open: not the refused page itself, and not the
// target of a POST form on it (a handler that may only take the form, such
// as mod_auth_form's, which answers 405 to GET) unless a link leads there
// too.
func (s *state) bestLink(links []discover.Link) (discover.Link, bool) {
	for _, l := range links {
		if !l.LookAlike && l.URL != s.r.URL && !s.postOnly(l.URL) {
			return l, true
		}
	}
	return discover.Link{}, false
}

// displayPath returns the path of an ancestor URL for a button label,
// percent-decoded when that gives valid text.
func displayPath(u, home string) string {
	p := "/" + strings.TrimPrefix(u, home)
	if d, err := url.PathUnescape(p); err == nil && utf8.ValidString(d) && !strings.ContainsAny(d, "\x00\r\n") {
		return d
	}
	return p
}

// clip trims the white space around a server- or page-derived string and
// shortens it to at most n bytes with text.Clip.
func clip(s string, n int) string {
	return text.Clip(strings.TrimSpace(s), n)
}
