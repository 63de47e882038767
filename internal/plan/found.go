package plan

import (
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/site/discover"
	"github.com/sesame-help/sesame/internal/site/securitytxt"
	"github.com/sesame-help/sesame/internal/site/sitemap"

	"github.com/sesame-help/sesame/internal/urls/origin"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// found holds what the error page and the probe results tell, each
// computed once.
type found struct {
	s       *schedule
	base    *url.URL // the refused page's URL, nil when not http(s)
	errPage *discover.Page
	pages   map[string]*discover.Page
	logins  []discover.Link
	loginOK bool
}

func newFound(s *schedule) *found {
	f := &found{s: s, pages: map[string]*discover.Page{}}
	if u, err := url.Parse(s.in.Report.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		f.base = u
	}
	return f
}

// refresh forgets what depends on results that came in after it was
// computed: pages not fetched then, and the login candidates. Pages
// already discovered stay: their results do not change.
func (f *found) refresh() {
	for id, p := range f.pages {
		if p == nil {
			delete(f.pages, id)
		}
	}
	f.logins, f.loginOK = nil, false
}

// result returns the result of probe id when there is one.
func (s *schedule) result(id string) (*Result, bool) {
	r, ok := s.results[id]
	return r, ok
}

// success reports a result that answered 2xx.
func success(r *Result) bool {
	return r != nil && r.Error == "" && r.Status >= 200 && r.Status <= 299
}

// finalURL returns where the probe ended after redirects.
func (s *schedule) finalURL(r *Result) *url.URL {
	if r.FinalURL != "" {
		if u, err := url.Parse(r.FinalURL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			u.User = nil
			u.Fragment, u.RawFragment = "", ""
			return u
		}
	}
	u, _ := url.Parse(r.URL) // r.URL is the probe's URL, which parses
	return u
}

// sameOrigin reports whether u is on the refused page's origin.
func (s *schedule) sameOrigin(u *url.URL) bool {
	return origin.Of(u) == s.origin
}

// working reports a probe that answered 2xx without leaving the origin.
func (s *schedule) working(id string) bool {
	r, ok := s.result(id)
	return ok && success(r) && s.sameOrigin(s.finalURL(r))
}

// body returns a result's body, cut to what the probe asked for.
func (s *schedule) body(id string) string {
	r, ok := s.result(id)
	if !ok {
		return ""
	}
	b := r.Body
	if n := s.byID[id].MaxBytes; len(b) > n {
		b = b[:n]
	}
	return b
}

// nearestWorking returns the index in s.parents of the nearest parent
// that answered 2xx, or -1.
func (s *schedule) nearestWorking() int {
	for i := range s.parents {
		if s.working(parentID(i)) {
			return i
		}
	}
	return -1
}

func parentID(i int) string { return "parent-" + itoa(i+1) }

// nearestPageID returns the ID of the result holding the page of the
// nearest working parent (or the home page), or "".
func (s *schedule) nearestPageID() string {
	switch i := s.nearestWorking(); {
	case i == 0:
		return parentID(0)
	case i > 0:
		if id := "page-" + itoa(i+1); s.working(id) {
			return id
		}
	}
	if s.homeID != "" && s.working(s.homeID) {
		return s.homeID
	}
	return ""
}

// page returns the discoveries on the page a probe fetched, when it
// answered 2xx with HTML.
func (f *found) page(id string) (*discover.Page, bool) {
	if p, ok := f.pages[id]; ok {
		return p, p != nil
	}
	s := f.s
	r, ok := s.result(id)
	if !ok || !success(r) || s.byID[id].MaxBytes == 0 || !htmlType(r.ContentType) {
		f.pages[id] = nil
		return nil, false
	}
	p := discover.HTML(s.body(id), s.finalURL(r))
	f.pages[id] = &p
	return &p, true
}

// htmlType reports a content type that may hold HTML: HTML, XHTML, or none
// given.
func htmlType(ct string) bool {
	ct = strings.ToLower(strings.TrimSpace(ct))
	return ct == "" || strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "application/xhtml")
}

// errorPage returns the discoveries on the error page itself.
func (f *found) errorPage() *discover.Page {
	if f.errPage == nil && f.s.in.errorPage != nil {
		f.errPage = f.s.in.errorPage()
	}
	if f.errPage == nil {
		p := discover.HTML(f.s.in.Page, f.base)
		f.errPage = &p
	}
	return f.errPage
}

// pages returns the discovered pages in order of trust: the error page,
// the home page, the nearest working parent.
func (f *found) all() []*discover.Page {
	out := []*discover.Page{f.errorPage()}
	ids := []string{f.s.homeID, f.s.nearestPageID()}
	for i, id := range ids {
		if id == "" || (i == 1 && id == ids[0]) {
			continue
		}
		if p, ok := f.page(id); ok {
			out = append(out, p)
		}
	}
	return out
}

