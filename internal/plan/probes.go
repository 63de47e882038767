package plan

import (
	"strconv"
	"strings"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/response/block"
	"github.com/sesame-help/sesame/internal/site/discover"
	"github.com/sesame-help/sesame/internal/urls/parents"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Bounds of the probes.
const (
	// MaxProbes is how many probes one refused page gets, over all phases.
	MaxProbes = 16
	// MaxParents is how many parent folders (below the site root) are
	// checked, nearest first.
	MaxParents = 4
	// MaxLoginPaths is how many of discover.CommonLoginPaths are checked.
	MaxLoginPaths = 6
	// MaxPhases is the number of phases: Probes returns nothing after
	// results for this many.
	MaxPhases = 2

	// PageBytes is how much of a page (parent, home) is read, for its
	// links.
	PageBytes = 1 << 20
	// TextBytes is how much of security.txt and humans.txt is read.
	TextBytes = 32 << 10
	// SitemapBytes is how much of a sitemap is read.
	SitemapBytes = 1 << 20
	// LoginPageBytes is how much of a probed login path is read, to see
	// its password field.
	LoginPageBytes = 256 << 10
)

// The purposes of probes.
const (
	PurposeParent         = "parent"          // a parent folder: does it answer 2xx?
	PurposeHome           = "home"            // the home page: status and links
	PurposePage           = "page"            // the links of the nearest working parent
	PurposeChangePassword = "change-password" // /.well-known/change-password
	PurposeNonexistent    = "nonexistent"     // must not answer 2xx
	PurposeSecurityTxt    = "security-txt"    // RFC 9116
	PurposeSitemap        = "sitemap"         // sitemap.xml, or one sitemap of its index
	PurposeHumans         = "humans-txt"      // humans.txt
	PurposeLogin          = "login"           // a common login path
)

// Probe is one request the extension makes for Decide: always to the
// refused page's origin, always GET, never with a body of its own.
type Probe struct {
	// ID names the probe; the Result carries it back.
	ID string `json:"id"`
	// URL is the absolute URL to request.
	URL string `json:"url"`
	// Method is "GET".
	Method string `json:"method"`
	// MaxBytes is how much of the response body to read and return; 0
	// means the status and final URL suffice: cancel the body.
	MaxBytes int `json:"maxBytes"`
	// Purpose says why (one of the Purpose constants), for people
	// debugging; the extension does not need it.
	Purpose string `json:"purpose"`
}

// Probes returns the requests the extension should make next for the
// refused page in.Report, given the results it already has in in.Results.
// The first call (no results) returns the first phase; a call with every
// result of a phase returns the next one, whose probes depend on those
// results (the page of the nearest working parent, the legacy
// security.txt, a sitemap named by a sitemap index, common login paths
// when no page named a login page). An empty slice means done. Probes
// already answered are never returned again, at most MaxProbes probes are
// ever returned for one report, and there are at most MaxPhases phases.
func Probes(in Input) []Probe {
	return newSchedule(&in).next()
}

// next returns the probes of the first phase that still lacks results.
func (s *schedule) next() []Probe {
	for _, phase := range s.phases {
		var out []Probe
		for _, p := range phase {
			if _, ok := s.results[p.ID]; !ok {
				out = append(out, p)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return []Probe{}
}

// schedule is the plan of probes for one input, as far as the results
// decide it, and the results that match it.
type schedule struct {
	in       *Input
	page     parents.Result
	origin   string // scheme://host[:port], no slash
	ok       bool   // the report's URL is one to probe
	phases   [][]Probe
	byID     map[string]Probe
	results  map[string]*Result
	parents  []string // probed parents, nearest first (below the root)
	homeID   string   // "" when the refused page is the home page
	loginish bool     // login pages are worth looking for
	open     bool     // other pages of the site may work
	found    *found   // discoveries, shared with Decide
}

func newSchedule(in *Input) *schedule {
	s := &schedule{in: in, byID: map[string]Probe{}, results: map[string]*Result{}}
	s.found = newFound(s)
	r := &in.Report
	p, err := parents.Of(r.URL)
	if err != nil {
		s.phases = [][]Probe{}
		return s
	}
	s.page = p
	s.origin = strings.TrimSuffix(p.Home, "/")
	s.ok = true
	s.loginish = r.Status == 401 && !loginBox(r) && r.Kind != diagnose.KindProxy
	s.phases = append(s.phases, s.phase1())
	s.phases = append(s.phases, s.phase2())
	return s
}

// add appends a probe to the phase unless the budget is spent.
func (s *schedule) add(phase *[]Probe, id, path string, maxBytes int, purpose string) {
	if len(s.byID) >= MaxProbes {
		return
	}
	u := path
	if strings.HasPrefix(path, "/") {
		u = s.origin + path
	}
	p := Probe{ID: id, URL: u, Method: "GET", MaxBytes: maxBytes, Purpose: purpose}
	s.byID[id] = p
	*phase = append(*phase, p)
	s.take(id)
}

// take records the result for a probe: the first with its ID whose URL is
// the probe's URL. Results for other IDs or URLs are ignored. A result
// whose FinalURL is not on the refused page's origin (or not an http(s)
// URL at all) counts as a failed request: nothing another site answered
// is ever used, whatever the extension reported.
func (s *schedule) take(id string) {
	p := s.byID[id]
	for i := range s.in.Results {
		if i == maxResults {
			break
		}
		r := &s.in.Results[i]
		if r.ID == id && r.URL == p.URL {
			if !s.ownFinalURL(r) {
				r = &Result{ID: r.ID, URL: r.URL, Error: errElsewhere}
			}
			s.results[id] = r
			return
		}
	}
}

// errElsewhere is the Error a result is given when it ended on another
// origin than the refused page's: the extension reports a redirect to
// another origin this way without following it, and Probes and Decide
// treat any result whose FinalURL has another origin the same way.
const errElsewhere = "redirected to another origin, not followed"

// ownFinalURL reports whether a result ended on the refused page's
// origin: no FinalURL (no redirect), or an absolute http(s) FinalURL
// without user-info on that origin.
func (s *schedule) ownFinalURL(r *Result) bool {
	if r.FinalURL == "" {
		return true
	}
	u, err := url.Parse(r.FinalURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Opaque != "" {
		return false
	}
	return s.sameOrigin(u)
}

// maxResults is how many results are looked at.
const maxResults = 4 * MaxProbes

// scope reports which probing the report calls for: open (the whole
// set) or closed (only the home page and the contact files), or none.
func (s *schedule) scope() (open, closed bool) {
	r := &s.in.Report
	switch r.Kind {
	case diagnose.KindOK, diagnose.KindNotHTTP, diagnose.KindProxy, diagnose.KindRateLimited:
		return false, false
	}
	if r.Block != nil && r.Block.Kind == block.KindRateLimit {
		return false, false
	}
	if siteClosed(r) {
		return false, true
	}
	return true, false
}

// siteClosed reports a block that closes the whole site to the visitor
// (a challenge, an IP or country block, a proxy refusing): other pages
// fail too.
func siteClosed(r *diagnose.Report) bool {
	if r.Block == nil {
		return false
	}
	switch r.Block.Kind {
	case block.KindChallenge, block.KindIP, block.KindCountry, block.KindRateLimit, block.KindProxy:
		return true
	}
	return false
}

// loginBox reports that signing in is the browser's own box (the report's
// login action has no URL).
func loginBox(r *diagnose.Report) bool {
	for _, a := range r.Actions {
		if a.Kind == diagnose.ActionLogin && a.URL == "" {
			return true
		}
	}
	return false
}

func (s *schedule) phase1() []Probe {
	ph := []Probe{}
	open, closed := s.scope()
	if !open && !closed {
		return ph
	}
	s.open = open
	if len(s.page.Ancestors) > 0 {
		s.homeID = "home"
	}
	if open {
		for i, a := range s.page.Ancestors {
			if a == s.page.Home || len(s.parents) == MaxParents {
				break
			}
			n := 0
			if i == 0 {
				n = PageBytes // the nearest parent is the likeliest to work
			}
			s.parents = append(s.parents, a)
			s.add(&ph, "parent-"+strconv.Itoa(i+1), a, n, PurposeParent)
		}
	}
	if s.homeID != "" {
		s.add(&ph, s.homeID, s.page.Home, PageBytes, PurposeHome)
	}
	if s.loginish && open {
		s.add(&ph, "change-password", discover.ChangePasswordPath, 0, PurposeChangePassword)
		s.add(&ph, "nonexistent", discover.NonexistentPath, 0, PurposeNonexistent)
	}
	s.add(&ph, "security-txt", "/.well-known/security.txt", TextBytes, PurposeSecurityTxt)
	if open {
		s.add(&ph, "sitemap", "/sitemap.xml", SitemapBytes, PurposeSitemap)
	}
	s.add(&ph, "humans-txt", "/humans.txt", TextBytes, PurposeHumans)
	return ph
}

// phase2 needs every result of phase 1; until then it is empty.
func (s *schedule) phase2() []Probe {
	ph := []Probe{}
	if len(s.phases) == 0 {
		return ph
	}
	for _, p := range s.phases[0] {
		if _, ok := s.results[p.ID]; !ok {
			return ph
		}
	}
	if len(s.phases[0]) == 0 {
		return ph
	}
	if _, ok := s.securityTxt("security-txt"); !ok {
		s.add(&ph, "security-txt-legacy", "/security.txt", TextBytes, PurposeSecurityTxt)
	}
	if i := s.nearestWorking(); i > 0 {
		s.add(&ph, "page-"+strconv.Itoa(i+1), s.parents[i], PageBytes, PurposePage)
	}
	if m, ok := s.sitemap("sitemap"); ok && len(m.URLs) == 0 {
		for _, sm := range m.Sitemaps {
			if u, err := url.Parse(sm); err == nil && s.sameOrigin(u) {
				path := u.EscapedPath()
				if path == "" {
					path = "/"
				}
				if u.RawQuery != "" {
					path += "?" + u.RawQuery
				}
				s.add(&ph, "sitemap-child", path, SitemapBytes, PurposeSitemap)
				break
			}
		}
	}
	if s.loginish && s.open && len(s.found.login()) == 0 {
		for i, path := range discover.CommonLoginPaths {
			if i == MaxLoginPaths {
				break
			}
			s.add(&ph, "login-"+strconv.Itoa(i+1), path, LoginPageBytes, PurposeLogin)
		}
	}
	return ph
}