// withoutSelf drops candidates that are the refused page itself.
func (f *found) withoutSelf(links []discover.Link) []discover.Link {
	out := make([]discover.Link, 0, len(links))
	for _, l := range links {
		if l.URL != f.s.in.Report.URL {
			out = append(out, l)
		}
	}
	return out
}

// login returns the login candidates: the pages' links, parents or the
// home page redirecting to a login page, and common login paths that
// answered with a login page.
func (f *found) login() []discover.Link {
	if f.loginOK {
		return f.logins
	}
	f.loginOK = true
	s := f.s
	var lists [][]discover.Link
	for _, p := range f.all() {
		lists = append(lists, f.withoutSelf(p.Login))
	}
	var extra []discover.Link
	if f.base != nil {
		// A parent or the home page that redirects to a login page.
		for _, id := range append(parentIDs(len(s.parents)), s.homeID) {
			r, ok := s.result(id)
			if id == "" || !ok || r.Error != "" || r.FinalURL == "" || r.FinalURL == r.URL {
				continue
			}
			if l, ok := discover.Score(discover.KindLogin, s.finalURL(r).String(), "", f.base); ok {
				extra = append(extra, l)
			}
		}
		// Common login paths: a page with a password field, or any 2xx
		// when the site does not answer 2xx to everything.
		trusted := s.refusesNonexistent()
		for i := 0; i < MaxLoginPaths; i++ {
			id := "login-" + itoa(i+1)
			r, ok := s.result(id)
			if !ok || !success(r) || !s.sameOrigin(s.finalURL(r)) {
				continue
			}
			final := s.finalURL(r).String()
			if p, ok := f.page(id); ok && p.PasswordForm {
				for _, l := range p.Login {
					if l.URL == final {
						extra = append(extra, l)
					}
				}
				continue
			}
			if trusted {
				if l, ok := discover.Score(discover.KindLogin, final, "", f.base); ok {
					extra = append(extra, l)
				}
			}
		}
	}
	lists = append(lists, f.withoutSelf(extra))
	f.logins = discover.Merge(lists...)
	return f.logins
}

func parentIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = parentID(i)
	}
	return out
}

// refusesNonexistent reports that the site answered the path that must
// not exist with something other than 2xx, so that its 2xx answers mean
// something.
func (s *schedule) refusesNonexistent() bool {
	r, ok := s.result("nonexistent")
	return ok && r.Error == "" && r.Status >= 300
}

// register returns the registration candidates of the pages.
func (f *found) register() []discover.Link {
	var lists [][]discover.Link
	for _, p := range f.all() {
		lists = append(lists, f.withoutSelf(p.Register))
	}
	return discover.Merge(lists...)
}

// reset returns the password-reset candidates of the pages and the
// well-known change-password URL when the site can be trusted on it.
func (f *found) reset() []discover.Link {
	var lists [][]discover.Link
	for _, p := range f.all() {
		lists = append(lists, f.withoutSelf(p.Reset))
	}
	s := f.s
	if r, ok := s.result("change-password"); ok && success(r) && s.refusesNonexistent() && f.base != nil {
		final := s.finalURL(r)
		if s.sameOrigin(final) {
			l, ok := discover.Score(discover.KindReset, final.String(), "", f.base)
			if !ok {
				l = discover.Link{URL: final.String(), Score: discover.MinScore, Host: final.Hostname()}
			}
			lists = append(lists, []discover.Link{l})
		}
	}
	return discover.Merge(lists...)
}

// securityTxt returns the security.txt a probe fetched, when it answered
// 2xx with one.
func (s *schedule) securityTxt(id string) (securitytxt.File, bool) {
	r, ok := s.result(id)
	if !ok || !success(r) {
		return securitytxt.File{}, false
	}
	ct := strings.ToLower(r.ContentType)
	if strings.Contains(ct, "html") {
		return securitytxt.File{}, false
	}
	now := s.in.Now
	if now.IsZero() {
		now = time.Now()
	}
	f, err := securitytxt.Parse([]byte(s.body(id)), now)
	if err != nil || len(f.Contact) == 0 {
		return securitytxt.File{}, false
	}
	return f, true
}

// sitemap returns the sitemap a probe fetched, when it answered 2xx with
// one.
func (s *schedule) sitemap(id string) (sitemap.Result, bool) {
	r, ok := s.result(id)
	if !ok || !success(r) || strings.Contains(strings.ToLower(r.ContentType), "html") {
		return sitemap.Result{}, false
	}
	m, err := sitemap.Parse([]byte(s.body(id)))
	if err != nil {
		return sitemap.Result{}, false
	}
	return m, true
}
